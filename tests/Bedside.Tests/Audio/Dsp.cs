using Bedside.Core.Audio;

namespace Bedside.Tests.Audio;

/// <summary>Host-side analysis helpers for the audio tests (double precision; never used by the firmware).</summary>
public static class Dsp
{
    public static short[] ToPcm(byte[] b, int count)
    {
        var s = new short[count];
        for (int i = 0; i < count; i++) s[i] = (short)(b[2 * i] | (b[2 * i + 1] << 8));
        return s;
    }

    /// <summary>Render seconds of audio after applying setup at sample 0 (blocks of 512).</summary>
    public static short[] Render(int fs, uint seed, Action<AudioEngine> setup, double seconds, Action<AudioEngine, long> perBlock = null)
    {
        var e = new AudioEngine();
        e.Init(fs, seed);
        setup(e);
        int total = (int)(seconds * fs);
        var pcm = new short[total];
        var buf = new byte[1024];
        int done = 0;
        while (done < total)
        {
            perBlock?.Invoke(e, done);
            int n = Math.Min(512, total - done);
            e.Render(buf, 0, n);
            for (int i = 0; i < n; i++) pcm[done + i] = (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
            done += n;
        }
        return pcm;
    }

    /// <summary>Welch power spectrum (Hann, 50 % overlap), length-n segments; returns power per bin 0..n/2.</summary>
    public static double[] Welch(short[] x, int start, int n)
    {
        var acc = new double[n / 2 + 1];
        int segs = 0;
        var re = new double[n]; var im = new double[n];
        for (int s = start; s + n <= x.Length; s += n / 2)
        {
            for (int i = 0; i < n; i++) { double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n); re[i] = x[s + i] * w; im[i] = 0; }
            Bedside.TableGen.TableGenerator.Fft(re, im, false);
            for (int k = 0; k <= n / 2; k++) acc[k] += re[k] * re[k] + im[k] * im[k];
            segs++;
        }
        for (int k = 0; k <= n / 2; k++) acc[k] /= segs;
        return acc;
    }

    /// <summary>Power spectrum of exactly n samples, no window (for exactly periodic signals).</summary>
    public static double[] Periodogram(short[] x, int start, int n)
    {
        var re = new double[n]; var im = new double[n];
        for (int i = 0; i < n; i++) re[i] = x[start + i];
        Bedside.TableGen.TableGenerator.Fft(re, im, false);
        var p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) p[k] = re[k] * re[k] + im[k] * im[k];
        return p;
    }

    /// <summary>Least-squares slope (dB per octave) of mean band power in octave bands from f0 up to f1.</summary>
    public static double OctaveSlopeDb(double[] psd, int n, int fs, double f0, double f1)
    {
        var xs = new List<double>(); var ys = new List<double>();
        int oct = 0;
        for (double lo = f0; lo * 2 <= f1 * 1.0001; lo *= 2, oct++)
        {
            int k0 = (int)Math.Ceiling(lo * n / fs), k1 = (int)Math.Floor(2 * lo * n / fs);
            double sum = 0; int cnt = 0;
            for (int k = k0; k < k1; k++) { sum += psd[k]; cnt++; }
            xs.Add(oct); ys.Add(10 * Math.Log10(sum / cnt));
        }
        double mx = xs.Average(), my = ys.Average();
        double num = 0, den = 0;
        for (int i = 0; i < xs.Count; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) * (xs[i] - mx); }
        return num / den;
    }
}
