using Bedside.Sim.Scenarios;
using Xunit;

namespace Bedside.Tests.Sim;

public class ScenarioTests
{
    private sealed class Recorder : ISensorSink
    {
        public readonly List<int> Ppg = new(), Eda = new();
        public readonly List<long> PpgT = new(), EdaT = new();
        public void PushPulse(int raw, long tUs) { Ppg.Add(raw); PpgT.Add(tUs); }
        public void PushEda(int raw, long tUs) { Eda.Add(raw); EdaT.Add(tUs); }
    }

    private static ListenerModel Steady(double arousal, uint seed = 7)
        => new ListenerModel(arousal, arousal, arousal, arousal, new SimRandom(seed)); // never Step()ed: constant physiology

    private static (List<double> t, List<int> v) PpgStream(PpgSynth synth, ListenerModel m, double seconds, int hz = 200)
    {
        var t = new List<double>(); var v = new List<int>();
        for (int i = 0; i < seconds * hz; i++) { double ts = i / (double)hz; t.Add(ts); v.Add(synth.Sample(ts, m)); }
        return (t, v);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Ppg_beat_rate_and_rmssd_match_the_model(double arousal)
    {
        var m = Steady(arousal);
        var synth = new PpgSynth(new SimRandom(3)) { RecordBeats = true };
        PpgStream(synth, m, 600);
        var peaks = synth.BeatPeaksS;
        var ibis = new List<double>();
        for (int i = 1; i < peaks.Count; i++)
            if (!synth.BeatPremature[i] && !synth.BeatPremature[i - 1] && (i < 2 || !synth.BeatPremature[i - 2])) ibis.Add(peaks[i] - peaks[i - 1]);
        double hr = 60 / ibis.Average();
        Assert.InRange(hr, m.HeartRateBpm - 1.0, m.HeartRateBpm + 1.0);
        double sumSq = 0; int n = 0;
        for (int i = 1; i < ibis.Count; i++) { double d = (ibis[i] - ibis[i - 1]) * 1000; sumSq += d * d; n++; }
        double rmssd = Math.Sqrt(sumSq / n);
        Assert.InRange(rmssd, 0.7 * m.RmssdMs, 1.3 * m.RmssdMs);
    }

    [Fact]
    public void Ppg_raw_stream_shows_every_true_beat_as_a_peak()
    {
        // An offline detector on the raw counts (detrend by a 1 s moving average, local maxima above half the
        // pulse amplitude, 300 ms refractory) must find the generator's beats at their stamped times.
        var m = Steady(0.4);
        var synth = new PpgSynth(new SimRandom(11)) { RecordBeats = true };
        var (t, v) = PpgStream(synth, m, 180);
        int hz = 200, half = hz / 2;
        var det = new List<double>();
        double lastPeak = -1;
        for (int i = half + 1; i < v.Count - half - 1; i++)
        {
            double mean = 0; for (int k = i - half; k <= i + half; k++) mean += v[k]; mean /= 2 * half + 1;
            double x = v[i] - mean;
            if (x > 0.35 * PpgSynth.AmplitudeCounts * m.PulseAmplitudeScale && v[i] >= v[i - 1] && v[i] > v[i + 1]
                && v[i] >= v.Skip(i - 12).Take(25).Max() && t[i] - lastPeak > 0.3) { det.Add(t[i]); lastPeak = t[i]; }
        }
        var truth = synth.BeatPeaksS.Where((p, k) => p > 1 && p < 179 && !synth.BeatPremature[k]).ToList();
        int found = truth.Count(p => det.Any(d => Math.Abs(d - p) <= 0.03));
        Assert.True(truth.Count > 150);
        Assert.True(found >= 0.97 * truth.Count, $"found {found} of {truth.Count}");
        int extra = det.Count(d => d > 1 && d < 179 && !synth.BeatPeaksS.Any(p => Math.Abs(d - p) <= 0.05));
        Assert.True(extra <= 2, $"{extra} detections without a beat");
    }

    [Fact]
    public void Ppg_stays_in_adc_range_and_detached_sensor_reads_flat()
    {
        var m = Steady(0.8);
        var synth = new PpgSynth(new SimRandom(5)) { MotionCounts = 1500 };
        var (_, moving) = PpgStream(synth, m, 60);
        Assert.All(moving, c => Assert.InRange(c, 0, 4095));
        Assert.True(moving.Max() - moving.Min() > 1500, "motion artefacts must be large");
        synth.MotionCounts = 0; synth.Detached = true;
        var flat = new List<int>();
        for (int i = 0; i < 2000; i++) flat.Add(synth.Sample(60 + i / 200.0, m));
        double mean = flat.Average(), sd = Math.Sqrt(flat.Average(x => (x - mean) * (x - mean)));
        Assert.True(sd < 5, "detached sd " + sd);
    }

    [Theory]
    [InlineData(2.0, 1890)]
    [InlineData(10.0, 1365)]
    [InlineData(20.0, 878)]
    public void Gsr_transfer_matches_the_documented_points_and_inverts(double microS, int counts)
    {
        Assert.InRange(GsrTransfer.CountsFromMicroSiemens(microS), counts - 1, counts + 1);
        Assert.InRange(GsrTransfer.MicroSiemensFromCounts(GsrTransfer.CountsFromMicroSiemens(microS)), microS * 0.9999, microS * 1.0001);
        Assert.Equal(GsrTransfer.OpenCircuitCounts, GsrTransfer.CountsFromMicroSiemens(0), 6);
    }

    [Fact]
    public void Bateman_shape_peaks_at_one_1_55_s_after_onset()
    {
        double best = 0, at = 0;
        for (double t = 0; t < 20; t += 0.01) { double b = EdaSynth.Bateman(t); if (b > best) { best = b; at = t; } }
        Assert.InRange(best, 0.999, 1.0001);
        Assert.InRange(at, 1.5, 1.6);
        Assert.Equal(0, EdaSynth.Bateman(-1));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.7)]
    public void Eda_level_and_scr_rate_match_the_model(double arousal)
    {
        var m = Steady(arousal);
        var synth = new EdaSynth(new SimRandom(9)) { RecordScrs = true };
        double seconds = 1800;
        var us = new List<double>();
        for (int i = 0; i < seconds * 20; i++) us.Add(GsrTransfer.MicroSiemensFromCounts(synth.Sample(i / 20.0, m)));
        double perMin = synth.ScrOnsetsS.Count / (seconds / 60);
        Assert.InRange(perMin, 0.75 * m.ScrPerMin, 1.25 * m.ScrPerMin);
        Assert.All(synth.ScrAmplitudesMicroS, a => Assert.InRange(a, 0.04, 1.5));
        // The median reading sits at the tonic level (SCRs only add; drift is ±8 % sd).
        double median = us.OrderBy(x => x).ElementAt(us.Count / 2);
        Assert.InRange(median, 0.8 * m.SclTonicMicroS, 1.3 * m.SclTonicMicroS);
        synth.Detached = true;
        Assert.InRange(synth.Sample(seconds + 1, m), GsrTransfer.OpenCircuitCounts - 10, GsrTransfer.OpenCircuitCounts + 10);
    }

    [Fact]
    public void Calming_music_lowers_arousal_over_minutes_and_activating_music_does_not()
    {
        var calm = new ListenerModel(0.7, 0.6, 0.3, 0.1, new SimRandom(1));
        var busy = new ListenerModel(0.7, 0.6, 0.3, 0.1, new SimRandom(1));
        var silent = new ListenerModel(0.7, 0.6, 0.3, 0.1, new SimRandom(1));
        double prev = calm.Arousal;
        for (int s = 1; s <= 1200; s++)
        {
            calm.Step(s, 1, 50, 0.1, -35);
            busy.Step(s, 1, 95, 0.9, -15);
            silent.Step(s, 1, 60, 0.5, -120);
            Assert.True(calm.Arousal <= prev + 1e-12, "arousal must fall monotonically under steady calming music");
            prev = calm.Arousal;
            if (s == 60) Assert.True(calm.Arousal > 0.6, "the effect takes minutes, not seconds");
        }
        Assert.True(calm.Arousal < 0.4, "calm " + calm.Arousal);
        Assert.True(busy.Arousal > 0.6, "busy " + busy.Arousal);
        // unaccompanied: the ward (0.60) less the sleep pressure's decline 0.2·(1 − e^(−1)) = 0.126 by 20 min, plus lag
        Assert.InRange(silent.Arousal, 0.47, 0.52);
        Assert.True(calm.Arousal < silent.Arousal - 0.1, "calming music must help beyond sleep pressure alone");
        Assert.True(calm.HeartRateBpm < busy.HeartRateBpm - 8);
        Assert.True(calm.RmssdMs > busy.RmssdMs);
    }

    private static Recorder RunScenario(ScenarioKind kind, uint seed, double seconds, out Scenario sc, List<double> arousal = null)
    {
        var rec = new Recorder();
        sc = new Scenario(kind, seed, seconds);
        for (long ms = 50; ms <= seconds * 1000; ms += 50)
        {
            sc.Advance(ms * 1000, 60, 0.4, -30, rec);
            if (ms % 1000 == 0) arousal?.Add(sc.Listener.Arousal);
        }
        return rec;
    }

    [Fact]
    public void Scenario_streams_come_at_device_rates_with_increasing_timestamps()
    {
        var rec = RunScenario(ScenarioKind.FallingAsleep, 1, 120, out _);
        int ppgHz = Bedside.Sim.Session.DeviceRates.PpgHz, edaHz = Bedside.Sim.Session.DeviceRates.EdaHz;
        long ppgUs = 1_000_000 / ppgHz, edaUs = 1_000_000 / edaHz;
        Assert.InRange(rec.Ppg.Count, ppgHz * 120 - 30, ppgHz * 120 + 30);
        Assert.InRange(rec.Eda.Count, edaHz * 120 - 5, edaHz * 120 + 5);
        for (int i = 1; i < rec.PpgT.Count; i++) Assert.InRange(rec.PpgT[i] - rec.PpgT[i - 1], ppgUs - 300, ppgUs + 300);
        for (int i = 1; i < rec.EdaT.Count; i++) Assert.InRange(rec.EdaT[i] - rec.EdaT[i - 1], edaUs - 1000, edaUs + 1000);
        Assert.All(rec.Ppg, c => Assert.InRange(c, 0, 4095));
        Assert.All(rec.Eda, c => Assert.InRange(c, 0, 4095));
    }

    [Fact]
    public void Same_seed_same_streams_other_seed_other_streams()
    {
        var a = RunScenario(ScenarioKind.Restless, 42, 60, out _);
        var b = RunScenario(ScenarioKind.Restless, 42, 60, out _);
        var c = RunScenario(ScenarioKind.Restless, 43, 60, out _);
        Assert.Equal(a.Ppg, b.Ppg); Assert.Equal(a.PpgT, b.PpgT); Assert.Equal(a.Eda, b.Eda);
        Assert.NotEqual(a.Ppg, c.Ppg);
    }

    [Fact]
    public void No_sensors_pushes_nothing_and_sensor_detach_goes_flat_in_its_windows()
    {
        var none = RunScenario(ScenarioKind.NoSensors, 1, 60, out _);
        Assert.Empty(none.Ppg); Assert.Empty(none.Eda);

        var d = RunScenario(ScenarioKind.SensorDetach, 1, 200, out _);
        // PPG off 30-55 % (60-110 s), EDA off 45-70 % (90-140 s) of 200 s.
        var ppgOff = d.Ppg.Where((v, i) => d.PpgT[i] > 61_000_000 && d.PpgT[i] < 109_000_000).ToList();
        var ppgOn = d.Ppg.Where((v, i) => d.PpgT[i] > 10_000_000 && d.PpgT[i] < 59_000_000).ToList();
        Assert.True(ppgOff.Max() - ppgOff.Min() < 40, "detached PPG must be flat");
        Assert.True(ppgOn.Max() - ppgOn.Min() > 200, "attached PPG must pulse");
        var edaOff = d.Eda.Where((v, i) => d.EdaT[i] > 91_000_000 && d.EdaT[i] < 139_000_000).ToList();
        Assert.All(edaOff, c => Assert.InRange(c, GsrTransfer.OpenCircuitCounts - 10, GsrTransfer.OpenCircuitCounts + 10));
        var edaOn = d.Eda.Where((v, i) => d.EdaT[i] < 89_000_000).ToList();
        Assert.All(edaOn, c => Assert.True(c < GsrTransfer.OpenCircuitCounts - 100));
    }

    [Fact]
    public void Restless_and_pain_scenarios_raise_arousal_over_falling_asleep()
    {
        var asleep = new List<double>(); var restless = new List<double>(); var pain = new List<double>();
        RunScenario(ScenarioKind.FallingAsleep, 5, 1200, out _, asleep);
        RunScenario(ScenarioKind.Restless, 5, 1200, out _, restless);
        RunScenario(ScenarioKind.PainEpisode, 5, 1200, out _, pain);
        Assert.True(restless.Average() > asleep.Average() + 0.1, $"restless {restless.Average()} vs {asleep.Average()}");
        // Pain from 35 % (420 s) for 25 % (300 s): arousal in the episode well above the same minutes falling asleep.
        double inPain = pain.Skip(480).Take(240).Average(), same = asleep.Skip(480).Take(240).Average();
        Assert.True(inPain > same + 0.2, $"pain {inPain} vs {same}");
        Assert.True(pain[^1] < inPain - 0.1, "arousal settles again after the episode");
    }
}
