using Bedside.Core.Audio;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Audio;

/// <summary>
/// Pitch and aliasing of the period-locked tonal loop. Every voice is rendered on the loop grid fs/N, so once the
/// loop is steady the output is exactly periodic in N = 8192 samples and an unwindowed DFT of one period shows
/// each partial in exactly one bin. Pitch is measured from the rendered audio (phase-difference estimate over
/// two consecutive periods is exact for periodic signals; we use parabolic interpolation on a 4N Hann spectrum),
/// compared with the grid frequency the engine reports.
/// </summary>
public class PitchAliasTests
{
    private readonly ITestOutputHelper _out;
    public PitchAliasTests(ITestOutputHelper o) { _out = o; }

    private static short[] Steady(int fs, Timbre t, int freqHzQ16, int brightQ15)
    {
        return Dsp.Render(fs, 1, e =>
        {
            e.SetLevelCapCentiDb(0); e.SetMasterLevel(0, 10); e.Start(10);
            e.SetBrightness(brightQ15, 10);
            e.SetDrone(0, t, freqHzQ16, 20000, 10);
        }, 8 * AudioEngine.LoopLength / (double)fs + 0.01);
    }

    /// <summary>Frequency (Hz) of the strongest component, from a Hann-windowed 4N FFT with quadratic interpolation in dB.</summary>
    private static double PeakHz(short[] x, int start, int n, int fs)
    {
        var p = Dsp.Welch(x, start, n);
        int k = 1; for (int i = 2; i < p.Length - 1; i++) if (p[i] > p[k]) k = i;
        double a = Math.Log(p[k - 1]), b = Math.Log(p[k]), c = Math.Log(p[k + 1]);
        double delta = 0.5 * (a - c) / (a - 2 * b + c);
        return (k + delta) * fs / n;
    }

    [Theory]
    [InlineData(Timbre.Pad, 16000)]
    [InlineData(Timbre.Pluck, 16000)]
    [InlineData(Timbre.Bell, 22050)]
    [InlineData(Timbre.Flute, 11025)]
    [InlineData(Timbre.Bass, 16000)]
    public void Pitch_within_one_cent_at_ten_frequencies(Timbre t, int fs)
    {
        double[] freqs = { 41.2, 55, 87.3, 110, 146.8, 220, 329.6, 440, 659.3, 987.8 };
        foreach (double f in freqs)
        {
            int q16 = (int)Math.Round(f * 65536);
            var x = Steady(fs, t, q16, 16384);
            // expected: the grid frequency k·fs/N nearest to f (the engine's documented quantization)
            double grid = (double)fs / AudioEngine.LoopLength;
            double expect = Math.Round(f / grid) * grid;
            double got = PeakHz(x, 4 * AudioEngine.LoopLength, 4 * AudioEngine.LoopLength, fs);
            double cents = 1200 * Math.Log2(got / expect);
            _out.WriteLine($"{t} {fs} Hz: asked {f} Hz, grid {expect:F3} Hz, measured {got:F3} Hz ({cents:+0.000;-0.000} cent); quantization {1200 * Math.Log2(expect / f):+0.0;-0.0} cent");
            Assert.InRange(cents, -1.0, 1.0);
        }
    }

    [Theory]
    [InlineData(Timbre.Pad, 16000)]
    [InlineData(Timbre.Bell, 16000)]
    [InlineData(Timbre.Pluck, 22050)]
    [InlineData(Timbre.Bass, 11025)]
    public void No_aliasing_at_full_brightness(Timbre t, int fs)
    {
        // high notes whose upper partials would fold back if they were rendered
        foreach (double f in new[] { 1500.0, 2600.0, 3900.0 })
        {
            if (f > 0.4 * fs) continue;
            var x = Steady(fs, t, (int)(f * 65536), 32767);
            int n = AudioEngine.LoopLength;
            var p = Dsp.Periodogram(x, 6 * n, n);
            int bin = (int)Math.Round(f * n / fs);
            var allowed = new HashSet<int>();
            for (int i = 0; i < 3; i++)
            {
                int pb = (bin * Timbres.RatioQ8[(int)t * 3 + i] + 128) >> 8;
                if (pb < (int)(n * 0.45)) allowed.Add(pb);
            }
            double total = p.Sum(), peak = p.Max();
            double other = 0; for (int k = 0; k < p.Length; k++) if (!allowed.Contains(k)) other = Math.Max(other, p[k]);
            double db = 10 * Math.Log10(other / peak);
            _out.WriteLine($"{t} {f} Hz @ {fs}: strongest non-partial component {db:F1} dB");
            Assert.True(db <= -60, $"{t} {f} Hz: {db:F1} dB");
        }
    }
}
