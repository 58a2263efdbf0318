using Bedside.Core.Sensing;
using Bedside.Sim.Scenarios;

namespace Bedside.Sim.Session;

/// <summary>What a finished session produced (files are in the folder passed to Run).</summary>
public sealed class SessionResult
{
    public Timeline Timeline;
    public long SamplesRendered;
    public int PeakAbs;
    public int LogBytes;
    public double ModelArousalStart, ModelArousalEnd;
    /// <summary>Long-term spectrum of the whole line-out and as heard through the speaker model.</summary>
    public HeardSpectrum Heard;
}

/// <summary>
/// The session loop, one control period (<see cref="ClosedLoop"/>) at a time: the scenario advances the listener
/// with the music heard during the previous period and pushes every sensor reading due (timestamped, at the device
/// rates), scripted button edges due are queued, the core steps (the device's sensor and audio loops: control tick,
/// one period of audio) and the audio is streamed to session.wav, cut at the session's last sample. Once per
/// simulated second of audio a timeline row is taken. No allocation per sample or per step.
/// </summary>
public static class SessionRunner
{
    public const string WavName = "session.wav", TimelineName = "timeline.csv", PlotName = "session.png",
        LogName = "session.log", TraceName = "trace.csv", ListenerName = "listener.csv";

    /// <summary>Runs the whole session writing every file into dir (which must exist). progress gets 0..1.</summary>
    public static SessionResult Run(SessionOptions o, string dir, Action<double> progress, Func<SessionCoreConfig, ISessionCore> coreFactory = null,
        CancellationToken cancel = default)
    {
        var core = (coreFactory ?? CoreParts.Create)(new SessionCoreConfig { Program = o.Program, SampleRateHz = o.RateHz, Seed = o.Seed, Preset = o.Preset });
        long totalMs = (long)o.Minutes * 60_000;
        var scenario = new Scenario(o.Scenario, o.Seed, totalMs / 1000.0);
        var tl = new Timeline();
        var result = new SessionResult { Timeline = tl, ModelArousalStart = scenario.Listener.Arousal, Heard = new HeardSpectrum(o.RateHz, (long)o.Minutes * 60 * o.RateHz) };
        long totalSamples = (long)o.Minutes * 60 * o.RateHz;
        var loop = new ClosedLoop(core, scenario, o.RateHz, totalSamples);
        double sumSq = 0; long secSamples = 0; int peak = 0;
        int button = 0, second = 0;
        using var traceW = new StreamWriter(Path.Combine(dir, TraceName), false, new System.Text.UTF8Encoding(false), 1 << 14);
        traceW.Write("t_ms,state,reason\n");
        using (var wav = new WavWriter(Path.Combine(dir, WavName), o.RateHz))
        {
            core.Start(0);
            while (!loop.Done)
            {
                loop.AdvanceListener();
                long nowMs = loop.NowUs / 1000;
                while (button < o.Buttons.Count && o.Buttons.TimeMs(button) <= nowMs)
                {
                    core.OnButtonEdge(o.Buttons.Pressed(button), o.Buttons.TimeMs(button));
                    button++;
                }
                loop.TickAndRender();
                core.DrainTrace(traceW);
                wav.Write(loop.Block, 0, 2 * loop.BlockSamples);
                result.Heard.Add(loop.Block, 0, loop.BlockSamples);
                if (loop.TickPeak > peak) peak = loop.TickPeak;
                sumSq += loop.TickSumSq; secSamples += loop.BlockSamples;

                if (loop.Rendered >= (second + 1L) * o.RateHz)
                {
                    second++;
                    cancel.ThrowIfCancellationRequested();
                    double levelDb = sumSq <= 0 ? Timeline.SilenceDb : Math.Max(Timeline.SilenceDb, 10 * Math.Log10(sumSq / secSamples / (32768.0 * 32768.0)));
                    TakeRow(tl, second, core, scenario, levelDb);
                    sumSq = 0; secSamples = 0;
                    if (second % 10 == 0) progress?.Invoke(loop.Rendered / (double)totalSamples);
                }
            }
        }
        core.DrainTrace(traceW);
        byte[] log = core.GetSessionLogBytes(totalMs) ?? Array.Empty<byte>();
        File.WriteAllBytes(Path.Combine(dir, LogName), log);
        tl.WriteCsv(Path.Combine(dir, TimelineName), SessionOptions.ProgramName(o.Program));
        tl.WriteListenerCsv(Path.Combine(dir, ListenerName));
        SessionPlot.Save(Path.Combine(dir, PlotName), tl, o);
        result.SamplesRendered = loop.Rendered;
        result.PeakAbs = peak;
        result.LogBytes = log.Length;
        result.ModelArousalEnd = scenario.Listener.Arousal;
        progress?.Invoke(1);
        return result;
    }

    private static void TakeRow(Timeline tl, int tS, ISessionCore core, Scenario sc, double levelDb)
    {
        PhysioSnapshot p = core.Snapshot;
        var c = core.Controls;
        bool pulseOk = p.Pulse == PulseStatus.Ok && p.HeartRateCentiBpm > 0;
        bool edaOk = p.Eda == EdaStatus.Ok;
        tl.TS.Add(tS);
        tl.State.Add(core.StateName ?? "");
        tl.HrBpm.Add(pulseOk ? p.HeartRateCentiBpm / 100.0 : double.NaN);
        tl.HrQuality.Add(p.Pulse == PulseStatus.Absent ? double.NaN : p.PulseQuality);
        tl.RmssdMs.Add(pulseOk && p.RmssdMs > 0 ? p.RmssdMs : double.NaN);
        tl.SclMicroS.Add(edaOk ? p.SclNanoSiemens / 1000.0 : double.NaN);
        tl.ScrPerMin.Add(edaOk ? p.ScrPerMinuteCenti / 100.0 : double.NaN);
        tl.Arousal.Add(p.ConfidenceQ15 > 0 ? p.ArousalQ15 / 32767.0 : double.NaN);
        tl.Confidence.Add(p.ConfidenceQ15 / 32767.0);
        tl.TempoBpm.Add(c.TempoCentiBpm / 100.0);
        tl.Brightness.Add(c.BrightnessQ15 / 32767.0);
        tl.Density.Add(c.DensityQ15 / 32767.0);
        tl.LevelDb.Add(levelDb);
        var m = sc.Listener;
        tl.ModelArousal.Add(m.Arousal);
        tl.ModelHrBpm.Add(m.HeartRateBpm);
        tl.ModelRmssdMs.Add(m.RmssdMs);
        tl.ModelSclMicroS.Add(sc.HasSensors ? sc.Eda.LastMicroS : m.SclTonicMicroS);
        tl.Activation.Add(m.MusicActivation);
        tl.Audibility.Add(m.MusicAudibility);
        tl.Event.Add(sc.Event);
    }
}
