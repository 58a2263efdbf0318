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
}
