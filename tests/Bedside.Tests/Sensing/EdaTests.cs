using Bedside.Core.Sensing;
using Bedside.Host.Replay;
using Xunit;

namespace Bedside.Tests.Sensing;

public class EdaTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;
    public EdaTests(Xunit.Abstractions.ITestOutputHelper o) { _out = o; }

    [Theory]
    [InlineData(0, 50000)]       // bottom rail: 50 µS
    [InlineData(2048, 0)]        // open electrodes
    [InlineData(3000, 0)]
    [InlineData(1024, 16666)]    // 100000·1024/(4096+2048)
    public void Grove_transfer_function(int counts, int nS)
    {
        var e = new EdaProcessor(); e.Init(16, EdaSensorKind.GroveAdc12);
        Assert.Equal(nS, e.ToNanoSiemens(counts));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2909, 999)]      // ≈ 1 µS
    [InlineData(16000, 10000)]   // 10 µS
    public void Ads1115_transfer_function(int counts, int nS)
    {
        var e = new EdaProcessor(); e.Init(16, EdaSensorKind.Ads1115);
        Assert.Equal(nS, e.ToNanoSiemens(counts));
    }

    [Theory]
    [InlineData(0.5)] [InlineData(2.0)] [InlineData(8.0)] [InlineData(20.0)]
    public void Replay_mapping_inverts_the_core_conversion(double uS)
    {
        var g = new EdaProcessor(); g.Init(16, EdaSensorKind.GroveAdc12);
        var a = new EdaProcessor(); a.Init(16, EdaSensorKind.Ads1115);
        int gns = g.ToNanoSiemens(SensorMapping.EdaToGrove(uS));
        int ans = a.ToNanoSiemens(SensorMapping.EdaToAds1115(uS));
        // within one count of quantisation
        Assert.InRange(gns, uS * 1000 - 40, uS * 1000 + 40);
        Assert.InRange(ans, uS * 1000 - 10, uS * 1000 + 10);
    }

    /// <summary>Synthetic EDA in µS: drifting tonic + Bateman SCRs + white noise, sampled at 16 Hz through the ADS1115 mapping.</summary>
    static (List<(double onset, double amp)> found, EdaProcessor e, PhysioSnapshot snap) Feed(Func<double, double> uS, double seconds,
        EdaSensorKind kind = EdaSensorKind.Ads1115, int minAmpNs = 50)
    {
        var hub = new SensingHub(125, PulseSensorKind.AnalogAdc12, 16, kind);
        hub.SetEdaAvailable(true); hub.Eda.SetMinAmplitudeNanoSiemens(minAmpNs);
        var found = new List<(double, double)>(); var snap = new PhysioSnapshot();
        for (int k = 0; k < seconds * 16; k++)
        {
            double t = k / 16.0; long tUs = k * 62500L;
            int raw = kind == EdaSensorKind.Ads1115 ? SensorMapping.EdaToAds1115(uS(t)) : SensorMapping.EdaToGrove(uS(t));
            if (hub.PushEda(raw, tUs)) found.Add((hub.Eda.LastScrOnsetTUs / 1e6, hub.Eda.LastScrAmplitudeNanoSiemens / 1000.0));
            if (k % 4 == 0) hub.Update(tUs / 1000, snap);
        }
        return (found, hub.Eda, snap);
    }

    [Theory]
    [InlineData(11, 0.004, 0.02, EdaSensorKind.Ads1115)]
    [InlineData(12, 0.003, -0.01, EdaSensorKind.Ads1115)]
    [InlineData(13, 0.005, 0.03, EdaSensorKind.Ads1115)]
    [InlineData(14, 0.004, 0.02, EdaSensorKind.GroveAdc12)]
    [InlineData(15, 0.005, -0.02, EdaSensorKind.GroveAdc12)]
    public void Scr_trains_on_drifting_tonic_are_found(int seed, double noiseUs, double driftUsPerMin, EdaSensorKind kind)
    {
        var r = new Random(seed);
        var onsets = new List<(double t, double a)>();
        for (double t = 20; t < 580; t += 8 + r.NextDouble() * 12) onsets.Add((t, 0.05 + r.NextDouble() * 0.6));
        var noise = new Dictionary<long, double>();
        Func<double, double> sig = t =>
        {
            double v = 4.0 + driftUsPerMin * t / 60 + 0.3 * Math.Sin(2 * Math.PI * t / 400);
            foreach (var o in onsets) if (t > o.t && t < o.t + 30) v += o.a * SynthSignals.Bateman(t - o.t);
            long key = (long)Math.Round(t * 16);
            if (!noise.TryGetValue(key, out double n)) noise[key] = n = noiseUs * SynthSignals.Gauss(r);
            return v + n;
        };
        var (found, _, snap) = Feed(sig, 600, kind);
        int hit = 0;
        foreach (var o in onsets) if (found.Any(f => Math.Abs(f.onset - o.t) <= 1.0)) hit++;
        double sens = (double)hit / onsets.Count;
        Assert.True(sens >= 0.95, $"sensitivity {sens:0.000} ({hit}/{onsets.Count}), found {found.Count}");
        int extra = found.Count(f => !onsets.Any(o => Math.Abs(f.onset - o.t) <= 1.0));
        var errs = onsets.Select(o => found.Select(f => f.onset - o.t).OrderBy(Math.Abs).FirstOrDefault(99)).Where(e => Math.Abs(e) <= 1).ToArray();
        var ampErr = onsets.Select(o => (o, f: found.Where(f => Math.Abs(f.onset - o.t) <= 1).Select(f => f.amp).DefaultIfEmpty(double.NaN).First()))
                           .Where(p => !double.IsNaN(p.f)).Select(p => Math.Abs(p.f - p.o.a) / p.o.a).ToArray();
        _out.WriteLine($"{kind} seed {seed}: sensitivity {sens:0.000} ({hit}/{onsets.Count}), extra {extra}, onset error mean {errs.Average():+0.00;-0.00} s (max |{errs.Max(Math.Abs):0.00}|), amplitude error median {ampErr.OrderBy(x => x).ElementAt(ampErr.Length / 2) * 100:0.0} %");
        Assert.True(extra <= onsets.Count / 20, $"{extra} detections without a response");
        Assert.Equal(EdaStatus.Ok, snap.Eda);
        Assert.InRange(snap.SclNanoSiemens, 3000, 18000);
    }

    [Fact]
    public void Amplitude_is_measured()
    {
        var (found, _, _) = Feed(t => 5.0 + 0.3 * SynthSignals.Bateman(t - 30), 60);
        Assert.Single(found);
        Assert.InRange(found[0].amp, 0.25, 0.33);
        Assert.InRange(found[0].onset, 29, 31);
    }

    [Theory]
    [InlineData(21, EdaSensorKind.Ads1115, 0.005)]
    [InlineData(22, EdaSensorKind.Ads1115, 0.008)]
    [InlineData(23, EdaSensorKind.GroveAdc12, 0.005)]
    public void Flat_plus_noise_gives_no_scr(int seed, EdaSensorKind kind, double noiseUs)
    {
        var r = new Random(seed); var noise = new Dictionary<long, double>();
        Func<double, double> sig = t =>
        {
            long key = (long)Math.Round(t * 16);
            if (!noise.TryGetValue(key, out double n)) noise[key] = n = noiseUs * SynthSignals.Gauss(r);
            return 6.0 + n;
        };
        var (found, _, snap) = Feed(sig, 600, kind);
        Assert.Empty(found);
        Assert.Equal(0, snap.ScrPerMinuteCenti);
        Assert.InRange(snap.SclNanoSiemens, 5900, 6100);
    }

    [Fact]
    public void Detached_and_saturated_statuses()
    {
        Assert.Equal(EdaStatus.Detached, Feed(t => 0.0, 20, EdaSensorKind.GroveAdc12).snap.Eda);
        Assert.Equal(EdaStatus.Saturated, Feed(t => 60.0, 20, EdaSensorKind.GroveAdc12).snap.Eda);
        Assert.Equal(EdaStatus.Saturated, Feed(t => 400.0, 20, EdaSensorKind.Ads1115).snap.Eda);
        var s = Feed(t => 0.0, 20, EdaSensorKind.GroveAdc12).snap;
        Assert.Equal(0, s.SclNanoSiemens);
    }

    [Fact]
    public void Scr_rate_counts_the_last_minute()
    {
        // one 0.3 µS response every 10 s for 2 minutes → 6 per minute
        Func<double, double> sig = t => { double v = 5; for (double o = 10; o < 125; o += 10) v += 0.3 * SynthSignals.Bateman(t - o); return v; };
        var (found, _, snap) = Feed(sig, 121);
        Assert.InRange(found.Count, 11, 12);
        Assert.InRange(snap.ScrPerMinuteCenti, 500, 700);
    }
}

public class EdaCriterionTests
{
    [Fact]
    public void The_001_uS_criterion_finds_small_responses_that_the_005_criterion_ignores()
    {
        static int Count(int minAmpNs)
        {
            var e = new EdaProcessor(); e.Init(16, EdaSensorKind.Ads1115); e.SetMinAmplitudeNanoSiemens(minAmpNs);
            int n = 0;
            for (int k = 0; k < 16 * 120; k++)
            {
                double t = k / 16.0, v = 3.0;
                for (double o = 10; o < 115; o += 15) v += 0.025 * SynthSignals.Bateman(t - o);
                if (e.Push(SensorMapping.EdaToAds1115(v), k * 62500L)) n++;
            }
            return n;
        }
        Assert.Equal(7, Count(10));
        Assert.Equal(0, Count(50));
    }
}
