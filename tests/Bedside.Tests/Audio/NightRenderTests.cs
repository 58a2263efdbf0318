using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Tests.Audio;

/// <summary>
/// Whole-night criteria measured on rendered audio: every program rendered for 8 hours at fixed controls (the composer
/// driving the real engine, 16 kHz, a control tick every 50 ms of audio), analysed while it streams (nothing stored):
/// energy below 20 Hz per 10 minutes, level creep (median 1 s RMS of the last hour vs the second hour), DC of the whole
/// output, and every 10 minutes the played steady loop against a from-scratch render of the partials in force.
/// </summary>
public class NightRenderTests
{
    readonly ITestOutputHelper _out;
    public NightRenderTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;

    public sealed class NightStats
    {
        public double[] InfraRmsPer10Min;
        public double[] RmsPerSecond;
        public double DcLsb;
        public int LoopChecks, LoopMismatchMax;
        public double LoopVsExactMaxLsb, LoopVsExactRmsLsb;
        public double Seconds;
    }

    /// <summary>
    /// Renders hours of program at fixed controls and measures as it goes. Energy below 20 Hz: means of 256-sample blocks
    /// (a boxcar, −3 dB at 28 Hz) through a 2nd-order Butterworth lowpass at 20 Hz (at the 62.5 Hz block rate), RMS per
    /// 10 minutes, in LSB.
    /// </summary>
    public static NightStats Render(ProgramKind program, double hours, uint seed, Preset preset = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var engine = new AudioEngine();
        engine.Init(Fs, seed);
        engine.Start(20);
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(preset ?? new Preset()));
        c.SetSleepTimerMinutes(0);
        c.SetProgram(program);
        c.Init(seed, engine);
        var controls = new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = 20000, DensityQ15 = 26000, EnergyQ15 = 20000, LevelCentiDb = -2000 };
        long total = (long)(hours * 3600 * Fs);
        const int block = Fs / 20;
        var buf = new byte[block * 2];
        // analysis state
        long dcSum = 0;
        var secRms = new List<double>();
        double secSq = 0; int secN = 0;
        var infra = new List<double>();
        double infraSq = 0; int infraN = 0;
        // 2nd-order CIC decimator by 64 (nulls at multiples of 250 Hz: what would fold below 20 Hz is ≥ 45 dB down),
        // then a 4th-order Butterworth lowpass at 20 Hz at 250 Hz (two biquads)
        long i1 = 0, i2 = 0, c1d = 0, c2d = 0; int blockN = 0;
        var lp = new Biquads(20.0, 250.0);
        var st = new NightStats();
        var scratch = new short[AudioEngine.LoopLength];
        var played = new short[AudioEngine.LoopLength];
        long nextCheck = 10L * 60 * Fs;
        int mismatchMax = 0; double exactMax = 0, exactSq = 0; long exactN = 0;
        long done = 0; long t = 0;
        while (done < total)
        {
            c.Tick(t, controls);
            t += 50;
            int n = (int)Math.Min(block, total - done);
            int off = 0;
            while (off < n)
            {
                int m = n - off;
                long loopEnd = ((done + off) / AudioEngine.LoopLength + 1) * AudioEngine.LoopLength;
                bool check = done + off >= nextCheck && loopEnd <= done + n;
                if (check) m = (int)(loopEnd - done - off);
                engine.Render(buf, 2 * off, m);
                off += m;
                if (check)
                {
                    // at a seam, before the next one is processed: S must equal the partials in force
                    nextCheck += 10L * 60 * Fs;
                    engine.CopySteadyLoop(played);
                    engine.RenderSteadyFromScratch(scratch);
                    for (int i = 0; i < played.Length; i++) mismatchMax = Math.Max(mismatchMax, Math.Abs(played[i] - scratch[i]));
                    // and against an exact (double) sum of the partials
                    for (int i = 0; i < played.Length; i++)
                    {
                        double x = 0;
                        for (int v = 0; v < AudioEngine.MaxVoices; v++)
                            for (int p = 0; p < Timbres.Partials; p++)
                            {
                                int a = engine.PartialAmpQ15(v, p);
                                if (a != 0) x += a / 32768.0 * Tables.SineQ15[(int)((long)engine.PartialBin(v, p) * i % AudioEngine.LoopLength)];
                            }
                        double err = Math.Abs(played[i] - x);
                        exactMax = Math.Max(exactMax, err); exactSq += err * err; exactN++;
                    }
                    st.LoopChecks++;
                }
            }
            for (int i = 0; i < n; i++)
            {
                int s = (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
                dcSum += s;
                secSq += (double)s * s; if (++secN == Fs) { secRms.Add(Math.Sqrt(secSq / Fs)); secSq = 0; secN = 0; }
                i1 += s; i2 += i1;
                if (++blockN == 64)
                {
                    blockN = 0;
                    long c1 = i2 - c1d; c1d = i2;
                    long c2 = c1 - c2d; c2d = c1;
                    double y0 = lp.Process(c2 / 4096.0);
                    infraSq += y0 * y0;
                    if (++infraN == 10 * 60 * Fs / 64) { infra.Add(Math.Sqrt(infraSq / infraN)); infraSq = 0; infraN = 0; }
                }
            }
            done += n;
        }
        st.InfraRmsPer10Min = infra.ToArray();
        st.RmsPerSecond = secRms.ToArray();
        st.DcLsb = dcSum / (double)total;
        st.LoopMismatchMax = mismatchMax;
        st.LoopVsExactMaxLsb = exactMax;
        st.LoopVsExactRmsLsb = exactN == 0 ? 0 : Math.Sqrt(exactSq / exactN);
        st.Seconds = sw.Elapsed.TotalSeconds;
        return st;
    }

    /// <summary>4th-order Butterworth lowpass (two bilinear biquads, Q 0.541 and 1.307).</summary>
    sealed class Biquads
    {
        readonly double[] _b0 = new double[2], _b1 = new double[2], _b2 = new double[2], _a1 = new double[2], _a2 = new double[2];
        readonly double[] _x1 = new double[2], _x2 = new double[2], _y1 = new double[2], _y2 = new double[2];
        public Biquads(double fc, double fs)
        {
            double k = Math.Tan(Math.PI * fc / fs);
            double[] q = { 0.54119610, 1.30656296 };
            for (int s = 0; s < 2; s++)
            {
                double n = 1 / (1 + k / q[s] + k * k);
                _b0[s] = k * k * n; _b1[s] = 2 * _b0[s]; _b2[s] = _b0[s];
                _a1[s] = 2 * (k * k - 1) * n; _a2[s] = (1 - k / q[s] + k * k) * n;
            }
        }
        public double Process(double x)
        {
            for (int s = 0; s < 2; s++)
            {
                double y = _b0[s] * x + _b1[s] * _x1[s] + _b2[s] * _x2[s] - _a1[s] * _y1[s] - _a2[s] * _y2[s];
                _x2[s] = _x1[s]; _x1[s] = x; _y2[s] = _y1[s]; _y1[s] = y;
                x = y;
            }
            return x;
        }
    }

    static double Median(IEnumerable<double> v) { var a = v.OrderBy(x => x).ToArray(); return a[a.Length / 2]; }

    public static IEnumerable<object[]> Programs() => new[]
    {
        new object[] { ProgramKind.Sleep }, new object[] { ProgramKind.Calm }, new object[] { ProgramKind.Pain }, new object[] { ProgramKind.Noise },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void Eight_hours_have_no_infrasound_no_level_creep_no_DC_and_the_loop_never_drifts(ProgramKind program)
    {
        var st = Render(program, 8, 4242);
        double second = Median(st.RmsPerSecond.Skip(3600).Take(3600));
        double last = Median(st.RmsPerSecond.Skip(7 * 3600));
        double creepDb = 20 * Math.Log10(last / second);
        _out.WriteLine($"{program}: rendered 8 h in {st.Seconds:F1} s; infrasound per 10 min (LSB RMS) max {st.InfraRmsPer10Min.Max():F2}, " +
                       $"first {st.InfraRmsPer10Min[0]:F2}, last {st.InfraRmsPer10Min[^1]:F2}; creep {creepDb:+0.00;-0.00} dB " +
                       $"(median 1 s RMS {second:F1} → {last:F1} LSB); DC {st.DcLsb:+0.000;-0.000} LSB; loop vs from-scratch max {st.LoopMismatchMax} LSB " +
                       $"over {st.LoopChecks} checks, vs exact sum max {st.LoopVsExactMaxLsb:F2} / RMS {st.LoopVsExactRmsLsb:F2} LSB");
        Assert.Equal(47, st.LoopChecks);
        Assert.Equal(0, st.LoopMismatchMax);
        // every program, the Noise program (the bed alone, ≈ 200 LSB RMS) included
        const double limit = 2.0;
        Assert.All(st.InfraRmsPer10Min, v => Assert.True(v <= limit, $"{program}: {v:F2} LSB RMS below 20 Hz in a 10-minute window (> {limit})"));
        Assert.InRange(creepDb, -1.5, 1.5);
        Assert.InRange(st.DcLsb, -0.1, 0.1);
    }
}
