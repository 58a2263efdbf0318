using Bedside.Core.Audio;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Audio;

public class ModuleTests
{
    /// <summary>Zero-crossing-free frequency estimate: phase of the DFT at the expected frequency over two halves.</summary>
    private static double MeasureHz(int[] x, int fs, double guess)
    {
        // fit by maximizing the Hann-windowed DFT magnitude around guess (golden-section search over ±2 %)
        double Mag(double f)
        {
            double re = 0, im = 0; int n = x.Length;
            for (int i = 0; i < n; i++) { double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n); re += x[i] * w * Math.Cos(2 * Math.PI * f * i / fs); im += x[i] * w * Math.Sin(2 * Math.PI * f * i / fs); }
            return re * re + im * im;
        }
        double lo = guess * 0.98, hi = guess * 1.02, g = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 40; k++)
        {
            double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
            if (Mag(a) > Mag(b)) hi = b; else lo = a;
        }
        return (lo + hi) / 2;
    }

    [Theory]
    [InlineData(11025)]
    [InlineData(16000)]
    [InlineData(22050)]
    public void Wavetable_oscillator_pitch_within_one_cent_at_ten_frequencies(int fs)
    {
        double[] freqs = { 27.5, 41.2, 65.4, 110, 196, 261.6, 440, 880, 1760, 3520 };
        foreach (double f in freqs)
        {
            var o = new WavetableOscillator();
            o.Init(fs);
            o.SetFrequency((int)Math.Round(f * 65536));
            var x = new int[fs]; // 1 s
            o.Process(x, 0, x.Length);
            double got = MeasureHz(x, fs, f);
            double cents = 1200 * Math.Log2(got / f);
            Assert.True(Math.Abs(cents) <= 1.0, $"{f} Hz @ {fs}: {got:F4} Hz = {cents:F3} cent");
        }
    }

    private static double GainAt(int fs, int cutoff, double f)
    {
        var lp = new OnePoleLowpass();
        lp.Init(fs);
        lp.SetCutoff(cutoff, 0);
        int n = fs * 2;
        var x = new int[n];
        for (int i = 0; i < n; i++) x[i] = (int)Math.Round(16000 * Math.Sin(2 * Math.PI * f * i / fs));
        lp.Process(x, 0, n);
        double sum = 0; for (int i = n / 2; i < n; i++) sum += (double)x[i] * x[i];
        return Math.Sqrt(sum / (n / 2)) / (16000 / Math.Sqrt(2));
    }

    [Theory]
    [InlineData(16000, 100)]
    [InlineData(16000, 500)]
    [InlineData(16000, 2000)]
    [InlineData(22050, 5000)]
    [InlineData(11025, 300)]
    public void Lowpass_cutoff_within_5_percent(int fs, int fc)
    {
        double half = 1 / Math.Sqrt(2);
        Assert.True(GainAt(fs, fc, fc * 0.95) > half, "gain 5 % below cutoff must be above -3 dB");
        Assert.True(GainAt(fs, fc, fc * 1.05) < half, "gain 5 % above cutoff must be below -3 dB");
    }

    [Fact]
    public void Lowpass_fast_sweep_does_not_click()
    {
        var lp = new OnePoleLowpass();
        lp.Init(16000);
        var pink = Dsp.Render(16000, 9, e => { e.SetLevelCapCentiDb(0); e.SetMasterLevel(-600, 10); e.Start(10); e.SetNoiseBed(NoiseColor.Pink, 32767, 10); }, 4);
        var x = pink.Select(v => (int)v).ToArray();
        for (int b = 0; b < x.Length; b += 512)
        {
            if (b % 4096 == 0) lp.SetCutoff(b % 8192 == 0 ? 6000 : 80, 100); // 80 Hz ↔ 6 kHz (6 octaves) every 256 ms, 100 ms glide
            lp.Process(x, b, Math.Min(512, x.Length - b));
        }
        var y = x.Select(v => (short)v).ToArray();
        Assert.Equal(-1, ClickDetector.FirstClick(y, 1600));
    }

    [Fact]
    public void Soft_limiter_never_exceeds_cap_and_is_monotonic()
    {
        // 10000 cases of any int against any cap and knee: the cap and knee regions are each drawn thousands of times.
        Property.Check(Gen.Select(Gen.Int, Gen.Int, Gen.Int[1, 32767], Gen.Int[0, 32767]), (a, b, cap, knee) =>
        {
            var l = new SoftLimiter();
            l.SetCap(cap, knee);
            int ya = l.Process(a), yb = l.Process(b);
            bool capped = Math.Abs((long)ya) <= cap && Math.Abs((long)yb) <= cap;
            bool mono = a <= b ? ya <= yb : ya >= yb;
            bool identity = Math.Abs((long)a) > Math.Min(knee, cap - 1) || ya == a;
            Assert.True(capped, $"cap {cap}: {a} -> {ya}, {b} -> {yb}");
            Assert.True(mono, $"not monotonic: {a} -> {ya}, {b} -> {yb}");
            Assert.True(identity, $"knee {knee}, cap {cap}: {a} -> {ya} below the knee");
        }, cases: 10_000);
    }

    [Fact]
    public void Crossfade_is_constant_power()
    {
        for (int p = 0; p <= 32767; p += 97)
        {
            double a = EqualPowerCrossfade.GainAQ15(p) / 32767.0, b = EqualPowerCrossfade.GainBQ15(p) / 32767.0;
            Assert.InRange(10 * Math.Log10(a * a + b * b), -0.05, 0.05);
        }
        Assert.Equal(32767, EqualPowerCrossfade.GainAQ15(0));
        Assert.Equal(0, EqualPowerCrossfade.GainBQ15(0));
        Assert.Equal(32767, EqualPowerCrossfade.GainBQ15(32767));
        Assert.True(Math.Abs(EqualPowerCrossfade.GainAQ15(32767)) <= 1);
    }

    [Fact]
    public void Linear_ramp_lands_exactly_and_never_overshoots()
    {
        var r = new LinearRamp();
        r.Reset(100);
        r.Set(30000, 7);
        int prev = 100;
        for (int k = 0; k < 7; k++) { int v = r.Step(); Assert.InRange(v, prev, 30000); prev = v; }
        Assert.Equal(30000, r.ValueQ15);
        Assert.False(r.Moving);
        r.Set(-5, 3); r.Step(); r.Step(); r.Step();
        Assert.Equal(0, r.ValueQ15);
    }

    [Fact]
    public void Gain_table_is_monotonic_and_accurate()
    {
        int prev = int.MaxValue;
        for (int cdb = 0; cdb >= -9600; cdb -= 7)
        {
            int g = Gain.CentiDbToQ15(cdb);
            Assert.True(g <= prev);
            prev = g;
            if (cdb > -3000) Assert.InRange(20 * Math.Log10(g / 32767.0) * 100, cdb - 3, cdb + 3);
        }
        Assert.Equal(0, Gain.CentiDbToQ15(-9600));
        Assert.Equal(32767, Gain.CentiDbToQ15(500));
    }
}

public class FeedbackDelayTests
{
    [Fact]
    public void Impulse_gives_echoes_at_the_delay_decaying_by_the_feedback()
    {
        var d = new FeedbackDelay(1000);
        d.SetDelay(300); d.SetFeedback(16384); d.SetMix(32767);
        var x = new int[1300];
        x[0] = 20000;
        d.Process(x, 0, x.Length);
        Assert.Equal(20000, x[0]);
        Assert.InRange(x[300], 19990, 20000);
        Assert.InRange(x[600], 9990, 10000);
        Assert.InRange(x[900], 4990, 5000);
        for (int i = 1; i < 1300; i++) if (i % 300 != 0) Assert.Equal(0, x[i]);
    }

    [Fact]
    public void Output_stays_bounded_with_maximum_feedback()
    {
        var d = new FeedbackDelay(64);
        d.SetDelay(7); d.SetFeedback(int.MaxValue); d.SetMix(int.MaxValue);
        var x = new int[50_000];
        for (int i = 0; i < x.Length; i++) x[i] = (i / 40) % 2 == 0 ? 32767 : -32767;
        d.Process(x, 0, x.Length);
        Assert.All(x, v => Assert.InRange(v, -32767, 32767));
    }
}
