using System.Reflection;
using System.Runtime.Loader;
using System.Text;

namespace Bedside.Budget;

/// <summary>One program at one rate. IlPerSample: the unit's work (engine render and control tick; the engine and its
/// driver for engine-alone rows), what the 60 IL limit is about. LoopIlPerSample: on top of it, the audio loop's own
/// code (pacing, block split, amplifier gate: <see cref="Instrumenter.LoopTypes"/>); 0 for engine-alone rows.
/// CallsPerSample, allocations: everything the audio thread ran, loop included.</summary>
public sealed record BudgetRow(string Program, int SampleRate, long Samples, double IlPerSample, double CallsPerSample,
    long AllocationsAfterWarmup, long InitBytes, double LoopIlPerSample = 0);

/// <summary>The injected counters of one instrumented core loaded in its own collectible context.</summary>
internal sealed class InstrumentedCore : IDisposable
{
    private readonly AssemblyLoadContext _alc;
    private readonly FieldInfo _il, _calls, _allocs, _bytes, _loopIl;
    public Assembly Core { get; }

    public InstrumentedCore(byte[] image, string name)
    {
        _alc = new AssemblyLoadContext(name, isCollectible: true);
        Core = _alc.LoadFromStream(new MemoryStream(image));
        var counters = Core.GetType(Instrumenter.CounterType, true);
        _il = counters.GetField("IL"); _calls = counters.GetField("Calls"); _allocs = counters.GetField("Allocs"); _bytes = counters.GetField("Bytes");
        _loopIl = counters.GetField("LoopIL");
    }

    public long IL => (long)_il.GetValue(null);
    public long Calls => (long)_calls.GetValue(null);
    public long Allocs => (long)_allocs.GetValue(null);
    public long Bytes => (long)_bytes.GetValue(null);
    public long LoopIL => (long)_loopIl.GetValue(null);
    public void Reset()
    {
        _il.SetValue(null, 0L); _calls.SetValue(null, 0L); _allocs.SetValue(null, 0L); _bytes.SetValue(null, 0L); _loopIl.SetValue(null, 0L);
        if (PerMethod != null) Array.Clear(PerMethod);
    }

    /// <summary>Self IL per method (an image instrumented with method names only), cleared by Reset.</summary>
    public long[] PerMethod { get; private set; }

    public void ProfileMethods(int count)
    {
        PerMethod = new long[count];
        Core.GetType(Instrumenter.CounterType, true).GetField("PerMethod").SetValue(null, PerMethod);
    }
    public void Dispose() => _alc.Unload();
}

/// <summary>The sensor thread's measured cost (target: ≤ 300 IL per PPG and per EDA sample, 0 allocations): the sensing
/// pipelines' IL per sample (the push into the unit included), per Update, and on top the sensor loop's own IL per
/// reading (schedule, FIFO read, availability).</summary>
public sealed record SensingCost(double IlPerPpgSample, double IlPerEdaSample, double IlPerUpdate, long Allocations, double LoopIlPerReading = 0);

/// <summary>The audio thread's budget: ≤ 60 IL and ≤ 0.25 calls per sample (checked at 16 kHz), no allocation after
/// warm-up (every rate), ≤ 96 KB allocated by the engine's init (16 kHz).</summary>
public sealed record BudgetLimits(double MaxIlPerSample = 60, double MaxCallsPerSample = 0.25, long MaxAllocations = 0, long MaxInitBytes = 96 * 1024);

/// <summary>
/// Creates what drives the engine in <see cref="BudgetMeter.Run"/> (by default <c>Bedside.Core.Audio.DemoScore</c>,
/// the fixed reference score; the composer is measured through the whole unit by RunUnit) inside the
/// instrumented assembly. Arguments: the instrumented core assembly, the engine instance, the ProgramKind value
/// (0..3), the seed. Must return an object with a public <c>void Tick(long nowMs)</c> (IAudioProgramDriver).
/// </summary>
public delegate object DriverFactory(Assembly core, object engine, int program, uint seed);

/// <summary>
/// Runs the engine (and its driver) from an instrumented copy of Bedside.Core, each program and rate in a fresh
/// load context (so static constructors and their tables count towards init bytes), and reports the counts.
/// Protocol: counters reset → new AudioEngine(), Init(rate, seed), driver created → init bytes; render a warm-up
/// (default 2 s) → counters reset → render the rest in blocks, calling driver.Tick(nowMs) before each block →
/// IL, calls and allocations divided by the samples rendered after warm-up.
/// </summary>
public static class BudgetMeter
{
    public static readonly string[] ProgramNames = { "Sleep", "Calm", "Pain", "Noise" };

    public static DriverFactory DemoScoreFactory = (core, engine, program, seed) =>
    {
        var demo = core.GetType("Bedside.Core.Audio.DemoScore", true);
        var pk = core.GetType("Bedside.Core.ProgramKind", true);
        return Activator.CreateInstance(demo, engine, Enum.ToObject(pk, (byte)program), seed);
    };

    /// <summary>
    /// The sensor thread's cost: the core's sensor loop (<c>Bedside.Core.Runtime.SensorLoop</c>, the loop the device's
    /// sensor thread steps) over two <c>VirtualSensor</c> FIFOs, pushing into a <c>BedsideUnit</c> whose SensingHub
    /// is set up for the analog pulse sensor and the Grove GSR (both available). Each reading of the given raw
    /// streams is queued at its time and the loop stepped then, as the device's thread wakes when a sensor is due;
    /// the hub's control-rate Update runs every 100 ms. The first fifth of each stream warms the pipelines up; the
    /// rest is measured. The steps at which both sensors are due (twice a second at 125 and 16 Hz) are left out of
    /// the per-sensor figures. Returns the sensing IL per PPG sample and per EDA sample (the loop's own IL apart),
    /// per Update call, the sensor loop's own IL per reading, and the allocations counted while measuring.
    /// </summary>
    public static SensingCost RunSensing(string coreDllPath, int[] ppgCounts, int ppgRateHz, int[] edaCounts, int edaRateHz)
    {
        byte[] image = Instrumenter.Instrument(coreDllPath);
        using var ic = new InstrumentedCore(image, "budget-sensing");
        var core = ic.Core;
        var kinds = core.GetType("Bedside.Core.Sensing.PulseSensorKind", true);
        var edaKinds = core.GetType("Bedside.Core.Sensing.EdaSensorKind", true);
        var hubT = core.GetType("Bedside.Core.Sensing.SensingHub", true);
        object hub = Activator.CreateInstance(hubT, ppgRateHz, Enum.Parse(kinds, "AnalogAdc12"), edaRateHz, Enum.Parse(edaKinds, "GroveAdc12"));
        object snap = Activator.CreateInstance(core.GetType("Bedside.Core.Sensing.PhysioSnapshot", true));
        object storage = core.GetType("Bedside.Core.Ports.RamStorage", true).GetMethod("CreateDefault").Invoke(null, null);
        object unit = Activator.CreateInstance(core.GetType("Bedside.Core.Unit.BedsideUnit", true), storage, hub, 16000, 1u);
        var sensorT = core.GetType("Bedside.Core.Runtime.VirtualSensor", true);
        object pulse = Activator.CreateInstance(sensorT, 64), eda = Activator.CreateInstance(sensorT, 64);
        long ppgPeriodUs = 1_000_000L / ppgRateHz, edaPeriodUs = 1_000_000L / edaRateHz;
        object loop = Activator.CreateInstance(core.GetType("Bedside.Core.Runtime.SensorLoop", true), unit, new object(), pulse, ppgPeriodUs, eda, edaPeriodUs, 0L);
        var pushPulse = (Func<int, long, bool>)Delegate.CreateDelegate(typeof(Func<int, long, bool>), pulse, sensorT.GetMethod("Push"));
        var pushEda = (Func<int, long, bool>)Delegate.CreateDelegate(typeof(Func<int, long, bool>), eda, sensorT.GetMethod("Push"));
        var step = (Func<long, long>)Delegate.CreateDelegate(typeof(Func<long, long>), loop, loop.GetType().GetMethod("Step"));
        var update = hubT.GetMethod("Update");
        long durationUs = Math.Min(ppgCounts.Length * ppgPeriodUs, edaCounts.Length * edaPeriodUs);
        long warmUs = durationUs / 5, nextUpdUs = 0;
        int ip = 0, ie = 0;
        long ilP = 0, ilE = 0, ilU = 0, nP = 0, nE = 0, nU = 0, loopIl = 0, allocs = 0;
        while (true)
        {
            long tP = ip * ppgPeriodUs, tE = ie * edaPeriodUs;
            long t = Math.Min(tP, Math.Min(tE, nextUpdUs));
            if (t >= durationUs) break;
            bool measure = t >= warmUs;
            long a0 = ic.Allocs;
            bool p = tP == t, e = tE == t;
            if (p || e)
            {
                if (p && !pushPulse(ppgCounts[ip++], t)) throw new InvalidOperationException("pulse FIFO full");
                if (e && !pushEda(edaCounts[ie++], t)) throw new InvalidOperationException("EDA FIFO full");
                long il0 = ic.IL, l0 = ic.LoopIL;
                step(t);
                long sensing = (ic.IL - il0) - (ic.LoopIL - l0);
                if (measure && p != e)
                {
                    if (p) { ilP += sensing; nP++; } else { ilE += sensing; nE++; }
                    loopIl += ic.LoopIL - l0;
                }
            }
            if (t == nextUpdUs)
            {
                long il0 = ic.IL;
                update.Invoke(hub, new object[] { t / 1000, snap });
                nextUpdUs += 100_000;
                if (measure) { ilU += ic.IL - il0; nU++; }
            }
            if (measure) allocs += ic.Allocs - a0;
        }
        return new SensingCost(ilP / (double)Math.Max(1, nP), ilE / (double)Math.Max(1, nE), ilU / (double)Math.Max(1, nU), allocs,
            loopIl / (double)Math.Max(1, nP + nE));
    }

    /// <summary>Synthetic device streams for the CLI: a 72 bpm pulse with breathing and noise in 12-bit ADC counts,
    /// and a Grove GSR reading around 10 µS with a skin-conductance response every 20 s.</summary>
    public static (int[] Ppg, int[] Eda) SyntheticSensorStreams(int seconds, int ppgRateHz, int edaRateHz, int seed = 7)
    {
        var rnd = new Random(seed);
        var ppg = new int[seconds * ppgRateHz];
        for (int i = 0; i < ppg.Length; i++)
        {
            double t = i / (double)ppgRateHz, ph = t * 1.2 % 1.0;
            double pulse = Math.Exp(-Math.Pow((ph - 0.2) / 0.07, 2)) + 0.35 * Math.Exp(-Math.Pow((ph - 0.45) / 0.08, 2));
            ppg[i] = (int)(2048 + 300 * pulse + 40 * Math.Sin(2 * Math.PI * 0.25 * t) + rnd.NextDouble() * 8 - 4);
        }
        var eda = new int[seconds * edaRateHz];
        for (int i = 0; i < eda.Length; i++)
        {
            double t = i / (double)edaRateHz, since = t % 20.0;
            double uS = 10 + (since > 1 ? 0.3 * (Math.Exp(-(since - 1) / 4.0) - Math.Exp(-(since - 1) / 0.75)) : 0);
            double gNs = uS * 1000; // Grove: G[nS] = 100000·(2048 − c)/(2·(2048 + c))  ⇒  c = 2048·(100000 − 2G)/(100000 + 2G)
            eda[i] = (int)Math.Round(2048 * (100000 - 2 * gNs) / (100000 + 2 * gNs) + rnd.NextDouble() - 0.5);
        }
        return (ppg, eda);
    }

    /// <summary>
    /// The device's audio thread, measured whole: the core's own audio loop (<c>Bedside.Core.Runtime.AudioLoop</c>, the
    /// loop the device's audio thread steps) over a <c>ManualClock</c> and a <c>VirtualAudioOut</c> with the device's
    /// 4096-sample ring, driving <c>Bedside.Core.Unit.BedsideUnit</c> (the object every host builds) with the program
    /// selected and a session started: every <c>Rates.ControlPeriodSamples</c> rendered samples a control tick
    /// (sensing summary, therapy state machine, composer → engine), rendering in blocks, the paced write and the
    /// amplifier gate. No sensor data arrives, so the therapy runs its open-loop descent (sensor pushes run on the
    /// sensor thread on the device and are budgeted separately). The IL the steps execute is split into the unit's
    /// (render and control tick: the row's IL/sample, checked against the limit) and the loop's own (pacing, block
    /// split, gate: reported on top). Calls and allocations count both. Init bytes are those of the whole unit.
    /// </summary>
    public static List<BudgetRow> RunUnit(string coreDllPath, int[] sampleRates, double seconds, double warmupSeconds = 2,
        int blockSamples = 512, uint seed = 12345)
    {
        byte[] image = Instrumenter.Instrument(coreDllPath);
        var rows = new List<BudgetRow>();
        foreach (int fs in sampleRates)
            for (int p = 0; p < ProgramNames.Length; p++)
                rows.Add(RunUnitOne(image, p, fs, seconds, warmupSeconds, blockSamples, seed));
        return rows;
    }

    /// <summary>The device's I2S ring and amplifier mute margin (Bedside.Device: BoardConfig, Program.MuteMarginMs).</summary>
    public const int RingSamples = 4096, MuteMarginMs = 30;

    /// <summary>
    /// The audio thread's self IL per method and output sample for one program and rate (RunUnit's protocol), highest
    /// first: where the budget goes.
    /// </summary>
    public static List<(string Method, double IlPerSample)> ProfileUnit(string coreDllPath, int program, int fs, double seconds,
        double warmupSeconds = 2, int blockSamples = 512, uint seed = 12345)
    {
        var names = new List<string>();
        byte[] image = Instrumenter.Instrument(coreDllPath, names);
        long[] per = null;
        var row = RunUnitOne(image, program, fs, seconds, warmupSeconds, blockSamples, seed, ic => { ic.ProfileMethods(names.Count); per = ic.PerMethod; });
        var list = new List<(string, double)>();
        for (int i = 0; i < names.Count; i++)
            if (per[i] > 0) list.Add((names[i], per[i] / (double)row.Samples));
        list.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        return list;
    }

    private static BudgetRow RunUnitOne(byte[] image, int program, int fs, double seconds, double warmup, int block, uint seed,
        Action<InstrumentedCore> profile = null)
    {
        using var ic = new InstrumentedCore(image, "budget-unit-" + program + "-" + fs);
        var core = ic.Core;
        profile?.Invoke(ic);
        ic.Reset();
        object storage = core.GetType("Bedside.Core.Ports.RamStorage", true).GetMethod("CreateDefault").Invoke(null, null);
        object hub = Activator.CreateInstance(core.GetType("Bedside.Core.Sensing.SensingHub", true));
        var unitType = core.GetType("Bedside.Core.Unit.BedsideUnit", true);
        object unit = Activator.CreateInstance(unitType, storage, hub, fs, seed);
        long initBytes = ic.Bytes;

        // Select the program through the settings, as a therapist would, then start a session (a button press).
        object controller = unitType.GetField("Controller").GetValue(unit);
        var settingsType = core.GetType("Bedside.Core.Settings.DeviceSettings", true);
        object settings = Activator.CreateInstance(settingsType);
        controller.GetType().GetMethod("CopySettingsTo").Invoke(controller, new[] { settings });
        var pk = core.GetType("Bedside.Core.ProgramKind", true);
        settingsType.GetField("DefaultProgram").SetValue(settings, Enum.ToObject(pk, (byte)program));
        object why = controller.GetType().GetMethod("ApplySettings").Invoke(controller, new[] { settings });
        if (why != null) throw new InvalidOperationException("settings rejected: " + why);
        unitType.GetMethod("StartSession").Invoke(unit, new object[] { 0L });

        // The audio thread: AudioLoop(unit, lock, no button, paced output = amplifier, no health monitor, block, margin).
        object clock = Activator.CreateInstance(core.GetType("Bedside.Core.Runtime.ManualClock", true), 0L);
        object output = Activator.CreateInstance(core.GetType("Bedside.Core.Runtime.VirtualAudioOut", true), clock, fs, RingSamples, block, 0L, 0L);
        var loopType = core.GetType("Bedside.Core.Runtime.AudioLoop", true);
        object loop = Activator.CreateInstance(loopType, unit, new object(), null, output, output, null, 0, block, MuteMarginMs);
        block = (int)loopType.GetProperty("BlockSamples").GetValue(loop);
        var step = loopType.GetMethod("Step");
        var args = new[] { clock };
        long total = (long)(seconds * fs), warm = (long)(warmup * fs), done = 0;
        while (done < warm) { step.Invoke(loop, args); done += block; }
        ic.Reset();
        long start = done;
        while (done < total) { step.Invoke(loop, args); done += block; }
        long measured = done - start;
        var row = Row(ic, program, fs, measured, initBytes);
        return row with { IlPerSample = (ic.IL - ic.LoopIL) / (double)measured, LoopIlPerSample = ic.LoopIL / (double)measured };
    }

    /// <summary>
    /// Renders seconds of audio in blocks, calling beforeBlock(nowMs) before each block; the counters are
    /// reset when the warm-up ends. Returns the number of samples rendered after warm-up.
    /// </summary>
    private static long RenderLoop(InstrumentedCore ic, int fs, double seconds, double warmup, int block,
        Action<byte[], int, int> render, Action<long> beforeBlock)
    {
        var buf = new byte[block * 2];
        long total = (long)(seconds * fs), warm = (long)(warmup * fs), done = 0;
        bool measuring = false;
        while (done < total)
        {
            if (!measuring && done >= warm) { ic.Reset(); measuring = true; }
            int n = (int)Math.Min(block, total - done);
            if (!measuring && warm - done < n) n = (int)(warm - done);
            beforeBlock(done * 1000 / fs);
            render(buf, 0, n);
            done += n;
        }
        return total - warm;
    }

    private static BudgetRow Row(InstrumentedCore ic, int program, int fs, long measured, long initBytes) =>
        new(ProgramNames[program], fs, measured, ic.IL / (double)measured, ic.Calls / (double)measured, ic.Allocs, initBytes);

    public static List<BudgetRow> Run(string coreDllPath, int[] sampleRates, double seconds, double warmupSeconds = 2,
        int blockSamples = 512, uint seed = 12345, DriverFactory driver = null)
    {
        driver ??= DemoScoreFactory;
        byte[] image = Instrumenter.Instrument(coreDllPath);
        var rows = new List<BudgetRow>();
        foreach (int fs in sampleRates)
            for (int p = 0; p < ProgramNames.Length; p++)
                rows.Add(RunOne(image, p, fs, seconds, warmupSeconds, blockSamples, seed, driver));
        return rows;
    }

    private static BudgetRow RunOne(byte[] image, int program, int fs, double seconds, double warmup, int block, uint seed, DriverFactory driverFactory)
    {
        using var ic = new InstrumentedCore(image, "budget-" + program + "-" + fs);
        var core = ic.Core;
        var engineType = core.GetType("Bedside.Core.Audio.AudioEngine", true);
        ic.Reset();
        object engine = Activator.CreateInstance(engineType);
        engineType.GetMethod("Init").Invoke(engine, new object[] { fs, seed });
        object driver = driverFactory(core, engine, program, seed);
        long initBytes = ic.Bytes;

        var render = (Action<byte[], int, int>)Delegate.CreateDelegate(typeof(Action<byte[], int, int>), engine, engineType.GetMethod("Render"));
        var tick = (Action<long>)Delegate.CreateDelegate(typeof(Action<long>), driver, driver.GetType().GetMethod("Tick", new[] { typeof(long) }));
        long measured = RenderLoop(ic, fs, seconds, warmup, block, render, tick);
        return Row(ic, program, fs, measured, initBytes);
    }

    /// <summary>The table: one row per program and rate; last line "worst: ...".</summary>
    public static string Format(IReadOnlyList<BudgetRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("program  rate(Hz)  IL/sample  +loop-IL/sample  calls/sample  allocs-after-warmup  init-bytes");
        foreach (var r in rows)
            sb.AppendLine($"{r.Program,-8} {r.SampleRate,8} {r.IlPerSample,10:F2} {r.LoopIlPerSample,16:F2} {r.CallsPerSample,13:F4} {r.AllocationsAfterWarmup,20} {r.InitBytes,11}");
        var w = Worst(rows);
        sb.Append($"worst: {w.IlPerSample:F2} IL/sample, {w.CallsPerSample:F4} calls/sample, {w.AllocationsAfterWarmup} allocations after warm-up, {w.InitBytes} bytes");
        if (w.LoopIlPerSample > 0) sb.Append($"; audio loop {w.LoopIlPerSample:F2} IL/sample on top");
        return sb.ToString();
    }

    public static BudgetRow Worst(IReadOnlyList<BudgetRow> rows) => new("worst", 0, rows.Min(r => r.Samples),
        rows.Max(r => r.IlPerSample), rows.Max(r => r.CallsPerSample), rows.Max(r => r.AllocationsAfterWarmup), rows.Max(r => r.InitBytes),
        rows.Max(r => r.LoopIlPerSample));

    /// <summary>Limit violations (empty = pass). IL and calls are judged at 16 kHz, bytes at 16 kHz, allocations everywhere.
    /// Pass checkBytes false for whole-unit rows: the 96 KB target is the audio engine's (checked on engine rows).</summary>
    public static List<string> Check(IReadOnlyList<BudgetRow> rows, BudgetLimits limits, bool checkBytes = true)
    {
        var bad = new List<string>();
        foreach (var r in rows)
        {
            if (r.SampleRate == 16000 && r.IlPerSample > limits.MaxIlPerSample) bad.Add($"{r.Program}@{r.SampleRate}: {r.IlPerSample:F2} IL/sample > {limits.MaxIlPerSample}");
            if (r.SampleRate == 16000 && r.CallsPerSample > limits.MaxCallsPerSample) bad.Add($"{r.Program}@{r.SampleRate}: {r.CallsPerSample:F4} calls/sample > {limits.MaxCallsPerSample}");
            if (r.AllocationsAfterWarmup > limits.MaxAllocations) bad.Add($"{r.Program}@{r.SampleRate}: {r.AllocationsAfterWarmup} allocations after warm-up");
            if (checkBytes && r.SampleRate == 16000 && r.InitBytes > limits.MaxInitBytes) bad.Add($"{r.Program}@{r.SampleRate}: {r.InitBytes} bytes at init > {limits.MaxInitBytes}");
        }
        return bad;
    }

    /// <summary>Builds firmware/Bedside.Core in Release (incremental) and returns the dll path.</summary>
    public static string BuildReleaseCore(string repoRoot)
    {
        string proj = Path.Combine(repoRoot, "firmware", "Bedside.Core", "Bedside.Core.csproj");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", $"build \"{proj}\" -c Release --nologo -v q")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string so = p.StandardOutput.ReadToEnd(), se = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(300_000) || p.ExitCode != 0) throw new InvalidOperationException("Release build of Bedside.Core failed:\n" + so + se);
        return Path.Combine(repoRoot, "firmware", "Bedside.Core", "bin", "Release", "net10.0", "Bedside.Core.dll");
    }
}
