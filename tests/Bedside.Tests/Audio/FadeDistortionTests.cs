using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Tests.Audio;

/// <summary>
/// The sleep-timer fade stays clean down to silence, measured on the rendered output (16 kHz, noise bed off, so the
/// tones carry the fade alone and nothing masks the output stage's rounding).
///
/// Method. While no render job changes the steady loop S, the engine plays out = round(g(t)·S(i) + dither) with a
/// slowly falling g(t). Over a window of whole loops (S is periodic in the loop, so every partial sits on an exact DFT
/// bin), a least-squares fit of out against S and t·S gives the ideal a·S + b·t·S; the residual is what the output stage
/// added. The distortion of the strongest tone (bin k of S) is the residual at bins 2k and 3k against the fitted tone at
/// bin k. Rounding with TPDF dither leaves a white residual (≈ 0.25 LSB² per sample), undithered truncation a residual
/// that follows the waveform (its harmonics and a −0.5 LSB DC). The same measure is run on the same windows with the
/// ideal signal truncated, so the test shows it would see the defect it guards against.
/// </summary>
public class FadeDistortionTests
{
    readonly ITestOutputHelper _out;
    public FadeDistortionTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;
    const int N = AudioEngine.LoopLength;
    /// <summary>Loops per analysis window (2.05 s): the fade falls ≈ 0.7 dB in one, the dither floor per bin is 6 dB lower than for one loop.</summary>
    const int WindowLoops = 4;

    public sealed class FadeWindow
    {
        public double RmsLsb, ResidRmsLsb, ResidMaxLsb, ToneDb2, ToneDb3, TruncDb2, TruncDb3, MeanLsb, TruncMeanLsb;
        public int Bin;
        public double StartS;
    }

    /// <summary>
    /// Renders a Sleep session with a 25-minute timer (the 3-minute fade from 22 min), noise bed off, and analyses every
    /// loop-aligned window of the fade during which S did not change and whose RMS is in [loLsb, hiLsb].
    /// </summary>
    public static List<FadeWindow> AnalyseSleepFade(uint seed, double loLsb, double hiLsb, int levelCentiDb)
    {
        var engine = new AudioEngine();
        engine.Init(Fs, seed);
        engine.Start(20);
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(new Preset { Noise = NoiseColor.Off }));
        c.SetSleepTimerMinutes(25);
        c.SetProgram(ProgramKind.Sleep);
        c.Init(seed, engine);
        var controls = new MusicControls { TempoCentiBpm = 6000, BrightnessQ15 = 16000, DensityQ15 = 20000, EnergyQ15 = 16000, LevelCentiDb = levelCentiDb };
        long fadeStart = (long)(25 * 60 - MusicComposer.SleepFadeMs / 1000) * Fs;
        return Analyse(engine, tMs => c.Tick(tMs, controls), fadeStart, 25L * 60 * Fs + 5 * Fs, loLsb, hiLsb);
    }

    /// <summary>
    /// Drives engine (perControlPeriod is called with the time in ms before each control period's samples are rendered)
    /// from sample 0 to end, and from the first loop seam at or after from analyses every window of WindowLoops loops
    /// during which the steady loop did not change, and whose RMS is in [loLsb, hiLsb].
    /// </summary>
    public static List<FadeWindow> Analyse(AudioEngine engine, Action<long> perControlPeriod, long from, long end, double loLsb, double hiLsb)
    {
        int block = (int)Bedside.Core.Runtime.Rates.ControlPeriodSamples(Fs);
        int win = WindowLoops * N;
        var buf = new byte[block * 2];
        var w = new short[win];
        var g = new int[win]; // the tone gain (Q15) the engine applied to each sample of the window
        var sBefore = new short[N];
        var sAfter = new short[N];
        var result = new List<FadeWindow>();
        long done = 0, t = 0;
        int wFill = 0;
        bool haveBefore = false;
        int gStart = 0, dT = 0, gEndPrev = 0;
        while (done < end)
        {
            perControlPeriod(t);
            t += Bedside.Core.Runtime.Rates.ControlPeriodMs;
            int off = 0;
            while (off < block)
            {
                // render tick by tick (a tick's gain is gStart + 4·dT·(s >> 2), the Mix loop's exact line) up to loop seams
                long pos = done + off;
                int inTick = (int)(pos % AudioEngine.TickSamples);
                int m = Math.Min(block - off, AudioEngine.TickSamples - inTick);
                engine.Render(buf, 2 * off, m);
                if (inTick == 0)
                {
                    int gEnd = (int)(engine.ToneGainQ31 >> 16);
                    gStart = gEndPrev; dT = (gEnd - gStart) / AudioEngine.TickSamples; gEndPrev = gEnd;
                }
                if (haveBefore)
                {
                    for (int i = 0; i < m; i++)
                    {
                        w[wFill + i] = (short)(buf[2 * (off + i)] | (buf[2 * (off + i) + 1] << 8));
                        g[wFill + i] = gStart + 4 * dT * ((inTick + i) >> 2);
                    }
                    wFill += m;
                }
                off += m;
                if ((done + off) % N == 0)
                {
                    if (wFill == win)
                    {
                        engine.CopySteadyLoop(sAfter);
                        if (sBefore.AsSpan().SequenceEqual(sAfter))
                        {
                            var fw = Measure(w, g, sAfter, loLsb, hiLsb);
                            if (fw != null) { fw.StartS = (done + off - win) / (double)Fs; result.Add(fw); }
                        }
                        wFill = 0;
                    }
                    if (wFill == 0 && done + off >= from) { engine.CopySteadyLoop(sBefore); haveBefore = true; }
                }
            }
            done += block;
        }
        return result;
    }

    static FadeWindow Measure(short[] w, int[] g, short[] s, double loLsb, double hiLsb)
    {
        int n = w.Length;
        double sq = 0, sum = 0;
        for (int i = 0; i < n; i++) { sq += (double)w[i] * w[i]; sum += w[i]; }
        double rms = Math.Sqrt(sq / n);
        if (rms < loLsb || rms > hiLsb) return null;
        var ideal = new double[n];
        var resid = new double[n];
        var trunc = new double[n];
        for (int i = 0; i < n; i++)
        {
            long x = (long)s[i & (N - 1)] * g[i];
            ideal[i] = x / 32768.0;
            resid[i] = w[i] - ideal[i];
            trunc[i] = (x >> 15) - ideal[i];
        }
        // strongest tone of S: the largest bin of one loop below N/6 (so 3k is below Nyquist)
        var ps = Dsp.Periodogram(s, 0, N);
        int k = 1;
        for (int q = 1; q < N / 6; q++) if (ps[q] > ps[k]) k = q;
        double tone = Mag(ideal, n, k * WindowLoops);
        var fw = new FadeWindow
        {
            RmsLsb = rms, Bin = k,
            ToneDb2 = Db(Mag(resid, n, 2 * k * WindowLoops) / tone),
            ToneDb3 = Db(Mag(resid, n, 3 * k * WindowLoops) / tone),
            TruncDb2 = Db(Mag(trunc, n, 2 * k * WindowLoops) / tone),
            TruncDb3 = Db(Mag(trunc, n, 3 * k * WindowLoops) / tone),
            MeanLsb = sum / n,
        };
        double tm = 0, rq = 0, rmax = 0;
        for (int i = 0; i < n; i++) { tm += trunc[i] + ideal[i]; rq += resid[i] * resid[i]; rmax = Math.Max(rmax, Math.Abs(resid[i])); }
        fw.TruncMeanLsb = tm / n;
        fw.ResidRmsLsb = Math.Sqrt(rq / n);
        fw.ResidMaxLsb = rmax;
        return fw;
    }

    static double Db(double ratio) => 20 * Math.Log10(Math.Max(ratio, 1e-12));

    static double Mag(double[] x, int n, int bin) { double re = 0, im = 0; for (int i = 0; i < n; i++) { double ph = 2 * Math.PI * (long)bin * i / n; re += x[i] * Math.Cos(ph); im += x[i] * Math.Sin(ph); } return Math.Sqrt(re * re + im * im); }

    /// <summary>
    /// One Pad drone on grid bin 113 (220.7 Hz at 16 kHz), brightness 0 (fundamental 0.545, 2nd partial 0.050), faded
    /// from −30 dB by 0.5 dB/s (the master set every control period with the composer's 200 ms ramp).
    /// </summary>
    public static List<FadeWindow> AnalysePureToneFade(uint seed)
    {
        var e = new AudioEngine();
        e.Init(Fs, seed);
        e.Start(20);
        e.SetBrightness(0, 10);
        e.SetDrone(0, Timbre.Pad, (int)(113L * Fs * 65536 / N), 24000, 100);
        e.SetMasterLevel(-3000, 10);
        return Analyse(e, tMs =>
        {
            if (tMs >= 5000) e.SetMasterLevel(-3000 - (int)((tMs - 5000) / 20), 200);
        }, 5L * Fs, 110L * Fs, 0.5, 1000);
    }

    static void Print(ITestOutputHelper o, List<FadeWindow> ws)
    {
        foreach (var f in ws)
            o.WriteLine($"{f.StartS,8:F1}s rms {f.RmsLsb,7:F2} bin {f.Bin,4} H2 {f.ToneDb2,6:F1} H3 {f.ToneDb3,6:F1} | truncated H2 {f.TruncDb2,6:F1} H3 {f.TruncDb3,6:F1} | " +
                        $"residual {f.ResidRmsLsb:F2} RMS / {f.ResidMaxLsb:F2} max, mean {f.MeanLsb:+0.000;-0.000} (truncated {f.TruncMeanLsb:+0.000;-0.000})");
    }

    static double Worst(IEnumerable<FadeWindow> ws, bool truncated) =>
        ws.Max(f => truncated ? Math.Max(f.TruncDb2, f.TruncDb3) : Math.Max(f.ToneDb2, f.ToneDb3));

    /// <summary>A window whose output the reconstruction matches to the dither's ±1.5 LSB played the steady loop alone.</summary>
    static bool Exact(FadeWindow f) => f.ResidMaxLsb <= 1.5;

    [Fact]
    public void A_fading_pure_tone_stays_free_of_harmonics_and_DC_where_truncation_would_add_them()
    {
        var ws = AnalysePureToneFade(3);
        Print(_out, ws);
        Assert.All(ws, f => Assert.True(Exact(f), $"{f.StartS:F1} s: residual {f.ResidMaxLsb:F2} LSB: not the steady loop alone"));
        var band = ws.Where(f => f.RmsLsb >= 2 && f.RmsLsb <= 12).ToList();
        Assert.True(band.Count >= 8, $"only {band.Count} windows at 2-12 LSB RMS");
        double worst = Worst(band, false), worstTrunc = Worst(band, true);
        _out.WriteLine($"2-12 LSB RMS, {band.Count} windows: worst 2nd/3rd harmonic {worst:F1} dB; the same windows truncated {worstTrunc:F1} dB");
        Assert.True(worst <= -45, $"2nd/3rd harmonic {worst:F1} dB above -45 dB");
        // calibration: undithered truncation of the same signal breaks the limit in this band (the measure sees it)
        Assert.True(worstTrunc > -45, $"truncation reads {worstTrunc:F1} dB: the measure would not see it");
        // the error is the dither's alone (TPDF ±1 LSB plus rounding: 0.5 LSB RMS), with no DC, at every level
        Assert.All(ws, f => Assert.InRange(f.ResidRmsLsb, 0.45, 0.56));
        Assert.All(ws, f => Assert.InRange(f.MeanLsb, -0.05, 0.05));
        Assert.All(ws, f => Assert.InRange(f.TruncMeanLsb, -0.51, -0.45));
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(11u)]
    public void The_sleep_timer_fade_stays_free_of_distortion_and_DC_down_to_silence(uint seed)
    {
        var ws = AnalyseSleepFade(seed, 0.5, 1000, -2000);
        Print(_out, ws);
        var exact = ws.Where(Exact).ToList();
        Assert.True(exact.Count >= 0.8 * ws.Count, $"{exact.Count} of {ws.Count} windows are the steady loop alone");
        var band = exact.Where(f => f.RmsLsb >= 2 && f.RmsLsb <= 12).ToList();
        Assert.True(band.Count >= 8, $"only {band.Count} windows at 2-12 LSB RMS");
        double worst = Worst(band, false);
        _out.WriteLine($"seed {seed}: {exact.Count}/{ws.Count} windows exact; 2-12 LSB RMS, {band.Count} windows: worst 2nd/3rd harmonic of the strongest tone " +
                       $"{worst:F1} dB (truncated: {Worst(band, true):F1} dB); window means {exact.Min(f => f.MeanLsb):+0.000;-0.000}..{exact.Max(f => f.MeanLsb):+0.000;-0.000} LSB");
        Assert.True(worst <= -45, $"2nd/3rd harmonic {worst:F1} dB above -45 dB");
        Assert.All(exact, f => Assert.InRange(f.ResidRmsLsb, 0.45, 0.56));
        Assert.All(exact, f => Assert.InRange(f.MeanLsb, -0.05, 0.05));
        Assert.InRange(ws.Average(f => f.MeanLsb), -0.02, 0.02);
    }
}
