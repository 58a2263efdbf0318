namespace Bedside.Tests.Composer;

/// <summary>
/// Host-side audio measures for the composer's rendered-audio tests: ITU-R BS.1770 / EBU R128-style gated
/// loudness (K-weighting, 400 ms blocks with 75 % overlap, absolute gate -70 LUFS, relative gate -10 LU), true peak
/// (4x oversampled with a windowed-sinc interpolator) and the spectral centroid (Welch, Hann).
/// </summary>
public static class AudioMeasures
{
    /// <summary>K-weighting (BS.1770 stage 1 high shelf + stage 2 RLB high-pass) designed for fs by the bilinear transform.</summary>
    public static double[] KWeight(double[] x, int fs)
    {
        // stage 1: high shelf, +4 dB above ~1.7 kHz
        double f0 = 1681.974450955533, gDb = 3.999843853973347, q = 0.7071752369554196;
        double k = Math.Tan(Math.PI * f0 / fs), vh = Math.Pow(10, gDb / 20), vb = Math.Pow(vh, 0.4996667741545416);
        double a0 = 1 + k / q + k * k;
        var y = Biquad(x, (vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
            2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);
        // stage 2: RLB high-pass at ~38 Hz
        f0 = 38.13547087602444; q = 0.5003270373238773; k = Math.Tan(Math.PI * f0 / fs);
        a0 = 1 + k / q + k * k;
        return Biquad(y, 1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);
    }

    static double[] Biquad(double[] x, double b0, double b1, double b2, double a1, double a2)
    {
        var y = new double[x.Length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = x[i]; y2 = y1; y1 = v; y[i] = v;
        }
        return y;
    }

    /// <summary>Integrated loudness in LUFS (full scale = 1.0) of a mono signal; -inf when everything is gated out.</summary>
    public static double GatedLoudness(short[] pcm, int fs)
    {
        var x = new double[pcm.Length];
        for (int i = 0; i < x.Length; i++) x[i] = pcm[i] / 32768.0;
        var k = KWeight(x, fs);
        int block = (int)(0.4 * fs), hop = block / 4;
        var z = new List<double>();
        for (int s = 0; s + block <= k.Length; s += hop)
        {
            double sum = 0;
            for (int i = s; i < s + block; i++) sum += k[i] * k[i];
            z.Add(sum / block);
        }
        static double L(double ms) => -0.691 + 10 * Math.Log10(ms);
        var abs = z.Where(v => v > 0 && L(v) > -70).ToList();
        if (abs.Count == 0) return double.NegativeInfinity;
        double rel = L(abs.Average()) - 10;
        var gated = abs.Where(v => L(v) > rel).ToList();
        return L(gated.Average());
    }

    /// <summary>True peak (linear, full scale = 1.0): max |x| after 4x oversampling (Kaiser-windowed sinc, 16 taps per phase).</summary>
    public static double TruePeak(short[] pcm)
    {
        const int up = 4, half = 8; // 2·half input taps per output phase
        double peak = 0;
        var h = new double[up, 2 * half];
        for (int ph = 0; ph < up; ph++)
            for (int t = 0; t < 2 * half; t++)
            {
                double pos = (t - half + 1) - ph / (double)up; // input offset relative to the output instant
                double sinc = Math.Abs(pos) < 1e-12 ? 1 : Math.Sin(Math.PI * pos) / (Math.PI * pos);
                double r = pos / (half + 0.5);
                double w = Math.Abs(r) >= 1 ? 0 : BesselI0(6 * Math.Sqrt(1 - r * r)) / BesselI0(6);
                h[ph, t] = sinc * w;
            }
        for (int n = half; n + half < pcm.Length; n++)
            for (int ph = 0; ph < up; ph++)
            {
                double acc = 0;
                for (int t = 0; t < 2 * half; t++) acc += h[ph, t] * pcm[n - half + 1 + t];
                double a = Math.Abs(acc) / 32768.0;
                if (a > peak) peak = a;
            }
        return peak;
    }

    static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 30; k++) { term *= (x / (2 * k)) * (x / (2 * k)); sum += term; }
        return sum;
    }

    /// <summary>Spectral centroid in Hz of the Welch power spectrum (4096-point segments), over 20 Hz .. fs/2.</summary>
    public static double Centroid(short[] pcm, int start, int fs)
    {
        const int n = 4096;
        var p = Bedside.Tests.Audio.Dsp.Welch(pcm, start, n);
        double num = 0, den = 0;
        for (int k = (int)Math.Ceiling(20.0 * n / fs); k <= n / 2; k++) { double f = k * (double)fs / n; num += f * p[k]; den += p[k]; }
        return den == 0 ? 0 : num / den;
    }
}
