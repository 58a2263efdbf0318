using Bedside.Core.Sensing;
using Bedside.Sim.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Loop;

/// <summary>
/// The EDA detector on the simulator's Grove stream (12-bit, 12..19 nS per count, ADC scatter) at a fixed
/// arousal, against the synthesizer's ground truth: detected SCRs are real ones (no noise-made responses), also
/// when the converter is noisier than the default (single reads, no averaging).
/// </summary>
public class EdaOnSimulatedGroveTests
{
    private readonly ITestOutputHelper _out;
    public EdaOnSimulatedGroveTests(ITestOutputHelper o) { _out = o; }

    [Theory]
    [InlineData(1, 0.2, 0.0)] [InlineData(2, 0.5, 0.0)] [InlineData(3, 0.7, 0.0)] [InlineData(4, 0.9, 0.0)] [InlineData(5, 0.0, 0.0)]
    [InlineData(6, 0.7, 3.0)] [InlineData(7, 0.2, 3.0)] [InlineData(8, 0.0, 3.0)]
    public void Detected_scrs_are_real_ones(int seed, double arousal, double adcNoiseCounts)
    {
        var rnd = new SimRandom((uint)seed);
        var m = new ListenerModel(arousal, arousal, arousal, arousal, rnd.Fork());
        var syn = new EdaSynth(rnd.Fork()) { RecordScrs = true };
        if (adcNoiseCounts > 0) syn.AdcNoiseCountsRms = adcNoiseCounts;
        var e = new EdaProcessor(); e.Init(16, EdaSensorKind.GroveAdc12);
        var det = new List<double>();
        const double dur = 600;
        for (int k = 0; k < dur * 16; k++)
            if (e.Push(syn.Sample(k / 16.0, m), k * 62500L)) det.Add(e.LastScrOnsetTUs / 1e6);
        var truth = syn.ScrOnsetsS.Zip(syn.ScrAmplitudesMicroS).Where(p => p.First > 5 && p.First < dur - 5).ToList();
        var clear = truth.Where(p => p.Second >= Math.Max(0.05, e.EffectiveMinAmplitudeNanoSiemens / 1000.0) * 1.5).ToList();
        int hit = clear.Count(p => det.Any(d => Math.Abs(d - p.First) <= 1));
        int extra = det.Count(d => d > 5 && !truth.Any(p => Math.Abs(d - p.First) <= 1.5));
        _out.WriteLine($"a={arousal} ADC σ {(adcNoiseCounts > 0 ? adcNoiseCounts : EdaSynth.AdcNoiseCounts):0.00} counts: SCL {m.SclTonicMicroS:0.0} µS, " +
                       $"floor {e.NoiseFloorNanoSiemens} nS, criterion {e.EffectiveMinAmplitudeNanoSiemens} nS; truth {truth.Count}, " +
                       $"clearly above the criterion {clear.Count}, found {hit}, detections {det.Count}, without a response {extra}");
        Assert.True(extra <= Math.Max(2, det.Count / 10), $"{extra} detections without a response");
        Assert.True(det.Count <= truth.Count + 1, "more SCRs than were generated");
        if (clear.Count >= 5) Assert.True(hit >= 0.7 * clear.Count, $"found {hit}/{clear.Count} clear responses");
    }
}
