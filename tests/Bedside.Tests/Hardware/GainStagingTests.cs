using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Core.Settings;
using Bedside.Sim.Session;
using Bedside.Tests.Composer;

namespace Bedside.Tests.Hardware;

/// <summary>
/// The factory maximum keeps the unit below the 50 dBA-at-30 cm bedside limit, measured on rendered audio: every
/// program at the factory maximum and the loudest controls the composer is ever asked for (full energy, brightness and
/// density, richest instrumentation, full bed), its loudest second through the speaker model, A-weighted, and the
/// hardware README's gain-staging arithmetic (MAX98357A at the chosen 3 dB strap, ND65-8 sensitivity, 30 cm).
/// </summary>
public class GainStagingTests
{
    readonly ITestOutputHelper _out;
    public GainStagingTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;
    /// <summary>SPL at 30 cm = SplAt30cmFullScaleDb + AV + L (hardware/README.md, "Gain staging"): a full-scale sine is
    /// 2.1 dBV + AV out of the MAX98357A, L is dBFS RMS with a full-scale square = 0 dB (+3.0 dB to the sine), the
    /// speaker gives 83.7 dB SPL at 2.83 V (9.04 dBV) and 1 m, 30 cm is +10.46 dB.</summary>
    const double SplAt30cmFullScaleDb = 2.1 + 3.01 + 83.7 - 9.04 + 10.46;
    /// <summary>The chosen GAIN strap: 100 kΩ to VDD, 3 dB.</summary>
    const double StrapGainDb = 3.0;
    const double LimitDba = 50.0;

    [Theory]
    [InlineData(ProgramKind.Sleep)]
    [InlineData(ProgramKind.Calm)]
    [InlineData(ProgramKind.Pain)]
    [InlineData(ProgramKind.Noise)]
    public void Loudest_second_at_the_factory_maximum_stays_below_50_dBA_at_30_cm(ProgramKind program)
    {
        var preset = new Preset { InstrumentSet = Instruments.All, Noise = NoiseColor.Pink, NoiseLevelPercent = 100 };
        var controls = new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = 32767, DensityQ15 = 32767, EnergyQ15 = 32767, LevelCentiDb = DeviceSettings.FactoryMaxLevelCentiDb };
        var pcm = RenderedAudioTests.RenderComposer(program, preset, controls, 60, 5);
        // from 20 s: the level has risen from silence at 6 dB/s to the factory maximum
        var h = new HeardSpectrum(Fs);
        double loudest = double.NegativeInfinity;
        for (int s = 20; s < 60; s++)
        {
            double sum = 0;
            for (int i = s * Fs; i < (s + 1) * Fs; i++) { sum += (double)pcm[i] * pcm[i]; h.Add(pcm[i] / 32768.0); }
            loudest = Math.Max(loudest, 10 * Math.Log10(sum / Fs / (32768.0 * 32768.0)));
        }
        double aWeight = h.HeardGainDb(true);
        double dba = SplAt30cmFullScaleDb + StrapGainDb + loudest + aWeight;
        _out.WriteLine($"{program} at {DeviceSettings.FactoryMaxLevelCentiDb / 100.0:0} dB, loudest controls: loudest second {loudest:0.0} dBFS RMS, "
            + $"A-weighted through the speaker {aWeight:0.0} dB, ≈ {dba:0.0} dBA at 30 cm (the old -6 dB maximum and 15 dB strap: {dba + (-600 - DeviceSettings.FactoryMaxLevelCentiDb) / 100.0 + 12:0.0})");
        Assert.True(loudest > -60, "render too quiet to judge");
        Assert.True(dba <= LimitDba - 2, $"{program}: {dba:0.0} dBA at 30 cm, limit {LimitDba} with 2 dB to spare");
    }

    [Fact]
    public void Hardware_readme_names_the_factory_maximum_and_the_strap_the_firmware_and_this_test_use()
    {
        string readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "hardware", "README.md"));
        Assert.Contains($"factory maximum of −{-DeviceSettings.FactoryMaxLevelCentiDb / 100} dB", readme);
        Assert.Contains("**100 kΩ to VDD (chosen)** | **3 dB**", readme);
        Assert.Matches(new Regex(@"SPL\(30 cm\) = 90\.2 \+ AV \+ L dB"), readme);
        Assert.Equal(90.2, SplAt30cmFullScaleDb, 1);
        string bom = File.ReadAllText(Path.Combine(Paths.RepoRoot, "hardware", "bom.csv"));
        Assert.Contains("ND65-8", bom);
        Assert.Contains("ND65-8", SpeakerModel.Name);
    }
}
