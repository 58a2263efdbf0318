using Bedside.Core.Sensing;
using Xunit;

namespace Bedside.Tests.Sensing;

public class PulseTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;
    public PulseTests(Xunit.Abstractions.ITestOutputHelper o) { _out = o; }

    const int Fs = 125;

    /// <summary>Feeds a synthetic PPG into a hub at 125 Hz and returns detected beat times (s) and the last snapshot.</summary>
    static (List<double> beats, PhysioSnapshot snap, SensingHub hub) Run(Func<double, double> counts, double seconds,
        PulseSensorKind kind = PulseSensorKind.AnalogAdc12, int jitterUs = 0)
    {
        var hub = new SensingHub(Fs, kind, 16, EdaSensorKind.GroveAdc12);
        hub.SetPulseAvailable(true);
        var snap = new PhysioSnapshot(); var beats = new List<double>(); var rnd = new Random(3);
        long nextMs = 0;
        for (int k = 0; k < seconds * Fs; k++)
        {
            long tUs = k * 8000L + (jitterUs > 0 ? rnd.Next(-jitterUs, jitterUs + 1) : 0);
            if (hub.PushPulse((int)Math.Round(counts(tUs / 1e6)), tUs)) beats.Add(hub.Pulse.LastBeatTUs / 1e6);
            if (tUs / 1000 >= nextMs) { hub.Update(nextMs, snap); nextMs += 100; }
        }
        return (beats, snap, hub);
    }

    static int Matched(List<double> det, double[] truth, double lag, double tol, double from)
    {
        int n = 0;
        foreach (var t in truth) if (t >= from && det.Any(d => Math.Abs(d - t - lag) <= tol)) n++;
        return n;
    }

    [Fact]
    public void Clean_pulse_train_every_beat_found_and_rate_displayed()
    {
        var truth = SynthSignals.Beats(72, 0.5, 60, 0.03);
        var (beats, snap, hub) = Run(t => 2048 + 400 * SynthSignals.Ppg(t, truth), 60);
        int inRange = truth.Count(t => t >= 5 && t <= 58);
        double lag = beats.Where(b => b > 10).Select(b => b - truth.Where(t => t <= b).Last()).OrderBy(x => x).ElementAt(10);
        Assert.Equal(inRange, Matched(beats, truth.Where(t => t <= 58).ToArray(), lag, 0.05, 5));
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
        Assert.InRange(snap.HeartRateCentiBpm, 6900, 7500);
        Assert.True(snap.PulseQuality >= 90, "quality " + snap.PulseQuality);
        Assert.True(beats.Count <= truth.Length + 1, "no double counting");
    }

    [Fact]
    public void Survives_tenfold_amplitude_change_and_baseline_wander()
    {
        var truth = SynthSignals.Beats(60, 0.5, 90, 0.02, seed: 5);
        Func<double, double> sig = t => 2048 + 300 * Math.Sin(2 * Math.PI * 0.1 * t) +
                                         (t < 45 ? 40 : 400) * SynthSignals.Ppg(t, truth);
        var (beats, snap, _) = Run(sig, 90);
        var inWindow = truth.Where(t => t >= 5 && t <= 88).ToArray();
        double lag = beats.Where(b => b > 10).Select(b => b - truth.Where(t => t <= b).Last()).OrderBy(x => x).ElementAt(10);
        int m = Matched(beats, inWindow, lag, 0.1, 5);
        Assert.True(m >= inWindow.Length - 2, $"matched {m} of {inWindow.Length}");
        Assert.True(beats.Count(b => b > 5) <= inWindow.Length + 3, "few false beats");
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
    }

    [Theory]
    [InlineData(45, 0.8, 0.40)]
    [InlineData(55, 0.7, 0.45)]
    [InlineData(70, 0.6, 0.35)]
    public void Strong_dicrotic_wave_is_not_counted_as_a_beat(double bpm, double dicroticAmp, double dicroticDelayS)
    {
        var truth = SynthSignals.Beats(bpm, 0.5, 90, 0.02, seed: 8);
        Func<double, double> sig = t =>
        {
            double v = 0;
            foreach (var b in truth)
            {
                double u = t - b; if (u < -0.5 || u > 1.5) continue;
                v += Math.Exp(-0.5 * Math.Pow((u - 0.15) / 0.06, 2)) + dicroticAmp * Math.Exp(-0.5 * Math.Pow((u - 0.15 - dicroticDelayS) / 0.07, 2));
            }
            return 2048 + 400 * v;
        };
        var (beats, snap, _) = Run(sig, 90);
        int expected = truth.Count(t => t >= 5 && t <= 88);
        int got = beats.Count(b => b >= 5.5 && b <= 88.5);
        Assert.InRange(got, expected - 1, expected + 1);
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
        Assert.InRange(snap.HeartRateCentiBpm, (int)(bpm * 100 * 0.96), (int)(bpm * 100 * 1.04));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(20.0)]     // white noise σ = 20 counts on a 400-count pulse
    [InlineData(60.0)]
    public void Rmssd_matches_the_truth_on_noisy_pulses(double noiseCounts)
    {
        var truth = SynthSignals.Beats(68, 0.5, 100, 0.04, seed: 21);
        var rnd = new Random(4);
        var (beats, snap, _) = Run(t => 2048 + 400 * SynthSignals.Ppg(t, truth) + noiseCounts * SynthSignals.Gauss(rnd), 100);
        // truth RMSSD over the beats in the last 60 s (the hub's window)
        var last = truth.Where(t => t >= 100 - 60.5 - 0.45 && t < 99.4).ToArray();
        double sum = 0; int n = 0;
        for (int k = 2; k < last.Length; k++) { double d = (last[k] - last[k - 1]) - (last[k - 1] - last[k - 2]); sum += d * d; n++; }
        double rmssdMs = Math.Sqrt(sum / n) * 1000;
        _out.WriteLine($"noise {noiseCounts}: RMSSD {snap.RmssdMs} ms, truth {rmssdMs:0.0} ms, rate {snap.HeartRateCentiBpm / 100.0:0.0} bpm");
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
        Assert.InRange(snap.RmssdMs, rmssdMs - 6, rmssdMs + 6);
    }

    [Fact]
    public void Jittered_timestamps_keep_rate()
    {
        var truth = SynthSignals.Beats(80, 0.5, 60);
        var (_, snap, _) = Run(t => 2048 + 300 * SynthSignals.Ppg(t, truth), 60, jitterUs: 2000);
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
        Assert.InRange(snap.HeartRateCentiBpm, 7800, 8200);
    }

    [Fact]
    public void Max30102_range_works()
    {
        var truth = SynthSignals.Beats(65, 0.5, 40);
        // raw reflected IR: the pulse makes the reading dip
        var (beats, snap, _) = Run(t => 120000 - 1500 * SynthSignals.Ppg(t, truth), 40, PulseSensorKind.Max30102Ir18);
        // the fiducial is the systolic peak of the inverted signal: 150 ms after each synthetic beat, plus the
        // detector's constant delay; all detections share one lag
        var lags = beats.Where(b => b > 8).Select(b => b - truth.Where(t => t <= b).Last()).ToArray();
        Assert.True(lags.Max() - lags.Min() < 0.05, $"lags {lags.Min():0.000}..{lags.Max():0.000}");
        Assert.True(lags.Average() > 0.1 && lags.Average() < 0.25, $"beat placed {lags.Average():0.000} s after onset: the dip was not taken as the pulse");
        Assert.Equal(PulseStatus.Ok, snap.Pulse);
        Assert.InRange(snap.HeartRateCentiBpm, 6300, 6700);
    }

    [Fact]
    public void Max30102_without_finger_is_no_contact()
    {
        var r = new Random(1);
        var (_, snap, _) = Run(t => 3000 + r.Next(-200, 200), 10, PulseSensorKind.Max30102Ir18);
        Assert.Equal(PulseStatus.NoContact, snap.Pulse);
        Assert.Equal(0, snap.HeartRateCentiBpm);
    }

    [Fact]
    public void Rails_and_flat_lines_have_their_status()
    {
        var r = new Random(2);
        Assert.Equal(PulseStatus.NoContact, Run(t => r.Next(0, 60), 10).snap.Pulse);
        Assert.Equal(PulseStatus.Saturated, Run(t => 4095 - r.Next(0, 30), 10).snap.Pulse);
        Assert.Equal(PulseStatus.Flat, Run(t => 2000 + (t > 3 ? 0 : 100 * Math.Sin(t * 7)), 10).snap.Pulse);
        Assert.Equal(PulseStatus.NoContact, Run(t => 0, 10).snap.Pulse);          // a constant rail is a rail first
        Assert.Equal(PulseStatus.Saturated, Run(t => 4095, 10).snap.Pulse);
        foreach (var s in new[] { Run(t => r.Next(0, 60), 10).snap, Run(t => 2000, 10).snap })
        { Assert.Equal(0, s.HeartRateCentiBpm); Assert.Equal(0, s.RmssdMs); }
    }

    [Fact]
    public void Rate_above_200_bpm_is_never_reported()
    {
        var truth = SynthSignals.Beats(240, 0.5, 40);
        var (_, snap, _) = Run(t => 2048 + 300 * SynthSignals.Ppg(t, truth), 40);
        Assert.NotEqual(PulseStatus.Ok, snap.Pulse);
        Assert.Equal(0, snap.HeartRateCentiBpm);
    }

    [Fact]
    public void Random_noise_is_not_a_valid_pulse()
    {
        var r = new Random(9);
        var (_, snap, _) = Run(t => 2048 + r.Next(-400, 400), 60);
        Assert.NotEqual(PulseStatus.Ok, snap.Pulse);
    }

    [Fact]
    public void Unavailable_sensor_is_absent_and_samples_are_ignored()
    {
        var hub = new SensingHub(); var snap = new PhysioSnapshot();
        for (int k = 0; k < 1000; k++) Assert.False(hub.PushPulse(2048 + (k % 100) * 5, k * 8000L));
        hub.Update(8000, snap);
        Assert.Equal(PulseStatus.Absent, snap.Pulse);
        Assert.Equal(0, snap.ConfidenceQ15);
    }

    [Fact]
    public void No_samples_for_seconds_is_flat()
    {
        var truth = SynthSignals.Beats(70, 0.5, 30);
        var (_, _, hub) = Run(t => 2048 + 300 * SynthSignals.Ppg(t, truth), 30);
        var snap = new PhysioSnapshot();
        hub.Update(33000, snap);
        Assert.Equal(PulseStatus.Flat, snap.Pulse);
    }

    [Fact]
    public void Per_sample_path_does_not_allocate()
    {
        var hub = new SensingHub(); hub.SetPulseAvailable(true); hub.SetEdaAvailable(true);
        var snap = new PhysioSnapshot(); var truth = SynthSignals.Beats(70, 0.5, 40);
        var ppg = new int[5000]; for (int k = 0; k < ppg.Length; k++) ppg[k] = (int)(2048 + 300 * SynthSignals.Ppg(k / 125.0, truth));
        for (int k = 0; k < 100; k++) { hub.PushPulse(ppg[k], k * 8000L); hub.PushEda(1500, k * 8000L); }
        hub.Update(800, snap);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 100; k < ppg.Length; k++)
        {
            hub.PushPulse(ppg[k], k * 8000L);
            if ((k & 7) == 0) hub.PushEda(1500 + (k / 200) % 7, k * 8000L);
            if (k % 12 == 0) hub.Update(k * 8L, snap);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
