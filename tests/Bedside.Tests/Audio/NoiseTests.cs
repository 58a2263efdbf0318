using Bedside.Core.Audio;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Audio;

public class NoiseTests
{
    private readonly ITestOutputHelper _out;
    public NoiseTests(ITestOutputHelper o) { _out = o; }

    private static short[] NoiseOnly(NoiseColor c, int fs, double seconds) => Dsp.Render(fs, 5, e =>
    {
        e.SetLevelCapCentiDb(0);
        e.SetMasterLevel(0, 10);
        e.Start(10);
        e.SetNoiseBed(c, 32767, 10);
    }, seconds);

    [Theory]
    [InlineData(NoiseColor.Pink, 16000, -3.0, 1.0)]
    [InlineData(NoiseColor.Brown, 16000, -6.0, 1.5)]
    [InlineData(NoiseColor.Pink, 22050, -3.0, 1.0)]
    [InlineData(NoiseColor.Brown, 11025, -6.0, 1.5)]
    public void Noise_slope_over_400Hz_to_5kHz_above_the_100Hz_highpass(NoiseColor c, int fs, double slope, double tol)
    {
        var x = NoiseOnly(c, fs, 20);
        var psd = Dsp.Welch(x, fs / 10, 8192);
        double s = Dsp.OctaveSlopeDb(psd, 8192, fs, 400, 5000);
        _out.WriteLine($"{c} @ {fs}: {s:F2} dB/octave");
        Assert.InRange(s, slope - tol, slope + tol);
    }

    [Theory]
    [InlineData(NoiseColor.Pink)]
    [InlineData(NoiseColor.Brown)]
    [InlineData(NoiseColor.Ocean)]
    public void Noise_has_no_DC(NoiseColor c)
    {
        // the tables themselves: mean over one period
        foreach (var t in new[] { Tables.PinkQ15, Tables.BrownQ15 })
            Assert.True(Math.Abs(t.Average(v => (double)v)) / 32768.0 < 1e-6);
        // the spliced, gain-ramped stream over 10 minutes (DC-balanced splicing keeps the running sum bounded)
        var x = NoiseOnly(c, 16000, 600);
        double mean = x.Skip(1600).Average(v => (double)v) / 32768.0;
        _out.WriteLine($"{c}: DC {mean:E2} FS");
        Assert.True(Math.Abs(mean) < 1e-4, $"DC {mean:E2}");
    }

    /// <summary>
    /// The bed darkens with the tilt, measured on the rendered bed: a pink bed's octave slope (400 Hz–5 kHz) moves from
    /// the pink table's −3 dB/oct at tilt 0 to the brown table's −6 dB/oct at full tilt, monotonically in between, and
    /// its 3–8 kHz share falls with it. The tilt only chooses which table each new segment reads: the level stays within 1.5 dB.
    /// </summary>
    [Fact]
    public void A_pink_bed_tilts_from_pink_to_brown_as_the_tilt_rises()
    {
        const int fs = 16000;
        var tilts = new[] { 0, 8192, 16384, 24576, 32767 };
        var slopes = new double[tilts.Length];
        var shares = new double[tilts.Length];
        var rms = new double[tilts.Length];
        for (int k = 0; k < tilts.Length; k++)
        {
            int tilt = tilts[k];
            var x = Dsp.Render(fs, 5, e =>
            {
                e.SetLevelCapCentiDb(0);
                e.SetMasterLevel(0, 10);
                e.Start(10);
                e.SetNoiseTilt(tilt);
                e.SetNoiseBed(NoiseColor.Pink, 32767, 10);
            }, 60);
            var psd = Dsp.Welch(x, fs, 8192);
            slopes[k] = Dsp.OctaveSlopeDb(psd, 8192, fs, 400, 5000);
            double all = 0, hi = 0;
            for (int b = 1; b < psd.Length; b++) { double f = b * (double)fs / 8192; all += psd[b]; if (f >= 3000 && f < 8000) hi += psd[b]; }
            shares[k] = hi / all;
            rms[k] = Math.Sqrt(x.Skip(fs).Average(v => (double)v * v));
            _out.WriteLine($"tilt {tilt / 32767.0:F2}: slope {slopes[k]:F2} dB/oct, 3-8 kHz share {100 * shares[k]:F2} %, RMS {rms[k]:F0} LSB");
        }
        Assert.InRange(slopes[0], -4.0, -2.0);
        Assert.InRange(slopes[^1], -7.5, -4.5);
        for (int k = 1; k < tilts.Length; k++)
        {
            Assert.True(slopes[k] < slopes[k - 1], $"slope at tilt {tilts[k]} not darker than at {tilts[k - 1]}");
            Assert.True(shares[k] < shares[k - 1], $"3-8 kHz share at tilt {tilts[k]} not lower than at {tilts[k - 1]}");
        }
        Assert.InRange(20 * Math.Log10(rms.Max() / rms.Min()), 0, 1.5);
        Assert.True(shares[^1] < 0.5 * shares[0], $"full tilt keeps {shares[^1] / shares[0]:F2} of the 3-8 kHz share");
    }
}
