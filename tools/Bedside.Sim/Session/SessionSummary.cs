using System.Globalization;

namespace Bedside.Sim.Session;

/// <summary>The short printed summary of a session: minutes per state, time to settle, level statistics.</summary>
public static class SessionSummary
{
    /// <summary>Name of the therapy state whose first entry counts as "settled".</summary>
    public const string SettledState = "Settled";

    public static void Write(TextWriter w, SessionOptions o, SessionResult r, string outDir, double elapsedS)
    {
        var ci = CultureInfo.InvariantCulture;
        var tl = r.Timeline;
        w.WriteLine("Session: program " + SessionOptions.ProgramName(o.Program) + ", scenario " + Scenarios.ScenarioNames.Name(o.Scenario)
            + ", " + o.Minutes + " min, seed " + o.Seed + ", " + o.RateHz + " Hz -> " + outDir);

        var names = new List<string>(); var secs = new List<int>();
        foreach (var s in tl.State)
        {
            int k = names.IndexOf(s);
            if (k < 0) { names.Add(s); secs.Add(0); k = names.Count - 1; }
            secs[k]++;
        }
        w.WriteLine("Minutes per state: " + string.Join(" | ", names.Select((s, i) => (s.Length == 0 ? "?" : s) + " " + (secs[i] / 60.0).ToString("0.0", ci))));

        int settle = tl.State.FindIndex(s => string.Equals(s, SettledState, StringComparison.OrdinalIgnoreCase));
        w.WriteLine("Time to settle: " + (settle < 0 ? "not reached" : (tl.TS[settle] / 60.0).ToString("0.0", ci) + " min (first entry into " + SettledState + ")"));

        var audible = tl.LevelDb.Where(v => v > Timeline.SilenceDb).OrderBy(v => v).ToArray();
        string peak = r.PeakAbs == 0 ? "silent" : (20 * Math.Log10(r.PeakAbs / 32768.0)).ToString("0.0", ci) + " dBFS";
        if (audible.Length == 0)
            w.WriteLine("Level: silent for the whole session");
        else
            w.WriteLine("Level (per-second RMS, dBFS, over " + (audible.Length / 60.0).ToString("0.0", ci) + " audible min): median "
                + Pct(audible, 0.5).ToString("0.0", ci) + ", p95 " + Pct(audible, 0.95).ToString("0.0", ci)
                + ", max " + audible[^1].ToString("0.0", ci) + "; sample peak " + peak);

        var h = r.Heard;
        if (h != null && h.HasData)
            w.WriteLine("Speaker (" + SpeakerModel.Name + ", fc " + SpeakerModel.FcHz.ToString("0", ci) + " Hz, Qtc " + SpeakerModel.Qtc.ToString("0.00", ci)
                + "): share below 150 Hz line-out " + h.ShareBelow(HeardSpectrum.LowSplitHz, false).ToString("0.00", ci)
                + ", as heard " + h.ShareBelow(HeardSpectrum.LowSplitHz, true).ToString("0.00", ci)
                + "; centroid line-out " + h.Centroid(false).ToString("0", ci) + " Hz, as heard " + h.Centroid(true).ToString("0", ci)
                + " Hz; level as heard " + h.HeardGainDb(false).ToString("+0.0;-0.0", ci) + " dB, A-weighted "
                + h.HeardGainDb(true).ToString("+0.0;-0.0", ci) + " dB re line-out " + h.LineOutDbfs.ToString("0.0", ci) + " dBFS RMS");
        var est = tl.Arousal.Where(v => !double.IsNaN(v)).ToArray();
        w.WriteLine("Arousal: listener model " + r.ModelArousalStart.ToString("0.00", ci) + " -> " + r.ModelArousalEnd.ToString("0.00", ci)
            + "; unit's estimate " + (est.Length == 0 ? "none (open loop)" : est[0].ToString("0.00", ci) + " -> " + est[^1].ToString("0.00", ci)));
        double audioS = r.SamplesRendered / (double)o.RateHz;
        w.WriteLine("Files: " + SessionRunner.WavName + " (" + Clock(audioS) + "), " + SessionRunner.TimelineName + " (" + tl.Count + " rows), "
            + SessionRunner.PlotName + ", " + SessionRunner.LogName + " (" + r.LogBytes + " bytes), " + SessionRunner.TraceName + ", " + SessionRunner.ListenerName);
        w.WriteLine("Simulated " + Clock(audioS) + " in " + elapsedS.ToString("0.0", ci) + " s (" + (audioS / Math.Max(1e-6, elapsedS)).ToString("0", ci) + "x real time)");
    }

    private static double Pct(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * (sorted.Length - 1) + 0.5))];

    private static string Clock(double s)
    {
        long t = (long)Math.Round(s);
        return t >= 3600 ? (t / 3600) + ":" + (t / 60 % 60).ToString("00") + ":" + (t % 60).ToString("00") : (t / 60) + ":" + (t % 60).ToString("00");
    }
}
