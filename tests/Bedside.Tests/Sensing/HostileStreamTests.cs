using Bedside.Core.Sensing;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Sensing;

/// <summary>Property tests: random and hostile input never throws and always ends in a defined, consistent state.</summary>
public class HostileStreamTests
{
    // segment: (signal kind, length in samples, timestamp mode, level)
    static readonly Gen<(int kind, int len, int time, int level)[]> Streams =
        Gen.Select(Gen.Int[0, 7], Gen.Int[1, 1500], Gen.Int[0, 6], Gen.Int[0, 262143]).Array[1, 10];

    static void Check(PhysioSnapshot s)
    {
        Assert.True(Enum.IsDefined(s.Pulse), "pulse status " + s.Pulse);
        Assert.True(Enum.IsDefined(s.Eda), "eda status " + s.Eda);
        if (s.Pulse == PulseStatus.Ok) Assert.InRange(s.HeartRateCentiBpm, 3500, 20000);
        else { Assert.Equal(0, s.HeartRateCentiBpm); Assert.Equal(0, s.RmssdMs); }
        Assert.InRange(s.PulseQuality, 0, 100);
        Assert.InRange(s.RmssdMs, 0, 2000);
        if (s.Eda != EdaStatus.Ok) { Assert.Equal(0, s.SclNanoSiemens); Assert.Equal(0, s.ScrPerMinuteCenti); }
        Assert.InRange(s.SclNanoSiemens, 0, 400000);
        Assert.InRange(s.ScrPerMinuteCenti, 0, 6400);
        Assert.InRange(s.ArousalQ15, 0, 32767);
        Assert.InRange(s.ConfidenceQ15, 0, 32767);
        if (s.Pulse != PulseStatus.Ok && s.Eda != EdaStatus.Ok) Assert.Equal(0, s.ConfidenceQ15);
    }

    /// <summary>Feeds the stream to a hub; returns a fingerprint of all snapshots (for determinism).</summary>
    static long Feed((int kind, int len, int time, int level)[] segs, PulseSensorKind pk, EdaSensorKind ek)
    {
        var hub = new SensingHub(125, pk, 16, ek);
        hub.SetPulseAvailable(true); hub.SetEdaAvailable(true);
        var snap = new PhysioSnapshot();
        uint x = 12345; long t = 5_000_000, fp = 17;
        int fullScale = pk == PulseSensorKind.Max30102Ir18 ? 262143 : 4095;
        foreach (var seg in segs)
        {
            for (int k = 0; k < seg.len; k++)
            {
                x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                int raw = seg.kind switch
                {
                    0 => 0,                                              // bottom rail
                    1 => fullScale,                                      // top rail
                    2 => (int)(x % (uint)(fullScale + 1)),               // garbage
                    3 => (k & 1) == 0 ? 0 : fullScale,                   // full-scale burst
                    4 => seg.level % (fullScale + 1),                    // long flat line
                    5 => int.MaxValue - (int)(x & 7),                    // out-of-range values
                    6 => -(int)(x & 0xFFFF),                             // negative garbage
                    _ => fullScale / 2 + (int)((fullScale / 8) * Math.Sin(k * 0.06)),  // a plausible pulse
                };
                t += seg.time switch
                {
                    0 => 8000,
                    1 => 8000 + (int)(x % 4001) - 2000,                  // ±2 ms jitter
                    2 => 0,                                              // duplicate timestamps
                    3 => -3000,                                          // slightly backwards
                    4 => k == 0 ? -5_000_000 : 8000,                     // a big jump back
                    5 => k == 0 ? 3_000_000 : 8000,                      // a gap
                    _ => (int)(x % 40000),                               // wild jitter
                };
                hub.PushPulse(raw, t);
                if ((k & 7) == 0) hub.PushEda(seg.kind == 7 ? 1500 + (int)(x & 3) : raw, t);
                if (k % 12 == 0)
                {
                    hub.Update(t / 1000, snap);
                    Check(snap);
                    fp = fp * 31 + (int)snap.Pulse * 7 + snap.HeartRateCentiBpm + (int)snap.Eda + snap.SclNanoSiemens + snap.ArousalQ15;
                }
            }
        }
        // then nothing for 5 s: the channels must not stay "Ok"
        hub.Update(t / 1000 + 5000, snap);
        Check(snap);
        Assert.NotEqual(PulseStatus.Ok, snap.Pulse);
        return fp;
    }

    [Fact]
    public void Hostile_pulse_and_eda_streams_never_throw_and_end_defined()
    {
        // 200 streams of 1-10 segments: each of the 8 segment kinds (flat, rail, jumps, gaps, jitter…) in about 110
        // streams, each following each other kind in about 20.
        Property.Check(Streams, segs =>
        {
            long a = Feed(segs, PulseSensorKind.AnalogAdc12, EdaSensorKind.GroveAdc12);
            long b = Feed(segs, PulseSensorKind.AnalogAdc12, EdaSensorKind.GroveAdc12);
            Assert.Equal(a, b);   // deterministic
            Feed(segs, PulseSensorKind.Max30102Ir18, EdaSensorKind.Ads1115);
        }, cases: 200, threads: 2);
    }

    [Fact]
    public void Bare_components_accept_anything()
    {
        // 150 arrays of up to 3000 (any value, any time) pairs: about 225000 pushes into each component.
        Property.Check(Gen.Select(Gen.Int, Gen.Long).Array[1, 3000], arr =>
        {
            var p = new PulseBeatDetector(); var e = new EdaProcessor(); var b = new BeatIntervalTracker();
            foreach (var (raw, t) in arr)
            {
                if (p.Push(raw, t)) b.OnBeat(p.LastBeatTUs, p.Segment);
                e.Push(raw, t);
                b.Update(t);
                Assert.InRange(b.QualityAt(t), 0, 100);
                Assert.InRange(e.ScrPerMinuteCentiAt(t), 0, 6400);
            }
        }, cases: 150, threads: 2);
    }

    [Fact]
    public void Arousal_with_both_channels_missing_has_zero_confidence_and_rises_with_hr()
    {
        var a = new ArousalEstimator();
        for (int i = 0; i < 100; i++) a.Step(false, 0, 0, 0, false, 0, 0);
        Assert.Equal(0, a.ConfidenceQ15);
        // learn a 60-bpm baseline for 3 minutes, then 85 bpm: arousal rises
        for (int i = 0; i < 720; i++) a.Step(true, 6000, 100, 40, false, 0, 0);
        int calm = a.ArousalQ15; int confPulseOnly = a.ConfidenceQ15;
        for (int i = 0; i < 240; i++) a.Step(true, 8500, 100, 20, false, 0, 0);
        Assert.True(a.ArousalQ15 > calm + 8000, $"{calm} → {a.ArousalQ15}");
        // both channels: more confidence than pulse alone
        for (int i = 0; i < 40; i++) a.Step(true, 6000, 100, 40, true, 5000, 100);
        Assert.True(a.ConfidenceQ15 > confPulseOnly);
        // EDA only: lower confidence than both, still > 0
        int both = a.ConfidenceQ15;
        for (int i = 0; i < 40; i++) a.Step(false, 0, 0, 0, true, 5000, 100);
        Assert.InRange(a.ConfidenceQ15, 1, both - 1);
        // SCR rate up → arousal up (the rate is scored against the listener's own rate, learned over the first
        // 3 min of valid EDA: finish learning a usual 1/min first)
        for (int i = 0; i < 720; i++) a.Step(false, 0, 0, 0, true, 5000, 100);
        int before = a.ArousalQ15;
        for (int i = 0; i < 240; i++) a.Step(false, 0, 0, 0, true, 5000, 800);
        Assert.True(a.ArousalQ15 > before + 3000, $"{before} → {a.ArousalQ15}");
    }
}
