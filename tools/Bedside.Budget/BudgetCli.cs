using System.Globalization;

namespace Bedside.Budget;

/// <summary>
/// The budget meter's command line:
/// <c>[--minutes 10] [--block 512] [--core path/Bedside.Core.dll] [--check | --profile]</c>. Without --core it builds
/// firmware/Bedside.Core in Release first. --check: exit code 1 when a limit is exceeded. --profile: where the audio
/// thread's IL goes, by method (self IL per sample), instead of the limits. Exit codes and error
/// lines follow tools/README.md (0 done, 2 bad input, 1 failure or limit exceeded; one line on stderr).
/// </summary>
public static class BudgetCli
{
    public const string Prefix = "bedside-budget: ";
    public const string Usage = "usage: Bedside.Budget [--minutes 0.1..600] [--block 16..8192] [--core Bedside.Core.dll] [--check | --profile]";
    public const double MaxMinutes = 600;
    public const int MinBlock = 16, MaxBlock = 8192;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        double minutes = 10; int block = 512; string core = null; bool check = false, profile = false;
        int Bad(string msg) { stderr.WriteLine(Prefix + msg + " (" + Usage + ")"); return 2; }
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "-h" || a == "--help") { stdout.WriteLine(Usage); return 0; }
            if (a == "--check") { check = true; continue; }
            if (a == "--profile") { profile = true; continue; }
            if (a != "--minutes" && a != "--block" && a != "--core") return Bad("unknown argument '" + a + "'");
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--")) return Bad(a + " needs a value");
            string v = args[++i];
            if (a == "--minutes")
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out minutes) || double.IsNaN(minutes)
                    || minutes < 0.1 || minutes > MaxMinutes)
                    return Bad("--minutes must be a number 0.1.." + MaxMinutes + ", got '" + v + "'");
            }
            else if (a == "--block")
            {
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out block) || block < MinBlock || block > MaxBlock)
                    return Bad("--block must be a whole number " + MinBlock + ".." + MaxBlock + " (samples per render call), got '" + v + "'");
            }
            else core = v;
        }
        if (core != null)
        {
            if (!File.Exists(core)) return Bad("--core file '" + core + "' not found");
            if (!IsCoreAssembly(core, out string why)) return Bad("--core '" + core + "' " + why);
        }
        if (check && profile) return Bad("--check and --profile do not go together");
        try { return profile ? Profile(minutes, block, core, stdout, stderr) : Measure(minutes, block, core, check, stdout, stderr); }
        catch (Exception e)
        {
            stderr.WriteLine(Prefix + "failed: " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
            return 1;
        }
    }

    /// <summary>True when path is a .NET assembly that contains the core's engine type.</summary>
    private static bool IsCoreAssembly(string path, out string why)
    {
        try
        {
            using var m = Mono.Cecil.ModuleDefinition.ReadModule(path);
            if (m.GetType("Bedside.Core.Audio.AudioEngine") == null) { why = "is a .NET assembly but not Bedside.Core (no Bedside.Core.Audio.AudioEngine)"; return false; }
            why = null;
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException || e is IOException || e is UnauthorizedAccessException || e is InvalidOperationException || e is ArgumentException)
        {
            why = "is not a .NET assembly";
            return false;
        }
    }

    /// <summary>Builds the Release core when no --core was given; null (after the error line) when the repository is not found.</summary>
    private static string CorePath(string core, TextWriter stderr)
    {
        if (core != null) return core;
        string dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "firmware", "Bedside.Core", "Bedside.Core.csproj"))) dir = Path.GetDirectoryName(dir);
        if (dir == null) { stderr.WriteLine(Prefix + "repository root not found; pass --core (" + Usage + ")"); return null; }
        return BudgetMeter.BuildReleaseCore(dir);
    }

    /// <summary>--profile: the audio thread's self IL per method and sample at 16 kHz, per program (methods ≥ 0.05 IL/sample).</summary>
    private static int Profile(double minutes, int block, string core, TextWriter stdout, TextWriter stderr)
    {
        core = CorePath(core, stderr);
        if (core == null) return 2;
        stdout.WriteLine($"audio thread profile: self IL per output sample by method, 16 kHz, {minutes:0.#} simulated minutes per program (as the table below the limits)");
        for (int p = 0; p < BudgetMeter.ProgramNames.Length; p++)
        {
            var rows = BudgetMeter.ProfileUnit(core, p, 16000, minutes * 60, Math.Min(2, minutes * 60 / 3), block);
            stdout.WriteLine();
            stdout.WriteLine($"{BudgetMeter.ProgramNames[p]}: {rows.Sum(r => r.IlPerSample):F2} IL/sample in all (the audio loop's own code included)");
            foreach (var (m, il) in rows)
                if (il >= 0.05) stdout.WriteLine($"  {il,7:F2}  {m.Replace("Bedside.Core.", "")}");
        }
        return 0;
    }

    private static int Measure(double minutes, int block, string core, bool check, TextWriter stdout, TextWriter stderr)
    {
        core = CorePath(core, stderr);
        if (core == null) return 2;
        // The audio engine alone (demo score): its init bytes are what the 96 KB init-memory target is about.
        var engineRows = BudgetMeter.Run(core, new[] { 16000 }, 10, 2, block);
        long engineBytes = engineRows.Max(r => r.InitBytes);
        stdout.WriteLine($"audio engine alone: {engineBytes} bytes allocated at init (16 kHz, limit {new BudgetLimits().MaxInitBytes})");
        stdout.WriteLine();
        // The sensor thread: the sensing pipelines on synthetic device streams at the device rates.
        var (ppgStream, edaStream) = BudgetMeter.SyntheticSensorStreams((int)Math.Max(60, minutes * 60), 125, 16);
        var sc = BudgetMeter.RunSensing(core, ppgStream, 125, edaStream, 16);
        stdout.WriteLine($"sensor thread (the core's SensorLoop over virtual sensors): {sc.IlPerPpgSample:F1} IL/PPG sample, {sc.IlPerEdaSample:F1} IL/EDA sample (limit 300 each), +{sc.LoopIlPerReading:F1} IL per reading in the loop itself, {sc.IlPerUpdate:F0} IL per 100 ms Update, {sc.Allocations} allocations");
        var sensingBad = new List<string>();
        if (sc.IlPerPpgSample > 300 || sc.IlPerEdaSample > 300 || sc.Allocations > 0) sensingBad.Add($"sensing: {sc.IlPerPpgSample:F1} / {sc.IlPerEdaSample:F1} IL per sample, {sc.Allocations} allocations");
        stdout.WriteLine();
        // The learned melody and harmony networks (control rate, one step per note or chord).
        var nc = NetworkBudget.Run(core);
        stdout.WriteLine(NetworkBudget.Format(nc));
        if (nc.IlPerSampleAtPainRate > 2 || nc.Allocations > 0) sensingBad.Add($"networks: {nc.IlPerSampleAtPainRate:F2} IL/sample at the Pain rate, {nc.Allocations} allocations");
        stdout.WriteLine();
        // The device's audio thread as it runs: BedsideUnit (therapy + composer driving the engine) rendering each program.
        stdout.WriteLine($"audio thread (the core's AudioLoop over a virtual paced output, driving BedsideUnit: control tick every 50 ms + render), {minutes:0.#} simulated minutes per program and rate;");
        stdout.WriteLine("IL/sample = the unit's render + control tick (limit 60), +loop = the loop's own pacing, block split and amplifier gate; init bytes = whole unit");
        var rows = BudgetMeter.RunUnit(core, new[] { 16000, 22050 }, minutes * 60, Math.Min(2, minutes * 60 / 3), block);
        var bad = BudgetMeter.Check(rows, new BudgetLimits(), checkBytes: false);
        bad.AddRange(BudgetMeter.Check(engineRows, new BudgetLimits()).Where(b => b.Contains("bytes")));
        var worst = BudgetMeter.Worst(rows);
        stdout.WriteLine(BudgetMeter.Format(rows).Replace(
            $"{worst.InitBytes} bytes", $"{engineBytes} bytes")); // last line: bytes = the engine's
        bad.AddRange(sensingBad);
        foreach (var b in bad) stderr.WriteLine(Prefix + "limit exceeded: " + b);
        return check && bad.Count > 0 ? 1 : 0;
    }
}
