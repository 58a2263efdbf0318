namespace Bedside.Tests.Sensing;

/// <summary>Synthetic test signals (host-only, double precision).</summary>
public static class SynthSignals
{
    /// <summary>
    /// A PPG-like pulse train at the given beat times: per beat a systolic Gaussian (σ 60 ms, 150 ms after the
    /// beat) and a dicrotic wave (40 %, σ 80 ms, 420 ms after). Returns the value at time t.
    /// </summary>
    public static double Ppg(double t, double[] beats)
    {
        double v = 0;
        int lo = Array.BinarySearch(beats, t - 1.5); if (lo < 0) lo = ~lo;
        for (int i = lo; i < beats.Length && beats[i] <= t + 0.1; i++)
        {
            double u = t - beats[i];
            v += Math.Exp(-0.5 * Sq((u - 0.15) / 0.06)) + 0.4 * Math.Exp(-0.5 * Sq((u - 0.42) / 0.08));
        }
        return v;
    }

    /// <summary>Regular beat times at bpm from t0 to t1, with optional RR variability (uniform ± var s) from a seeded generator.</summary>
    public static double[] Beats(double bpm, double t0, double t1, double rrVarS = 0, int seed = 1)
    {
        var r = new Random(seed); var l = new List<double>();
        for (double t = t0; t < t1; t += 60.0 / bpm + (rrVarS > 0 ? (r.NextDouble() * 2 - 1) * rrVarS : 0)) l.Add(t);
        return l.ToArray();
    }

    /// <summary>Bateman-shaped SCR (τ rise 0.75 s, τ decay 2 s) normalised to peak amplitude 1 at ~1.18 s after onset.</summary>
    public static double Bateman(double u)
    {
        if (u <= 0) return 0;
        const double peak = 0.3463; // max of e^(−u/2) − e^(−u/0.75)
        return (Math.Exp(-u / 2.0) - Math.Exp(-u / 0.75)) / peak;
    }

    public static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    static double Sq(double x) => x * x;
}
