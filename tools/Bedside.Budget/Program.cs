using Bedside.Budget;

// Usage: dotnet run --project tools/Bedside.Budget -c Release -- [--minutes 10] [--block 512] [--core path/Bedside.Core.dll] [--check]
// Without --core it builds firmware/Bedside.Core in Release first. --check: exit code 1 when a limit of issue 3 is exceeded.
double minutes = 10; int block = 512; string core = null; bool check = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--minutes": minutes = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--block": block = int.Parse(args[++i]); break;
        case "--core": core = args[++i]; break;
        case "--check": check = true; break;
        default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
    }
}
if (core == null)
{
    string dir = AppContext.BaseDirectory;
    while (dir != null && !File.Exists(Path.Combine(dir, "firmware", "Bedside.Core", "Bedside.Core.csproj"))) dir = Path.GetDirectoryName(dir);
    if (dir == null) { Console.Error.WriteLine("repository root not found; pass --core"); return 2; }
    core = BudgetMeter.BuildReleaseCore(dir);
}
// The audio engine alone (demo score): its init bytes are what the 96 KB target of issue 3 is about.
var engineRows = BudgetMeter.Run(core, new[] { 16000 }, 10, 2, block);
long engineBytes = engineRows.Max(r => r.InitBytes);
Console.WriteLine($"audio engine alone: {engineBytes} bytes allocated at init (16 kHz, limit {new BudgetLimits().MaxInitBytes})");
Console.WriteLine();
// The sensor thread (issue 5): the sensing pipelines on synthetic device streams at the device rates.
var (ppgStream, edaStream) = BudgetMeter.SyntheticSensorStreams((int)Math.Max(60, minutes * 60), 125, 16);
var sc = BudgetMeter.RunSensing(core, ppgStream, 125, edaStream, 16);
Console.WriteLine($"sensor thread: {sc.IlPerPpgSample:F1} IL/PPG sample, {sc.IlPerEdaSample:F1} IL/EDA sample (limit 300 each), {sc.IlPerUpdate:F0} IL per 100 ms Update, {sc.Allocations} allocations");
var sensingBad = new List<string>();
if (sc.IlPerPpgSample > 300 || sc.IlPerEdaSample > 300 || sc.Allocations > 0) sensingBad.Add($"sensing: {sc.IlPerPpgSample:F1} / {sc.IlPerEdaSample:F1} IL per sample, {sc.Allocations} allocations");
Console.WriteLine();
// The learned melody and harmony networks (control rate, one step per note or chord).
var nc = NetworkBudget.Run(core);
Console.WriteLine(NetworkBudget.Format(nc));
if (nc.IlPerSampleAtPainRate > 2 || nc.Allocations > 0) sensingBad.Add($"networks: {nc.IlPerSampleAtPainRate:F2} IL/sample at the Pain rate, {nc.Allocations} allocations");
Console.WriteLine();
// The device's audio thread as it runs: BedsideUnit (therapy + composer driving the engine) rendering each program.
Console.WriteLine($"audio thread (BedsideUnit: control tick every 50 ms + render), {minutes:0.#} simulated minutes per program and rate; init bytes = whole unit");
var rows = BudgetMeter.RunUnit(core, new[] { 16000, 22050 }, minutes * 60, 2, block);
var bad = BudgetMeter.Check(rows, new BudgetLimits(), checkBytes: false);
bad.AddRange(BudgetMeter.Check(engineRows, new BudgetLimits()).Where(b => b.Contains("bytes")));
var worst = BudgetMeter.Worst(rows);
Console.WriteLine(BudgetMeter.Format(rows).Replace(
    $"{worst.InitBytes} bytes", $"{engineBytes} bytes")); // last line: the format, bytes = the engine's
bad.AddRange(sensingBad);
foreach (var b in bad) Console.Error.WriteLine("LIMIT: " + b);
return check && bad.Count > 0 ? 1 : 0;
