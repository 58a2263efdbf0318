using System.Globalization;
using System.Text;
using Bedside.Core;
using Bedside.Core.Sensing;
using Bedside.Host.Physio;

namespace Bedside.Host.Replay;

/// <summary>Options of a replay. Defaults are the device defaults, jitter-free.</summary>
public sealed class ReplayOptions
{
    /// <summary>PPG sample rate of the device, Hz (core accepts 50..250).</summary>
    public int PulseRateHz = 125;
    /// <summary>EDA sample rate of the device, Hz (core accepts 4..64).</summary>
    public int EdaRateHz = 16;
    /// <summary>Control-loop period, ms.</summary>
    public int ControlPeriodMs = 100;
    /// <summary>Period of the hr/eda/arousal rows, ms.</summary>
    public int OutputPeriodMs = 1000;
    /// <summary>Uniform timestamp jitter ± this many µs on every sample (0 = ideal clock).</summary>
    public int JitterUs = 0;
    /// <summary>Seed of the jitter generator (xorshift32, nonzero).</summary>
    public uint Seed = 1;
    public EdaSensorKind EdaSensor = EdaSensorKind.GroveAdc12;
    public PulseSensorKind PulseSensor = PulseSensorKind.AnalogAdc12;
}

/// <summary>What a replay produced (host figures; also written as CSV by <see cref="ReplayRunner.Run"/>).</summary>
public sealed class ReplayResult
{
    public List<double> BeatS = new();
    /// <summary>Rows: t_s, hr_bpm (0 = not valid), quality 0..100, pulse status.</summary>
    public List<(double T, double HrBpm, int Quality, PulseStatus Status)> Hr = new();
    public List<(double T, double SclUs, double ScrPerMin, EdaStatus Status)> Eda = new();
    public List<(double T, double Arousal, double Confidence)> Arousal = new();
    public List<(double OnsetS, double AmplitudeUs)> Scrs = new();
    public int RmssdMsAtEnd;
}

/// <summary>
/// Replays a physio CSV through the device's streaming core (<see cref="SensingHub"/>): resamples to the device
/// rates by linear interpolation at the (optionally jittered) sample instants, maps values to sensor counts
/// (<see cref="SensorMapping"/>), and calls Update at the control rate.
/// </summary>
public static class ReplayRunner
{
    /// <summary>
    /// Replays <paramref name="inputCsv"/> and writes beats.csv, hr.csv, eda.csv and arousal.csv into
    /// <paramref name="outDir"/> (created if missing). Follows the tools' convention (tools/README.md): returns 0
    /// and prints a one-line summary to <paramref name="stdout"/> on success; otherwise writes one line starting
    /// with <paramref name="prefix"/> to <paramref name="stderr"/>, leaves no output files behind and returns 2
    /// (bad input: unreadable or invalid recording, output that cannot be written).
    /// </summary>
    public static int Run(string inputCsv, string outDir, TextWriter stderr) => Run(inputCsv, outDir, TextWriter.Null, stderr, new ReplayOptions());

    public static int Run(string inputCsv, string outDir, TextWriter stdout, TextWriter stderr, ReplayOptions options, string prefix = "replay: ")
    {
        PhysioRecording rec;
        ReplayResult r;
        try
        {
            if (string.IsNullOrWhiteSpace(inputCsv)) throw new PhysioFormatException("no input file given");
            rec = PhysioCsv.Read(inputCsv);
            r = Replay(rec, options ?? new ReplayOptions());
        }
        catch (PhysioFormatException e) { stderr.WriteLine(prefix + OneLine(e.Message)); return 2; }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        { stderr.WriteLine(prefix + "cannot read input: " + OneLine(e.Message)); return 2; }

        var files = new (string Name, string Text)[]
        {
            ("beats.csv", BeatsCsv(r)), ("hr.csv", HrCsv(r)), ("eda.csv", EdaCsv(r)), ("arousal.csv", ArousalCsv(r)),
        };
        var written = new List<string>();
        try
        {
            if (string.IsNullOrWhiteSpace(outDir)) throw new IOException("no output directory given");
            Directory.CreateDirectory(outDir);
            foreach (var f in files)
            {
                string tmp = Path.Combine(outDir, f.Name + ".tmp");
                written.Add(tmp);
                File.WriteAllText(tmp, f.Text);
            }
            foreach (var f in files)
            {
                string final = Path.Combine(outDir, f.Name);
                File.Move(Path.Combine(outDir, f.Name + ".tmp"), final, true);
                written.Add(final);
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            foreach (var w in written) { try { if (File.Exists(w)) File.Delete(w); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
            stderr.WriteLine(prefix + "cannot write output: " + OneLine(e.Message));
            return 2;
        }
        stdout.WriteLine(Summary(rec, r, outDir));
        return 0;
    }

    /// <summary>The one-line success summary: recording, span, beats, last HR, SCRs, where the files went.</summary>
    public static string Summary(PhysioRecording rec, ReplayResult r, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        double span = rec.TimeS[^1] - rec.TimeS[0];
        var lastHr = r.Hr.LastOrDefault(h => h.HrBpm > 0);
        return string.Format(inv, "replayed {0}: {1:0.#} s, {2} beats{3}, {4} SCRs -> {5} (beats.csv, hr.csv, eda.csv, arousal.csv)",
            rec.Name, span, r.BeatS.Count, lastHr.HrBpm > 0 ? string.Format(inv, ", last HR {0:0} bpm", lastHr.HrBpm) : "",
            r.Scrs.Count, outDir);
    }

    /// <summary>Runs the streaming core over a recording (no files). Pure function of the inputs.</summary>
    public static ReplayResult Replay(PhysioRecording rec, ReplayOptions o)
    {
        var hub = new SensingHub(o.PulseRateHz, o.PulseSensor, o.EdaRateHz, o.EdaSensor);
        var res = new ReplayResult();
        double t0 = rec.TimeS[0], tEnd = rec.TimeS[^1];
        long durUs = (long)Math.Floor((tEnd - t0) * 1e6);
        hub.SetPulseAvailable(rec.Ppg != null);
        hub.SetEdaAvailable(rec.EdaMicroSiemens != null);
        var ppgMap = rec.Ppg == null ? null
            : o.PulseSensor == PulseSensorKind.Max30102Ir18 ? SensorMapping.PpgToMax30102Ir(rec.Ppg) : SensorMapping.PpgToAdc12(rec.Ppg);
        var rng = new Rng(o.Seed == 0 ? 1u : o.Seed);

        var pulse = new Stream(rec.TimeS, rec.Ppg, t0, o.PulseRateHz, o.JitterUs, rng);
        var eda = new Stream(rec.TimeS, rec.EdaMicroSiemens, t0, o.EdaRateHz, o.JitterUs, rng);
        var snap = new PhysioSnapshot();
        int lastScr = hub.Eda.ScrCount;
        long nextOut = 0;
        for (long nowMs = 0; nowMs * 1000 <= durUs; nowMs += o.ControlPeriodMs)
        {
            long nowUs = nowMs * 1000;
            while (pulse.Next(nowUs, durUs, out long tUs, out double v))
                if (hub.PushPulse(ppgMap(v), tUs)) res.BeatS.Add(t0 + hub.Pulse.LastBeatTUs / 1e6);
            while (eda.Next(nowUs, durUs, out long tUs, out double v))
            {
                int raw = o.EdaSensor == EdaSensorKind.Ads1115 ? SensorMapping.EdaToAds1115(v) : SensorMapping.EdaToGrove(v);
                if (hub.PushEda(raw, tUs))
                    res.Scrs.Add((t0 + hub.Eda.LastScrOnsetTUs / 1e6, hub.Eda.LastScrAmplitudeNanoSiemens / 1000.0));
            }
            hub.Update(nowMs, snap);
            if (nowMs >= nextOut)
            {
                nextOut += o.OutputPeriodMs;
                double t = t0 + nowMs / 1000.0;
                res.Hr.Add((t, snap.HeartRateCentiBpm / 100.0, snap.PulseQuality, snap.Pulse));
                res.Eda.Add((t, snap.SclNanoSiemens / 1000.0, snap.ScrPerMinuteCenti / 100.0, snap.Eda));
                res.Arousal.Add((t, snap.ArousalQ15 / 32767.0, snap.ConfidenceQ15 / 32767.0));
            }
        }
        res.RmssdMsAtEnd = hub.Beats.RmssdMs;
        return res;
    }

    /// <summary>Device-rate sampling of one recorded channel by linear interpolation at (jittered) instants.</summary>
    private sealed class Stream
    {
        private readonly double[] _t, _v; private readonly double _t0; private readonly double _periodUs;
        private readonly int _jitterUs; private readonly Rng _rng;
        private long _k; private int _j; private long _lastTUs = long.MinValue;
        public Stream(double[] t, double[] v, double t0, int rateHz, int jitterUs, Rng rng)
        { _t = t; _v = v; _t0 = t0; _periodUs = 1e6 / rateHz; _jitterUs = Math.Max(0, jitterUs); _rng = rng; }

        public bool Next(long untilUs, long durUs, out long tUs, out double value)
        {
            tUs = 0; value = 0;
            if (_v == null) return false;
            long ideal = (long)Math.Round(_k * _periodUs);
            if (ideal > untilUs || ideal > durUs) return false;
            _k++;
            long jit = 0;
            if (_jitterUs > 0) jit = (long)(_rng.NextUInt() % (uint)(2 * _jitterUs + 1)) - _jitterUs;
            tUs = Math.Clamp(ideal + jit, 0, durUs);
            if (tUs <= _lastTUs) tUs = _lastTUs + 1;     // a real timer never repeats a timestamp
            _lastTUs = tUs;
            double ts = _t0 + tUs / 1e6;
            while (_j + 1 < _t.Length - 1 && _t[_j + 1] <= ts) _j++;
            double a = _t[_j], b = _t[_j + 1];
            double f = Math.Clamp((ts - a) / (b - a), 0, 1);
            value = _v[_j] + (_v[_j + 1] - _v[_j]) * f;
            return true;
        }
    }

    private static string F(double v, string fmt) => v.ToString(fmt, CultureInfo.InvariantCulture);

    private static string BeatsCsv(ReplayResult r)
    {
        var sb = new StringBuilder("beat_t_s\n");
        foreach (var b in r.BeatS) sb.Append(F(b, "0.0000")).Append('\n');
        return sb.ToString();
    }
    private static string HrCsv(ReplayResult r)
    {
        var sb = new StringBuilder("t_s,hr_bpm,quality\n");
        foreach (var h in r.Hr) sb.Append(F(h.T, "0.000")).Append(',').Append(F(h.HrBpm, "0.00")).Append(',').Append(h.Quality).Append('\n');
        return sb.ToString();
    }
    private static string EdaCsv(ReplayResult r)
    {
        var sb = new StringBuilder("t_s,scl_us,scr_per_min\n");
        foreach (var e in r.Eda) sb.Append(F(e.T, "0.000")).Append(',').Append(F(e.SclUs, "0.000")).Append(',').Append(F(e.ScrPerMin, "0.00")).Append('\n');
        return sb.ToString();
    }
    private static string ArousalCsv(ReplayResult r)
    {
        var sb = new StringBuilder("t_s,arousal,confidence\n");
        foreach (var a in r.Arousal) sb.Append(F(a.T, "0.000")).Append(',').Append(F(a.Arousal, "0.0000")).Append(',').Append(F(a.Confidence, "0.0000")).Append('\n');
        return sb.ToString();
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
}
