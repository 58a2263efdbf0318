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
var rows = BudgetMeter.Run(core, new[] { 16000, 22050 }, minutes * 60, 2, block);
Console.WriteLine(BudgetMeter.Format(rows));
var bad = BudgetMeter.Check(rows, new BudgetLimits());
foreach (var b in bad) Console.Error.WriteLine("LIMIT: " + b);
return check && bad.Count > 0 ? 1 : 0;
