using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Tests.Audio;

/// <summary>
/// Never repeating at the waveform level, measured on rendered audio.
///
/// Recurrence: every program rendered for 8 hours at fixed controls (the composer driving the real engine, 16 kHz, a
/// control tick every 50 ms, as in <see cref="NightRenderTests"/>). 300 seeded random pairs: a 30 s window A and a 60 s
/// segment Y that starts ≥ 5 min after A ends or ends ≥ 5 min before A starts; for every lag τ (0..30 s) the normalised
/// correlation ⟨A, Y[τ..τ+30 s]⟩ / (‖A‖·‖Y[τ..τ+30 s]‖) (no mean removed: the output is DC-free), computed for all lags at
/// once by FFT (2^17 points). Figure per pair: the highest over lags; per program: max and p95 over the pairs.
///
/// Rate: the correlation runs on the output summed over 8 samples (a boxcar lowpass, −3.9 dB at 1 kHz) and kept at 2 kHz.
/// This keeps every waveform that can recur: every tonal partial lies on the engine's loop grid and every tonal change
/// (a note, a swell, a brightness step) happens at a loop seam, so tonal audio can only recur at lags that are whole loops
/// (8192 samples, a multiple of 8: on the 2 kHz grid exactly), and the fundamentals of every layer (drone, pads, shimmer,
/// bass, melody and bells, 130–1000 Hz) are in the kept band. What the boxcar attenuates is the upper partials of the same
/// voices and most of the noise bed, which never recurs (spliced at random): keeping less of it can only raise the
/// correlation of audio that does recur, so the figure is on the strict side.
/// </summary>
public class RecurrenceTests
{
    readonly ITestOutputHelper _out;
    public RecurrenceTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;
    const int Decim = 8;
    const int Rate = Fs / Decim;
    const int WinS = 30, SegS = 60, GapS = 300;
    const int Pairs = 300;
    const int FftLog = 17;

    public static IEnumerable<object[]> Programs() => NightRenderTests.Programs();

    /// <summary>8 h of a program at fixed controls, summed over 8 samples (see the class comment), in LSB·8.</summary>
    public static short[] RenderDecimated(ProgramKind program, double hours, uint seed, int decim = Decim)
    {
        var engine = new AudioEngine();
        engine.Init(Fs, seed);
        engine.Start(20);
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(new Preset()));
        c.SetSleepTimerMinutes(0);
        c.SetProgram(program);
        c.Init(seed, engine);
        var controls = new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = 20000, DensityQ15 = 26000, EnergyQ15 = 20000, LevelCentiDb = -2000 };
        long total = (long)(hours * 3600 * Fs);
        var outp = new short[total / decim];
        const int block = Fs / 20;
        var buf = new byte[block * 2];
        long done = 0, t = 0; int o = 0; int acc = 0, k = 0;
        while (done < total)
        {
            c.Tick(t, controls);
            t += 50;
            int n = (int)Math.Min(block, total - done);
            engine.Render(buf, 0, n);
            for (int i = 0; i < n; i++)
            {
                acc += (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
                if (++k == decim) { outp[o++] = (short)Math.Clamp((acc + decim / 2) / decim, short.MinValue, short.MaxValue); acc = 0; k = 0; }
            }
            done += n;
        }
        return outp;
    }

    /// <summary>Highest normalised correlation over lags of each of the pairs (see the class comment).</summary>
    public static double[] PairMaxima(short[] x, int pairs, int seed, int rate = Rate, int fftLog = FftLog)
    {
        int n = 1 << fftLog, win = WinS * rate, seg = SegS * rate, gap = GapS * rate, lags = seg - win + 1;
        var fft = new Fft(fftLog);
        var rng = new Random(seed);
        var aStart = new int[pairs]; var yStart = new int[pairs];
        int scale = rate / Rate, len = x.Length / scale; // positions drawn on the 2 kHz grid: the same pairs at any rate
        for (int p = 0; p < pairs; p++)
        {
            while (true)
            {
                int a = rng.Next(0, len - WinS * Rate), y = rng.Next(0, len - SegS * Rate);
                if (y >= a + (WinS + GapS) * Rate || y + (SegS + GapS) * Rate <= a) { aStart[p] = a * scale; yStart[p] = y * scale; break; }
            }
        }
        var sq = new double[x.Length + 1];
        for (int i = 0; i < x.Length; i++) sq[i + 1] = sq[i] + (double)x[i] * x[i];
        var re = new double[n]; var im = new double[n];
        var pr = new double[2][]; var pi = new double[2][];
        for (int j = 0; j < 2; j++) { pr[j] = new double[n]; pi[j] = new double[n]; }
        var result = new double[pairs];
        for (int p0 = 0; p0 < pairs; p0 += 2)
        {
            int count = Math.Min(2, pairs - p0);
            for (int j = 0; j < count; j++)
            {
                // A in the real part, Y in the imaginary part: one FFT gives both spectra
                Array.Clear(re); Array.Clear(im);
                int a = aStart[p0 + j], y = yStart[p0 + j];
                for (int i = 0; i < win; i++) re[i] = x[a + i];
                for (int i = 0; i < seg; i++) im[i] = x[y + i];
                fft.Transform(re, im, false);
                for (int kk = 0; kk < n; kk++)
                {
                    int mk = (n - kk) & (n - 1);
                    double ar = 0.5 * (re[kk] + re[mk]), ai = 0.5 * (im[kk] - im[mk]);   // A(k)
                    double yr = 0.5 * (im[kk] + im[mk]), yi = -0.5 * (re[kk] - re[mk]);  // Y(k)
                    pr[j][kk] = ar * yr + ai * yi; pi[j][kk] = ar * yi - ai * yr;        // conj(A)·Y
                }
            }
            // both cross-spectra in one inverse FFT: the correlations are real, so pair 1 comes out real, pair 2 imaginary
            for (int kk = 0; kk < n; kk++)
            {
                re[kk] = pr[0][kk] - (count > 1 ? pi[1][kk] : 0);
                im[kk] = pi[0][kk] + (count > 1 ? pr[1][kk] : 0);
            }
            fft.Transform(re, im, true);
            for (int j = 0; j < count; j++)
            {
                var c = j == 0 ? re : im;
                int a = aStart[p0 + j], y = yStart[p0 + j];
                double na = Math.Sqrt(sq[a + win] - sq[a]);
                double best = -1;
                for (int tau = 0; tau < lags; tau++)
                {
                    double ny = Math.Sqrt(sq[y + tau + win] - sq[y + tau]);
                    if (na <= 0 || ny <= 0) continue;
                    double r = c[tau] / n / (na * ny);
                    if (r > best) best = r;
                }
                result[p0 + j] = best;
            }
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void No_30s_window_of_8_hours_recurs_at_any_lag(ProgramKind program)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var x = RenderDecimated(program, 8, 4242);
        double renderS = sw.Elapsed.TotalSeconds;
        var r = PairMaxima(x, Pairs, 11);
        var sorted = r.OrderBy(v => v).ToArray();
        double max = sorted[^1], p95 = sorted[(int)(0.95 * (sorted.Length - 1))], median = sorted[sorted.Length / 2];
        _out.WriteLine($"{program}: 8 h, {Pairs} pairs of 30 s windows ≥ 5 min apart, highest correlation over lags: max {max:F3}, " +
                       $"p95 {p95:F3}, median {median:F3} (render {renderS:F1} s, correlation {sw.Elapsed.TotalSeconds - renderS:F1} s)");
        Assert.True(max <= 0.95, $"{program}: a 30 s window recurs with correlation {max:F3} (> 0.95)");
    }

    [Fact]
    public void Correlation_at_2_kHz_is_not_below_the_full_band_correlation()
    {
        // the same 16 pairs of 40 minutes of Sleep (the most recurrent program) at 16 kHz (2^20-point FFT) and at 2 kHz
        var full = PairMaxima(RenderDecimated(ProgramKind.Sleep, 40 / 60.0, 4242, 1), 16, 9, Fs, 20);
        var low = PairMaxima(RenderDecimated(ProgramKind.Sleep, 40 / 60.0, 4242), 16, 9);
        _out.WriteLine($"Sleep, 40 min, 16 pairs: highest correlation full band {full.Max():F3} (mean {full.Average():F3}), at 2 kHz {low.Max():F3} (mean {low.Average():F3})");
        for (int p = 0; p < full.Length; p++) Assert.True(low[p] >= full[p] - 0.01, $"pair {p}: {low[p]:F3} at 2 kHz < {full[p]:F3} full band");
    }

    [Fact]
    public void Correlation_measure_is_calibrated()
    {
        // unrelated noise (never recurs) stays near 0
        var rng = new Random(3);
        int len = 20 * 60 * Rate;
        var x = new short[len];
        for (int i = 0; i < len; i++) x[i] = (short)rng.Next(-3000, 3001);
        double noise = PairMaxima(x, 20, 5).Max();
        Assert.InRange(noise, 0.0, 0.05);
        // a steady tone (recurs at every whole period) in noise of 1/24 of its power: r = 24/25 = 0.96 at the best lag
        var y = new short[len];
        for (int i = 0; i < len; i++) y[i] = (short)(x[i] / 4 + 3000 * Math.Sin(2 * Math.PI * 210.0 * i / Rate));
        var r = PairMaxima(y, 20, 5);
        Assert.InRange(r.Min(), 0.94, 0.97);
        Assert.InRange(r.Max(), 0.94, 0.97);
    }

    // ---- the last 10 minutes of a Sleep session ----------------------------------------------------

    /// <summary>
    /// The default Sleep session (default preset, the default 45-minute timer) with the controls of a settled listener
    /// (the therapy's floor tempo, low brightness, density and energy). In each of the last 10 minutes (35:00–45:00; the
    /// last 3 are the timer's fade) something changes: some pair of consecutive 5 s frames differs by ≥ 1 dB RMS across
    /// the 1/3-octave bands 100 Hz–4 kHz after their mean level difference is removed (a change of sound, not of level:
    /// the fade alone does not count). Softly: no click (ClickDetector) and no 1 s RMS more than 3 dB above the second before.
    /// </summary>
    [Fact]
    public void Last_10_minutes_of_a_Sleep_session_change_every_minute_softly()
    {
        const int minutes = MusicComposer.DefaultSleepTimerMinutes;
        var engine = new AudioEngine();
        engine.Init(Fs, 77);
        engine.Start(20);
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(new Preset()));
        c.SetProgram(ProgramKind.Sleep);
        c.Init(77, engine);
        var controls = new MusicControls { TempoCentiBpm = 4800, BrightnessQ15 = 10000, DensityQ15 = 12000, EnergyQ15 = 10000, LevelCentiDb = -2000 };
        long total = (long)minutes * 60 * Fs, from = (long)(minutes - 10) * 60 * Fs;
        var pcm = new short[total - from];
        const int block = Fs / 20;
        var buf = new byte[block * 2];
        long done = 0, t = 0;
        while (done < total)
        {
            c.Tick(t, controls);
            t += 50;
            engine.Render(buf, 0, block);
            for (int i = 0; i < block; i++)
                if (done + i >= from) pcm[done + i - from] = (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
            done += block;
        }
        // per 5 s frame: 1/3-octave band levels from a Welch spectrum
        int frame = 5 * Fs, frames = pcm.Length / frame;
        var bands = new List<(int lo, int hi)>();
        const int nfft = 4096;
        for (double f = 100; f < 4000; f *= Math.Pow(2, 1.0 / 3))
            bands.Add(((int)Math.Round(f * nfft / Fs), (int)Math.Round(f * Math.Pow(2, 1.0 / 3) * nfft / Fs)));
        var levels = new double[frames][];
        for (int fi = 0; fi < frames; fi++)
        {
            var seg = new short[frame];
            Array.Copy(pcm, fi * frame, seg, 0, frame);
            var psd = Dsp.Welch(seg, 0, nfft);
            levels[fi] = bands.Select(b => { double s = 1e-9; for (int k = b.lo; k < Math.Max(b.hi, b.lo + 1); k++) s += psd[k]; return 10 * Math.Log10(s); }).ToArray();
        }
        var lines = new List<string>();
        for (int m = 0; m < 10; m++)
        {
            double most = 0;
            for (int fi = m * 12 + 1; fi < (m + 1) * 12 && fi < frames; fi++)
            {
                var d = levels[fi].Zip(levels[fi - 1], (a, b) => a - b).ToArray();
                double mean = d.Average();
                most = Math.Max(most, Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average()));
            }
            lines.Add($"{most:F2}");
            Assert.True(most >= 1.0, $"minute {minutes - 10 + m}: nothing changes (largest spectral change between 5 s frames {most:F2} dB)");
        }
        _out.WriteLine($"Sleep {minutes} min, last 10 minutes: largest spectral change per minute (dB) {string.Join(" ", lines)}");
        Assert.Equal(-1, ClickDetector.FirstClick(pcm));
        double prev = 0, worst = -99;
        for (int s = 0; s + Fs <= pcm.Length; s += Fs)
        {
            double sq = 0; for (int i = 0; i < Fs; i++) sq += (double)pcm[s + i] * pcm[s + i];
            double rms = Math.Sqrt(sq / Fs);
            if (s > 0 && prev > 2 && rms > 2) worst = Math.Max(worst, 20 * Math.Log10(rms / prev));
            prev = rms;
        }
        _out.WriteLine($"largest rise of the 1 s RMS from one second to the next: {worst:+0.00;-0.00} dB");
        Assert.True(worst <= 3.0, $"level jump of {worst:F2} dB in one second");
    }

    /// <summary>Iterative radix-2 complex FFT with a twiddle table (unscaled both ways).</summary>
    sealed class Fft
    {
        readonly int _n;
        readonly double[] _cos, _sin;
        readonly int[] _rev;
        public Fft(int log)
        {
            _n = 1 << log;
            _cos = new double[_n / 2]; _sin = new double[_n / 2];
            for (int k = 0; k < _n / 2; k++) { _cos[k] = Math.Cos(2 * Math.PI * k / _n); _sin[k] = Math.Sin(2 * Math.PI * k / _n); }
            _rev = new int[_n];
            for (int i = 0; i < _n; i++) { int r = 0; for (int b = 0; b < log; b++) if ((i & (1 << b)) != 0) r |= 1 << (log - 1 - b); _rev[i] = r; }
        }
        public void Transform(double[] re, double[] im, bool inverse)
        {
            int n = _n;
            for (int i = 0; i < n; i++) { int j = _rev[i]; if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); } }
            double sgn = inverse ? 1 : -1;
            for (int len = 2; len <= n; len <<= 1)
            {
                int half = len >> 1, step = n / len;
                for (int i = 0; i < n; i += len)
                    for (int k = 0; k < half; k++)
                    {
                        double wr = _cos[k * step], wi = sgn * _sin[k * step];
                        int a = i + k, b = a + half;
                        double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - xr; im[b] = im[a] - xi;
                        re[a] += xr; im[a] += xi;
                    }
            }
        }
    }
}
