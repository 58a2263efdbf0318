using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Tests.Composer;

/// <summary>
/// Rendered-audio criteria of the music (what a listener hears, measured on rendered audio): the composer driving the real engine (MusicComposer + AudioEngine at 16 kHz,
/// a control tick every 50 ms of audio), measured with <see cref="AudioMeasures"/>.
/// </summary>
public class RenderedAudioTests
{
    readonly ITestOutputHelper _out;
    public RenderedAudioTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;

    /// <summary>Renders seconds of audio; the composer's level starts silent and rises at its slew limit (6 dB/s).</summary>
    public static short[] RenderComposer(ProgramKind program, Preset preset, MusicControls controls, double seconds, uint seed)
    {
        var engine = new AudioEngine();
        engine.Init(Fs, seed);
        engine.Start(20);
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(preset));
        c.SetSleepTimerMinutes(0);
        c.SetProgram(program);
        c.Init(seed, engine);
        int total = (int)(seconds * Fs), block = Fs / 20;
        var pcm = new short[total];
        var buf = new byte[block * 2];
        for (int done = 0, t = 0; done < total; done += block, t += 50)
        {
            c.Tick(t, controls);
            int n = Math.Min(block, total - done);
            engine.Render(buf, 0, n);
            for (int i = 0; i < n; i++) pcm[done + i] = (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
        }
        return pcm;
    }

    static MusicControls Controls(int brightQ15, int levelCentiDb = -2000, int energyQ15 = 20000) =>
        new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = brightQ15, DensityQ15 = 26000, EnergyQ15 = energyQ15, LevelCentiDb = levelCentiDb };

    public static IEnumerable<object[]> Instrumentations() => new[]
    {
        new object[] { "pad", Instruments.Pad }, new object[] { "pluck", Instruments.Pluck }, new object[] { "bell", Instruments.Bell },
        new object[] { "flute", Instruments.Flute }, new object[] { "bass", Instruments.Bass },
        new object[] { "pad+pluck+bell+bass", (byte)(Instruments.Pad | Instruments.Pluck | Instruments.Bell | Instruments.Bass) },
        new object[] { "all", Instruments.All },
    };

    [Theory]
    [MemberData(nameof(Instrumentations))]
    public void Centroid_at_brightness_0_is_0_28_to_0_46_of_that_at_brightness_1(string name, byte set)
    {
        var preset = new Preset { InstrumentSet = set, Noise = NoiseColor.Off };
        double[] cent = new double[2];
        for (int b = 0; b < 2; b++)
        {
            var pcm = RenderComposer(ProgramKind.Calm, preset, Controls(b == 0 ? 0 : 32767), 24, 7);
            cent[b] = AudioMeasures.Centroid(pcm, 8 * Fs, Fs);
        }
        _out.WriteLine($"{name}: centroid dark {cent[0]:F0} Hz, bright {cent[1]:F0} Hz, ratio {cent[0] / cent[1]:F3}");
        Assert.True(cent[0] > 0 && cent[1] > 0, "silent render");
        // the README's figure (measured 0.288 bell ... 0.454 bass)
        Assert.True(cent[0] >= 0.28 * cent[1] && cent[0] <= 0.46 * cent[1], $"{name}: dark {cent[0]:F0} Hz vs bright {cent[1]:F0} Hz (ratio {cent[0] / cent[1]:F3} outside 0.28-0.46)");
    }

    public static IEnumerable<object[]> ProgramPresets()
    {
        foreach (ProgramKind p in new[] { ProgramKind.Sleep, ProgramKind.Calm, ProgramKind.Pain, ProgramKind.Noise })
        {
            yield return new object[] { p, "default", new Preset() };
            yield return new object[] { p, "all/luminous/brown", new Preset { InstrumentSet = Instruments.All, Mood = Mood.Luminous, Noise = NoiseColor.Brown, NoiseLevelPercent = 50 } };
            yield return new object[] { p, "pad+flute/neutral/ocean", new Preset { InstrumentSet = (byte)(Instruments.Pad | Instruments.Flute), Mood = Mood.Neutral, Noise = NoiseColor.Ocean, NoiseLevelPercent = 60 } };
            yield return new object[] { p, "bell+bass/warm/no noise", new Preset { InstrumentSet = (byte)(Instruments.Bell | Instruments.Bass), Noise = NoiseColor.Off, NoiseLevelPercent = 0 } };
        }
    }

    [Fact]
    public void Loudness_of_every_program_and_preset_is_within_1_LU_of_the_reference_and_true_peak_stays_below_the_cap()
    {
        var rows = new List<(string name, double lufs, double tp)>();
        foreach (var row in ProgramPresets())
        {
            var (p, name, preset) = ((ProgramKind)row[0], (string)row[1], (Preset)row[2]);
            var pcm = RenderComposer(p, preset, Controls(20000), 30, 5);
            var meas = pcm.AsSpan(14 * Fs).ToArray(); // the level has reached its target (slew from silence)
            rows.Add(($"{p}/{name}", AudioMeasures.GatedLoudness(meas, Fs), AudioMeasures.TruePeak(meas)));
        }
        double reference = rows.Select(r => r.lufs).OrderBy(v => v).ElementAt(rows.Count / 2);
        foreach (var r in rows) _out.WriteLine($"{r.name,-40} {r.lufs,7:F2} LUFS ({r.lufs - reference,6:+0.00;-0.00} LU)  true peak {20 * Math.Log10(r.tp),6:F2} dBTP");
        double cap = Math.Pow(10, AudioEngine.DefaultCapCentiDb / 2000.0);
        Assert.All(rows, r => Assert.True(r.tp < cap, $"{r.name}: true peak {r.tp:F4} ≥ cap {cap:F4}"));
        Assert.All(rows, r => Assert.True(Math.Abs(r.lufs - reference) <= 1.0, $"{r.name}: {r.lufs:F2} LUFS vs reference {reference:F2}"));
    }

    /// <summary>At full level, energy and brightness (the loudest the composer asks for) every program's true peak stays below the engine's cap, at or below -9.4 dBTP.</summary>
    [Fact]
    public void True_peak_at_full_level_stays_below_the_cap()
    {
        double cap = Math.Pow(10, AudioEngine.DefaultCapCentiDb / 2000.0);
        foreach (ProgramKind p in new[] { ProgramKind.Sleep, ProgramKind.Calm, ProgramKind.Pain, ProgramKind.Noise })
        {
            var preset = new Preset { InstrumentSet = Instruments.All, Noise = NoiseColor.Pink, NoiseLevelPercent = 100 };
            var pcm = RenderComposer(p, preset, Controls(32767, levelCentiDb: 0, energyQ15: 32767), 24, 3);
            var meas = pcm.AsSpan(17 * Fs).ToArray(); // level reached 0 dB (slew 6 dB/s from -96 dB)
            double tp = AudioMeasures.TruePeak(meas), sp = meas.Max(v => Math.Abs((int)v)) / 32768.0;
            _out.WriteLine($"{p}: sample peak {20 * Math.Log10(sp):F2} dBFS, true peak {20 * Math.Log10(tp):F2} dBTP, cap {AudioEngine.DefaultCapCentiDb / 100.0:F2} dB");
            Assert.True(sp > cap / 4, $"{p}: render too quiet to test the cap ({sp:F3})");
            Assert.True(tp < cap, $"{p}: true peak {tp:F4} ≥ cap {cap:F4}");
            // the README's figure (measured -9.66 dBTP Pain ... -11.84 Noise): 3.6 dB or more of headroom below the cap
            Assert.True(20 * Math.Log10(tp) <= -9.4, $"{p}: true peak {20 * Math.Log10(tp):F2} dBTP > -9.4");
        }
    }

    [Fact]
    public void Measures_are_calibrated()
    {
        // a 1 kHz full-scale sine reads -3.01 LUFS (BS.1770: K-weighting gain ≈ +0.69 dB at 1 kHz, offset -0.691)
        var sine = new short[Fs * 3];
        for (int i = 0; i < sine.Length; i++) sine[i] = (short)Math.Round(16384 * Math.Sin(2 * Math.PI * 1000 * i / Fs));
        Assert.InRange(AudioMeasures.GatedLoudness(sine, Fs), -9.1, -8.9); // half scale: -3.01 - 6.02
        // a sine at 0.45·fs sampled off its peaks: the true peak finds the inter-sample peak the samples miss
        var hf = new short[4000];
        for (int i = 0; i < hf.Length; i++) hf[i] = (short)Math.Round(16000 * Math.Sin(2 * Math.PI * 0.25 * i + Math.PI / 4));
        Assert.True(hf.Max(v => Math.Abs((int)v)) / 32768.0 < 0.35);
        Assert.InRange(AudioMeasures.TruePeak(hf), 0.48, 0.5);
        // the centroid of a pure 500 Hz tone is 500 Hz
        var t = new short[Fs * 2];
        for (int i = 0; i < t.Length; i++) t[i] = (short)Math.Round(10000 * Math.Sin(2 * Math.PI * 500 * i / Fs));
        Assert.InRange(AudioMeasures.Centroid(t, 0, Fs), 495, 505);
        // gating: silence is gated out entirely (absolute gate, -70 LUFS)
        Assert.True(double.IsNegativeInfinity(AudioMeasures.GatedLoudness(new short[Fs * 2], Fs)));
    }

    /// <summary>3 s of a 1 kHz sine at half scale, then 3 s of the same sine quieterDb lower.</summary>
    static short[] LoudThenQuiet(double quieterDb)
    {
        var x = new short[Fs * 6];
        double quiet = Math.Pow(10, -quieterDb / 20);
        for (int i = 0; i < x.Length; i++) x[i] = (short)Math.Round((i < 3 * Fs ? 1 : quiet) * 16384 * Math.Sin(2 * Math.PI * 1000 * i / Fs));
        return x;
    }

    /// <summary>
    /// BS.1770 gating on a signal with a loud half and a quiet half. Blocks are 400 ms with a 100 ms hop, so 6 s
    /// give 57 blocks: 27 wholly loud, 3 straddling the step (3/4, 1/2 and 1/4 loud) and 27 wholly quiet. The
    /// relative gate sits 10 LU below the loudness of the blocks above -70 LUFS.
    /// - A half 30 dB quieter (about -39 LUFS) is below that gate (about -22 LUFS): only the loud and straddling
    ///   blocks count, mean power (27 + 0.75 + 0.5 + 0.25) / 30 of the loud half: loud half - 0.22 LU. Ungated it would read loud half - 3.0 LU.
    /// - A half 6 dB quieter is above the gate: every block counts, mean power (1 + 10^-0.6) / 2: loud half - 2.04 LU.
    /// </summary>
    [Fact]
    public void Gating_excludes_a_quiet_half_below_the_relative_gate_and_keeps_one_above_it()
    {
        var loudOnly = new short[Fs * 3];
        Array.Copy(LoudThenQuiet(0), loudOnly, loudOnly.Length);
        double loud = AudioMeasures.GatedLoudness(loudOnly, Fs);
        double below = AudioMeasures.GatedLoudness(LoudThenQuiet(30), Fs), above = AudioMeasures.GatedLoudness(LoudThenQuiet(6), Fs);
        double q30 = Math.Pow(10, -3.0), q6 = Math.Pow(10, -0.6);
        double expectBelow = loud + 10 * Math.Log10((27 + 0.75 + 0.5 + 0.25 + q30 * (0.25 + 0.5 + 0.75)) / 30);
        double expectAbove = loud + 10 * Math.Log10((27 + 27 * q6 + 1.5 + 1.5 * q6) / 57);
        _out.WriteLine($"loud half {loud:F3} LUFS; with a -30 dB half {below:F3} (expected {expectBelow:F3}); with a -6 dB half {above:F3} (expected {expectAbove:F3})");
        Assert.InRange(below, expectBelow - 0.05, expectBelow + 0.05);
        Assert.InRange(above, expectAbove - 0.05, expectAbove + 0.05);
    }
}
