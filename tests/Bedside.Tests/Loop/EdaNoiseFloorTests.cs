using Bedside.Core.Sensing;
using Bedside.Host.Replay;
using Bedside.Sim.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Loop;

/// <summary>
/// The EDA detector's noise-adaptive criterion (EdaProcessor class notes): it measures the noise of its input and
/// never takes a rise that noise alone would produce, while keeping the 0.05 µS criterion on a clean input.
/// </summary>
public class EdaNoiseFloorTests
{
    private readonly ITestOutputHelper _out;
    public EdaNoiseFloorTests(ITestOutputHelper o) { _out = o; }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>Feeds µS values through the ADS1115 mapping (0.4..0.9 nS per count: the noise is the test's, not the converter's).</summary>
    private static (int scrs, EdaProcessor e) Run(Func<double, double> uS, double seconds, int rateHz, int minAmpNs = 50)
    {
        var e = new EdaProcessor(); e.Init(rateHz, EdaSensorKind.Ads1115); e.SetMinAmplitudeNanoSiemens(minAmpNs);
        int n = 0; long periodUs = 1_000_000 / rateHz;
        for (int k = 0; k < seconds * rateHz; k++)
            if (e.Push(SensorMapping.EdaToAds1115(uS(k / (double)rateHz)), k * periodUs)) n++;
        return (n, e);
    }

    [Theory]
    [InlineData(4)] [InlineData(8)] [InlineData(16)] [InlineData(32)] [InlineData(64)]
    public void Flat_input_with_white_noise_gives_no_scr_at_any_noise_level_or_rate(int rateHz)
    {
        foreach (double sigmaNs in new[] { 2.0, 8, 15, 25, 40, 60 })
        {
            var r = new Random(rateHz * 1000 + (int)sigmaNs);
            var (n, e) = Run(t => 6.0 + sigmaNs / 1000 * Gauss(r), 900, rateHz);
            _out.WriteLine($"{rateHz} Hz σ {sigmaNs} nS: measured floor {e.NoiseFloorNanoSiemens} nS, criterion {e.EffectiveMinAmplitudeNanoSiemens} nS, SCRs {n}");
            Assert.Equal(0, n);
            if (sigmaNs >= 8) Assert.InRange(e.NoiseFloorNanoSiemens, sigmaNs * 0.8, sigmaNs * 1.25);
        }
    }

    [Fact]
    public void Clean_input_keeps_the_documented_criterion()
    {
        var (_, e) = Run(t => 6.0, 120, 16);
        Assert.Equal(0, e.NoiseFloorNanoSiemens);
        Assert.Equal(50, e.EffectiveMinAmplitudeNanoSiemens);
        var (_, e2) = Run(t => 6.0, 120, 16, minAmpNs: 10);
        Assert.Equal(10, e2.EffectiveMinAmplitudeNanoSiemens);
    }

    [Fact]
    public void The_criterion_rises_with_the_noise_and_responses_above_it_are_still_found()
    {
        // σ 25 nS of input noise (a poor converter): responses of 0.3 µS every 12 s must still be found
        var r = new Random(7);
        Func<double, double> sig = t =>
        {
            double v = 5.0 + 0.025 * Gauss(r);
            for (double o = 20; o < 590; o += 12) v += 0.3 * EdaSynth.Bateman(t - o);
            return v;
        };
        var (n, e) = Run(sig, 600, 16);
        int expected = (int)Math.Ceiling((590 - 20) / 12.0);
        _out.WriteLine($"floor {e.NoiseFloorNanoSiemens} nS, criterion {e.EffectiveMinAmplitudeNanoSiemens} nS, found {n}/{expected}");
        Assert.InRange(e.EffectiveMinAmplitudeNanoSiemens, 60, 150);
        Assert.InRange(n, expected - 2, expected);
    }

    [Fact]
    public void Slope_noise_gain_matches_the_filters()
    {
        // white noise σ on the input: the measured floor is σ, and the amplitude criterion is K·Gd·σ with
        // Gd = 0.408 at 16 Hz (impulse response of the two 1-Hz poles and the 0.5-s difference, computed off-line)
        var r = new Random(3);
        var (_, e) = Run(t => 6.0 + 0.040 * Gauss(r), 300, 16);
        double expected = EdaProcessor.AmplitudeNoiseK * 0.408 * e.NoiseFloorNanoSiemens;
        Assert.InRange(e.EffectiveMinAmplitudeNanoSiemens, expected * 0.93, expected * 1.07);
    }

    [Fact]
    public void Open_electrodes_with_adc_noise_are_detached_not_a_tiny_conductance()
    {
        // Grove module with the straps off: the open-circuit reading ± a few counts of ADC noise
        var hub = new SensingHub(125, PulseSensorKind.AnalogAdc12, 16, EdaSensorKind.GroveAdc12);
        hub.SetEdaAvailable(true);
        var r = new Random(5); var snap = new PhysioSnapshot();
        for (int k = 0; k < 16 * 30; k++)
        {
            int raw = (int)Math.Round(GsrTransfer.OpenCircuitCounts + 2.5 * Gauss(r));
            hub.PushEda(raw, k * 62500L);
            if (k % 4 == 0) hub.Update(k * 62500L / 1000, snap);
        }
        Assert.Equal(EdaStatus.Detached, snap.Eda);
        Assert.Equal(0, snap.SclNanoSiemens);
    }
}

public class EdaReattachTests
{
    [Fact]
    public void Reattached_electrodes_restart_the_level_instead_of_ramping_up_from_zero()
    {
        // 60 s at 8 µS, 20 s open straps (open-circuit reading ± ADC noise), then 8 µS again
        var hub = new SensingHub(125, PulseSensorKind.AnalogAdc12, 16, EdaSensorKind.GroveAdc12);
        hub.SetEdaAvailable(true);
        var r = new Random(9); var snap = new PhysioSnapshot();
        int scrs = 0; var okScl = new List<(double t, int scl)>();
        for (int k = 0; k < 16 * 120; k++)
        {
            double t = k / 16.0;
            bool off = t >= 60 && t < 80;
            int raw = off ? (int)Math.Round(GsrTransfer.OpenCircuitCounts + 2.0 * (r.NextDouble() - 0.5) * 3)
                          : (int)Math.Round(GsrTransfer.CountsFromMicroSiemens(8.0) + 0.75 * (r.NextDouble() - 0.5) * 3.4);
            if (hub.PushEda(raw, k * 62500L) && t > 10) scrs++;
            if (k % 4 == 0)
            {
                hub.Update(k * 62500L / 1000, snap);
                if (t >= 62 && t < 80) Assert.Equal(EdaStatus.Detached, snap.Eda);
                if (snap.Eda == EdaStatus.Ok && t > 80) okScl.Add((t, snap.SclNanoSiemens));
            }
        }
        Assert.Equal(0, scrs);                              // the re-attachment is not a response
        Assert.NotEmpty(okScl);
        Assert.All(okScl, p => Assert.InRange(p.scl, 7700, 8300)); // every valid level after re-attachment is the real one
        Assert.True(okScl[0].t < 88, "valid again within a few seconds");
    }
}
