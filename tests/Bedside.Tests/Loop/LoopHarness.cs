using Bedside.Core;
using Bedside.Core.Sensing;
using Bedside.Core.Session;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;

namespace Bedside.Tests.Loop;

/// <summary>One closed-loop session's per-second record (what the tests assert on and the report quotes).</summary>
public sealed class LoopRun
{
    public ScenarioKind Scenario;
    public uint Seed;
    public int Minutes;
    public readonly List<string> State = new();
    public readonly List<double> TempoBpm = new(), Brightness = new();
    /// <summary>The unit's arousal estimate (NaN at confidence 0) and confidence.</summary>
    public readonly List<double> Arousal = new(), Confidence = new();
    /// <summary>Detected SCR rate per minute (NaN while EDA is not Ok).</summary>
    public readonly List<double> ScrPerMin = new();
    public readonly List<double> ModelArousal = new(), ModelScrPerMin = new();
    /// <summary>Per second: the scenario's script had a motion artefact on the finger sensor during that second.</summary>
    public readonly List<bool> Moving = new();
    /// <summary>"t_ms,state,reason" lines of the transition trace.</summary>
    public readonly List<string> Trace = new();
    /// <summary>Per logged minute: the open-loop flag of the device's session log.</summary>
    public readonly List<bool> LoggedOpenLoop = new();
    public int LogHeaderFlags;

    public int FirstSecondIn(string state) => State.FindIndex(s => s == state);
    public double MinutesIn(string state) => State.Count(s => s == state) / 60.0;
    public bool Entered(string state) => State.Contains(state);

    /// <summary>Mean |estimate − model| over seconds with confidence &gt; 0 after the 3-min baseline.</summary>
    public double ArousalMae()
    {
        double s = 0; int n = 0;
        for (int i = 180; i < State.Count; i++) if (!double.IsNaN(Arousal[i])) { s += Math.Abs(Arousal[i] - ModelArousal[i]); n++; }
        return n == 0 ? double.NaN : s / n;
    }

    /// <summary>Mean detected SCR rate and the model's mean generation rate over the same seconds (EDA Ok).</summary>
    public (double detected, double model) ScrRates()
    {
        double d = 0, m = 0; int n = 0;
        for (int i = 0; i < State.Count; i++) if (!double.IsNaN(ScrPerMin[i])) { d += ScrPerMin[i]; m += ModelScrPerMin[i]; n++; }
        return n == 0 ? (double.NaN, double.NaN) : (d / n, m / n);
    }

    public string Summary()
    {
        var names = State.Distinct().Select(s => $"{s} {MinutesIn(s):0.0}");
        int settle = FirstSecondIn("Settled");
        var (d, m) = ScrRates();
        return $"{ScenarioNames.Name(Scenario)} seed {Seed}: {string.Join(" | ", names)}; settle {(settle < 0 ? "not reached" : $"{settle / 60.0:0.0} min")}; " +
               $"SCR/min detected {d:0.0} model {m:0.0}; arousal MAE {ArousalMae():0.000}; model {ModelArousal[0]:0.00}->{ModelArousal[^1]:0.00}";
    }
}

/// <summary>
/// Runs the simulator's closed loop exactly as `Bedside.Sim session` does (SessionRunner): the scenario advances
/// the listener with the music heard during the previous tick (controls' tempo/brightness and the RMS level of
/// the audio actually rendered), pushes the sensor readings due, the real core (CoreParts.Create → BedsideUnit
/// run by the device's sensor and audio loops) ticks every 50 ms and renders the tick's audio. No files are written.
/// </summary>
public static class LoopHarness
{
    public const int RateHz = 16000;

    public static LoopRun Run(ScenarioKind kind, uint seed, int minutes, ProgramKind? program = null)
    {
        var prog = program ?? (kind == ScenarioKind.PainEpisode ? ProgramKind.Pain : ProgramKind.Sleep);
        var core = CoreParts.Create(new SessionCoreConfig { Program = prog, SampleRateHz = RateHz, Seed = seed });
        long totalMs = minutes * 60_000L;
        var scenario = new Scenario(kind, seed, totalMs / 1000.0);
        var run = new LoopRun { Scenario = kind, Seed = seed, Minutes = minutes };
        var loop = new ClosedLoop(core, scenario, RateHz, totalMs * RateHz / 1000);
        var trace = new StringWriter();
        core.Start(0);
        bool moving = false;
        while (!loop.Done)
        {
            loop.AdvanceListener();
            moving |= scenario.Ppg.MotionCounts > 0;
            loop.TickAndRender();
            core.DrainTrace(trace);
            double tempo = loop.HeardTempoBpm, bright = loop.HeardBrightness;
            if (loop.Rendered % RateHz == 0)
            {
                PhysioSnapshot p = core.Snapshot;
                run.State.Add(core.StateName);
                run.TempoBpm.Add(tempo);
                run.Brightness.Add(bright);
                run.Confidence.Add(p.ConfidenceQ15 / 32767.0);
                run.Arousal.Add(p.ConfidenceQ15 > 0 ? p.ArousalQ15 / 32767.0 : double.NaN);
                run.ScrPerMin.Add(p.Eda == EdaStatus.Ok ? p.ScrPerMinuteCenti / 100.0 : double.NaN);
                run.ModelArousal.Add(scenario.Listener.Arousal);
                run.ModelScrPerMin.Add(scenario.Listener.ScrPerMin);
                run.Moving.Add(moving);
                moving = false;
            }
        }
        run.Trace.AddRange(trace.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        byte[] log = core.GetSessionLogBytes(totalMs);
        if (log != null && SessionLogFormat.Check(log, log.Length) == null)
        {
            run.LogHeaderFlags = SessionLogFormat.HeaderFlags(log);
            var rec = new LogRecord();
            for (int i = 0; i < SessionLogFormat.RecordCount(log); i++)
            {
                SessionLogFormat.ReadRecord(log, i, rec);
                run.LoggedOpenLoop.Add((rec.Flags & LogFlags.OpenLoop) != 0);
            }
        }
        return run;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ScenarioKind, uint, int), Lazy<LoopRun>> Cache = new();

    /// <summary>Memoised Run (several tests look at the same deterministic session); different sessions may run in parallel.</summary>
    public static LoopRun Get(ScenarioKind kind, uint seed, int minutes = 30)
        => Cache.GetOrAdd((kind, seed, minutes), k => new Lazy<LoopRun>(() => Run(k.Item1, k.Item2, k.Item3))).Value;
}
