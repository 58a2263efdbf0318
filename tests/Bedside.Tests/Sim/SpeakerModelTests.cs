using Xunit;
using Bedside.Sim.Session;

namespace Bedside.Tests.Sim;

/// <summary>
/// The simulator's speaker model against the closed-box formulas worked by hand from the datasheet figures
/// (Fs 102 Hz, Qts 0.65, Vas 0.40 L, Vb 1.0 L), the IEC 61672 A-weighting table, and the long-term spectrum on tones
/// whose answers are known.
/// </summary>
public class SpeakerModelTests
{
    [Fact]
    public void Closed_box_alignment_follows_from_the_datasheet()
    {
        Assert.Equal(120.69, SpeakerModel.FcHz, 2);
        Assert.Equal(0.769, SpeakerModel.Qtc, 3);
        // |H|² at fc is Qtc² (−2.28 dB); at fc/2 x⁴ / ((1 − x²)² + (x/Qtc)²) with x = 0.5 (−11.98 dB)
        Assert.Equal(-2.28, SpeakerModel.ResponseDb(SpeakerModel.FcHz), 2);
        Assert.Equal(-11.98, SpeakerModel.ResponseDb(SpeakerModel.FcHz / 2), 2);
        // 12 dB per octave well below fc
        double slope = SpeakerModel.ResponseDb(20) - SpeakerModel.ResponseDb(10);
        Assert.Equal(12.0, slope, 0);
        // pass band flat
        Assert.InRange(SpeakerModel.ResponseDb(1000), -0.1, 0.1);
    }

    [Theory]
    [InlineData(4000.0, -0.65)]
    [InlineData(8000.0, -2.15)]
    [InlineData(10000.0, -3.01)]
    public void Top_rolls_off_as_a_first_order_low_pass(double f, double db)
    {
        Assert.InRange(SpeakerModel.ResponseDb(f), db - 0.02, db + 0.02);
    }

    [Theory] // IEC 61672-1 Table 2, A-weighting at nominal frequencies (dB)
    [InlineData(31.5, -39.4)]
    [InlineData(63.0, -26.2)]
    [InlineData(125.0, -16.1)]
    [InlineData(250.0, -8.6)]
    [InlineData(500.0, -3.2)]
    [InlineData(1000.0, 0.0)]
    [InlineData(2000.0, 1.2)]
    [InlineData(4000.0, 1.0)]
    [InlineData(8000.0, -1.1)]
    public void A_weighting_matches_the_standard(double f, double db)
    {
        Assert.InRange(10 * Math.Log10(SpeakerModel.AWeightPower(f)), db - 0.15, db + 0.15);
    }

    static HeardSpectrum Tones(double a1, double f1, double a2, double f2, int seconds = 4)
    {
        const int fs = 16000;
        var h = new HeardSpectrum(fs);
        for (int n = 0; n < seconds * fs; n++)
            h.Add(a1 * Math.Sin(2 * Math.PI * f1 * n / fs) + a2 * Math.Sin(2 * Math.PI * f2 * n / fs));
        return h;
    }

    [Fact]
    public void Spectrum_of_known_tones()
    {
        // equal tones at 62.5 and 1000 Hz (both on FFT bins): half the line-out below 150 Hz; as heard, the low tone
        // is scaled by |H(62.5)|²
        var h = Tones(0.25, 62.5, 0.25, 1000);
        Assert.True(h.HasData);
        Assert.Equal(0.5, h.ShareBelow(HeardSpectrum.LowSplitHz, false), 3);
        double lo = SpeakerModel.PowerResponse(62.5), hi = SpeakerModel.PowerResponse(1000);
        // (within 0.001: the Hann window spreads each tone over three bins whose responses differ slightly)
        Assert.InRange(h.ShareBelow(HeardSpectrum.LowSplitHz, true), lo / (lo + hi) - 0.001, lo / (lo + hi) + 0.001);
        Assert.Equal((62.5 + 1000) / 2, h.Centroid(false), 0);
        // two sines of amplitude 0.25: mean square 0.0625 → −12.04 dB re full scale
        Assert.Equal(-12.04, h.LineOutDbfs, 1);
        // one tone at 1 kHz: the heard level is the speaker's response there, A-weighting adds 0 dB
        var k = Tones(0.5, 1000, 0, 0);
        Assert.Equal(SpeakerModel.ResponseDb(1000), k.HeardGainDb(false), 2);
        Assert.Equal(SpeakerModel.ResponseDb(1000), k.HeardGainDb(true), 1);
        Assert.Equal(1000, k.Centroid(true), 0);
        // a 125 Hz tone is heard at |H(125)|² and A-weighted about 16 dB lower still
        var b = Tones(0.5, 125, 0, 0);
        Assert.Equal(SpeakerModel.ResponseDb(125), b.HeardGainDb(false), 1);
        Assert.InRange(b.HeardGainDb(true) - b.HeardGainDb(false), -16.3, -15.9);
    }

    [Fact]
    public void A_long_session_is_sampled_evenly_and_measures_the_same()
    {
        // 10 min of the same two tones (one 256-sample period repeated): the strided analysis (a segment every few
        // seconds) gives the same shares and level as the full one, from at most MaxSegments segments
        const int fs = 16000;
        var period = new double[256];
        for (int n = 0; n < period.Length; n++) period[n] = 0.25 * Math.Sin(2 * Math.PI * 62.5 * n / fs) + 0.25 * Math.Sin(2 * Math.PI * 1000 * n / fs);
        long total = 10L * 60 * fs;
        var strided = new HeardSpectrum(fs, total);
        var full = new HeardSpectrum(fs);
        for (long n = 0; n < total; n++) { double v = period[n & 255]; strided.Add(v); if (n < 40 * fs) full.Add(v); }
        Assert.InRange(strided.Segments, HeardSpectrum.MaxSegments / 2, HeardSpectrum.MaxSegments);
        Assert.Equal(full.ShareBelow(150, false), strided.ShareBelow(150, false), 4);
        Assert.Equal(full.ShareBelow(150, true), strided.ShareBelow(150, true), 4);
        Assert.Equal(full.Centroid(true), strided.Centroid(true), 1);
        Assert.Equal(-12.04, strided.LineOutDbfs, 1); // every sample counts in the level
        // a short session is analysed whole, with 50 % overlap
        var shortOne = new HeardSpectrum(fs, 4096 * 10);
        for (int n = 0; n < 4096 * 10; n++) shortOne.Add(period[n & 255]);
        Assert.Equal(19, shortOne.Segments);
    }

    [Fact]
    public void Empty_spectrum_is_safe()
    {
        var h = new HeardSpectrum(16000);
        Assert.False(h.HasData);
        Assert.Equal(0, h.ShareBelow(150, true));
        Assert.Equal(0, h.Centroid(false));
        Assert.Equal(double.NegativeInfinity, h.LineOutDbfs);
        Assert.Equal(double.NegativeInfinity, h.HeardGainDb(true));
    }
}
