using Bedside.Host.Physio;

namespace Bedside.Host.Scoring;

/// <summary>Scores of a beat detector against ECG truth, as in ../shared/data/physio/README.md.</summary>
public sealed class BeatScore
{
    public double LagS; public int TruePositives, FalseNegatives, FalsePositives;
    /// <summary>Sum of |detected − lag − truth| over the matches, s (tie-break of the lag search).</summary>
    public double SumAbsErrorS;
    public double Sensitivity => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double Ppv => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public override string ToString() => $"lag {LagS * 1000:0} ms, TP {TruePositives}, FN {FalseNegatives}, FP {FalsePositives}, sens {Sensitivity:0.0000}, PPV {Ppv:0.0000}";
}

/// <summary>Heart-rate error over 10-s windows (2-s step).</summary>
public sealed class HrErrorScore
{
    public double MeanAbsErrorBpm; public int Windows, WindowsWithRate;
    public double Coverage => Windows == 0 ? 0 : (double)WindowsWithRate / Windows;
    public override string ToString() => $"HR error {MeanAbsErrorBpm:0.00} bpm over {WindowsWithRate}/{Windows} windows";
}

/// <summary>
/// The data README's method: skip the first 10 s and masked intervals; find the single constant lag
/// (0 .. one median RR, 1-ms steps) that matches the most beats (ties: smallest summed timing error); match one-to-one within the tolerance;
/// premature truth beats (flag P) are optional (a match counts, a miss does not). HR error = mean absolute
/// difference over 10-s windows with a 2-s step between the rate from truth beats and the rate from detected
/// beats (lag removed) or the mean displayed rate in the window.
/// </summary>
public static class BeatScorer
{
    public const double SkipS = 10, WindowS = 10, StepS = 2;
    /// <summary>The data README's tolerance (±100 ms) and the published PPG-beat benchmarks' (±0.2 s), seconds.</summary>
    public const double ToleranceS = 0.100, BenchmarkToleranceS = 0.200;

    /// <summary>
    /// Scores at both tolerances, each with its own best lag. One line for reports:
    /// "±100 ms: sens …, PPV … | ±0.2 s: sens …, PPV …".
    /// </summary>
    public static (BeatScore Strict, BeatScore Benchmark, string Line) ScoreBoth(IReadOnlyList<double> detectedS, BeatTruth truth)
    {
        var a = Score(detectedS, truth, ToleranceS);
        var b = Score(detectedS, truth, BenchmarkToleranceS);
        return (a, b, $"±100 ms: sens {a.Sensitivity:0.0000}, PPV {a.Ppv:0.0000} (TP {a.TruePositives}, FN {a.FalseNegatives}, FP {a.FalsePositives}) | " +
                      $"±0.2 s: sens {b.Sensitivity:0.0000}, PPV {b.Ppv:0.0000} (TP {b.TruePositives}, FN {b.FalseNegatives}, FP {b.FalsePositives})");
    }

    public static BeatScore Score(IReadOnlyList<double> detectedS, BeatTruth truth, double tolS)
    {
        double rr = MedianRr(truth.BeatS);
        BeatScore best = null;
        for (int lagMs = 0; lagMs <= (int)(rr * 1000); lagMs++)
        {
            var s = Match(detectedS, truth, lagMs / 1000.0, tolS);
            if (best == null || s.TruePositives > best.TruePositives ||
                (s.TruePositives == best.TruePositives && s.SumAbsErrorS < best.SumAbsErrorS - 1e-9))
                best = s;
        }
        return best;
    }

    /// <summary>Matches at a given lag (detected − lag vs truth).</summary>
    public static BeatScore Match(IReadOnlyList<double> detectedS, BeatTruth truth, double lagS, double tolS)
    {
        var det = new List<double>();
        foreach (var d in detectedS) { double x = d - lagS; if (x >= SkipS && !truth.Masked(x)) det.Add(x); }
        var tb = new List<(double T, bool Opt)>();
        for (int i = 0; i < truth.BeatS.Length; i++) { double x = truth.BeatS[i]; if (x >= SkipS && !truth.Masked(x)) tb.Add((x, truth.Optional[i])); }
        int a = 0, b = 0, tp = 0, fn = 0, fp = 0; double err = 0;
        while (a < tb.Count && b < det.Count)
        {
            double diff = det[b] - tb[a].T;
            if (Math.Abs(diff) <= tolS)
            {
                // prefer the closer of this truth beat's candidates when the next truth beat is nearer to det[b]
                if (a + 1 < tb.Count && Math.Abs(det[b] - tb[a + 1].T) < Math.Abs(diff)) { if (!tb[a].Opt) fn++; a++; continue; }
                tp++; err += Math.Abs(diff); a++; b++;
            }
            else if (diff < 0) { fp++; b++; }
            else { if (!tb[a].Opt) fn++; a++; }
        }
        for (; a < tb.Count; a++) if (!tb[a].Opt) fn++;
        fp += det.Count - b;
        return new BeatScore { LagS = lagS, TruePositives = tp, FalseNegatives = fn, FalsePositives = fp, SumAbsErrorS = err };
    }

    /// <summary>HR error of detected beats (lag removed) against truth.</summary>
    public static HrErrorScore HrErrorFromBeats(IReadOnlyList<double> detectedS, double lagS, BeatTruth truth)
    {
        var shifted = detectedS.Select(d => d - lagS).ToArray();
        return Windows(truth, (w0, w1) => RateIn(shifted, w0, w1));
    }

    /// <summary>HR error of a displayed rate series (rows with hr &gt; 0 are valid) against truth.</summary>
    public static HrErrorScore HrErrorFromDisplay(IReadOnlyList<(double T, double HrBpm)> display, BeatTruth truth)
    {
        return Windows(truth, (w0, w1) =>
        {
            double sum = 0; int n = 0;
            foreach (var r in display) if (r.T >= w0 && r.T < w1 && r.HrBpm > 0) { sum += r.HrBpm; n++; }
            return n == 0 ? double.NaN : sum / n;
        });
    }

    private static HrErrorScore Windows(BeatTruth truth, Func<double, double, double> rate)
    {
        double end = truth.BeatS.Length > 0 ? truth.BeatS[^1] : 0;
        double errSum = 0; int n = 0, total = 0;
        for (double w0 = SkipS; w0 + WindowS <= end; w0 += StepS)
        {
            double w1 = w0 + WindowS;
            bool masked = false;
            for (int i = 0; i < truth.MaskStartS.Length; i++) if (truth.MaskStartS[i] < w1 && truth.MaskEndS[i] > w0) masked = true;
            if (masked) continue;
            double tr = RateIn(truth.BeatS, w0, w1);
            if (double.IsNaN(tr)) continue;
            total++;
            double d = rate(w0, w1);
            if (double.IsNaN(d)) continue;
            errSum += Math.Abs(d - tr); n++;
        }
        return new HrErrorScore { MeanAbsErrorBpm = n == 0 ? double.NaN : errSum / n, Windows = total, WindowsWithRate = n };
    }

    /// <summary>60·(n−1)/(last − first) over the beats inside [w0, w1); NaN with fewer than 2.</summary>
    public static double RateIn(IReadOnlyList<double> beats, double w0, double w1)
    {
        double first = double.NaN, last = double.NaN; int n = 0;
        foreach (var b in beats) if (b >= w0 && b < w1) { if (n == 0) first = b; last = b; n++; }
        return n < 2 || last <= first ? double.NaN : 60.0 * (n - 1) / (last - first);
    }

    private static double MedianRr(double[] beats)
    {
        if (beats.Length < 2) return 1.0;
        var rr = new double[beats.Length - 1];
        for (int i = 1; i < beats.Length; i++) rr[i - 1] = beats[i] - beats[i - 1];
        Array.Sort(rr);
        return rr[rr.Length / 2];
    }
}
