namespace Bedside.Tests.Audio;

/// <summary>
/// Click detector used by the audio tests. It looks at the second difference e[n] = x[n] - 2x[n-1] + x[n-2]
/// (a discontinuity in value or slope shows up there as a spike, while a tone of frequency f has
/// |e| = A·(2π f/fs)², small below a few kHz). A click is |e[n]| &gt; K · max(RMS_32, RMS_256, Floor), where RMS_w
/// is the RMS of e over the w samples before n, K = 8 and Floor = 16 LSB. The 256-sample window keeps the
/// reference stable; the 32-sample window follows legitimate fast (≥ 10 ms) fades. Steps from silence larger
/// than 128 LSB, dropped samples, DC steps and gated tones are flagged (tested below); clean tones and the
/// engine's noise beds are not.
/// </summary>
public static class ClickDetector
{
    public const double K = 8.0;
    public const double FloorLsb = 16;

    /// <summary>Index of the first click at or after start (≥ 2), or -1.</summary>
    public static int FirstClick(short[] x, int start = 2)
    {
        int n0 = Math.Max(2, start);
        var e = new double[x.Length];
        for (int n = 2; n < x.Length; n++) e[n] = x[n] - 2.0 * x[n - 1] + x[n - 2];
        double s32 = 0, s256 = 0;
        for (int n = 2; n < x.Length; n++)
        {
            if (n >= n0)
            {
                double r32 = Math.Sqrt(Math.Max(0, s32) / Math.Clamp(n - 2, 1, 32));
                double r256 = Math.Sqrt(Math.Max(0, s256) / Math.Clamp(n - 2, 1, 256));
                double reference = Math.Max(FloorLsb, Math.Max(r32, r256));
                if (Math.Abs(e[n]) > K * reference) return n;
            }
            s32 += e[n] * e[n]; s256 += e[n] * e[n];
            if (n - 32 >= 2) s32 -= e[n - 32] * e[n - 32];
            if (n - 256 >= 2) s256 -= e[n - 256] * e[n - 256];
        }
        return -1;
    }
}
