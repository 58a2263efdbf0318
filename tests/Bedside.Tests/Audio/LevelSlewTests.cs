using Xunit;
using Xunit.Abstractions;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Tests.Audio;

/// <summary>
/// The level safety of the output, measured in rendered audio: any accepted cap (down to −96 dB) holds at the sample level
/// within one engine tick, and no gain rises faster than 6 dB/s of rendered samples, whatever the callers ask.
/// </summary>
public class LevelSlewTests
{
    readonly ITestOutputHelper _out;
    public LevelSlewTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;

    static int Peak(byte[] b, int n)
    {
        int p = 0;
        for (int i = 0; i < n; i++) { int s = (short)(b[2 * i] | (b[2 * i + 1] << 8)); if (s < 0) s = -s; if (s > p) p = s; }
        return p;
    }

    /// <summary>A loud engine at the −6 dB cap after 15 s: a pad drone over a full pink bed, or (withBed false) the drone
    /// alone, a steady source whose rendered RMS is the output gain itself.</summary>
    static AudioEngine Loud(bool withBed = true)
    {
        var e = new AudioEngine();
        e.Init(Fs, 5);
        e.SetLevelCapCentiDb(-600);
        e.SetMasterLevel(0, 10);
        e.Start(10);
        if (withBed) e.SetNoiseBed(NoiseColor.Pink, 32767, 10);
        e.SetDrone(0, Timbre.Pad, e.GridHzQ16 * 150, withBed ? 12000 : 20000, 10);
        var buf = new byte[2 * 1600];
        for (int k = 0; k < 15 * 10; k++) e.Render(buf, 0, 1600); // 15 s: the rise from silence has finished
        return e;
    }

    /// <summary>Settles e at −36 dB, asks for a 36 dB step in 10 ms, and returns the window levels of the next 8 s.</summary>
    static List<double> MasterStepDb(AudioEngine e)
    {
        e.SetMasterLevel(-3600, 10);
        var buf = new byte[2 * 800];
        var pcm = new List<short>();
        for (int k = 0; k < 40; k++) e.Render(buf, 0, 800); // settle at −36 dB
        e.SetMasterLevel(0, 10); // a 36 dB step asked in 10 ms
        for (int k = 0; k < 20 * 8; k++)
        {
            e.Render(buf, 0, 800);
            for (int i = 0; i < 800; i++) pcm.Add((short)(buf[2 * i] | (buf[2 * i + 1] << 8)));
        }
        return WindowDb(pcm);
    }

    [Theory]
    [InlineData(-3100)]
    [InlineData(-4500)]
    [InlineData(-6000)]
    [InlineData(-9000)]
    public void A_cap_below_minus_30_dB_holds_at_the_sample_level_within_one_tick(int capCentiDb)
    {
        var e = Loud();
        var buf = new byte[2 * 1600];
        e.Render(buf, 0, 1600);
        Assert.True(Peak(buf, 1600) > 10000, "the unit is loud before the write");
        e.SetLevelCapCentiDb(capCentiDb);
        e.Render(buf, 0, 2 * AudioEngine.TickSamples); // at most one tick to get there (plus the tick in progress)
        int limit = Gain.CentiDbToQ15(capCentiDb);
        for (int k = 0; k < 20; k++)
        {
            e.Render(buf, 0, 1600);
            int p = Peak(buf, 1600);
            Assert.True(p <= limit, $"cap {capCentiDb / 100.0:F2} dB: peak {p} > {limit} after {2 * AudioEngine.TickSamples} samples");
        }
        Assert.Equal(capCentiDb, e.LevelCapCentiDb);
    }

    /// <summary>Window levels of <paramref name="seconds"/> of e rendered at its current, settled controls.</summary>
    static List<double> SteadyDb(AudioEngine e, int seconds)
    {
        var buf = new byte[2 * 800];
        var pcm = new List<short>();
        for (int k = 0; k < 20 * seconds; k++)
        {
            e.Render(buf, 0, 800);
            for (int i = 0; i < 800; i++) pcm.Add((short)(buf[2 * i] | (buf[2 * i + 1] << 8)));
        }
        return WindowDb(pcm);
    }

    /// <summary>RMS (dB re 1 LSB) of 200 ms windows every 50 ms.</summary>
    static List<double> WindowDb(List<short> pcm)
    {
        var r = new List<double>();
        int w = Fs / 5;
        for (int s = 0; s + w <= pcm.Count; s += Fs / 20)
        {
            double sq = 0; for (int i = s; i < s + w; i++) sq += (double)pcm[i] * pcm[i];
            r.Add(10 * Math.Log10(sq / w + 1e-9));
        }
        return r;
    }

    /// <summary>Largest rise between windows 200 ms apart (as dB per second) and over any 1 s, windows above 10 LSB RMS.</summary>
    static (double per200ms, double per1s) WorstRise(List<double> db)
    {
        double w2 = double.NegativeInfinity, w1 = double.NegativeInfinity;
        for (int i = 0; i < db.Count; i++)
        {
            if (db[i] < 20) continue;
            if (i + 4 < db.Count && db[i + 4] >= 20) w2 = Math.Max(w2, (db[i + 4] - db[i]) / 0.2); // windows 200 ms apart
            if (i + 20 < db.Count && db[i + 20] >= 20) w1 = Math.Max(w1, db[i + 20] - db[i]);      // 1 s apart
        }
        return (w2, w1);
    }

    [Fact]
    public void A_master_jump_rises_at_6_dB_per_second_of_audio()
    {
        var db = MasterStepDb(Loud());
        var (r2, r1) = WorstRise(db);
        // the pink bed's own window-to-window RMS fluctuation, read the same way on 30 s of the same engine at a fixed level
        var (f2, f1) = WorstRise(SteadyDb(Loud(), 30));
        _out.WriteLine($"master step: worst rise {r2:F2} dB/s over 200 ms, {r1:F2} dB over 1 s; reached {db[^1] - db[0]:F1} dB after 8 s; " +
                       $"the steady bed alone reads {f2:F2} dB/s over 200 ms, {f1:F2} dB over 1 s");
        // the gain rises at most 6 dB/s (the steady-tone test below shows it exactly); on the bed the estimate adds the
        // bed's own fluctuation, measured above; the unlimited step would read 36 dB in 10 ms
        Assert.True(r2 <= 6.0 + f2, $"{r2:F2} dB/s over 200 ms (bed alone {f2:F2})");
        Assert.True(r1 <= 6.0 + f1, $"{r1:F2} dB in 1 s (bed alone {f1:F2})");
        // from −36 dB up to the −6 dB cap is 30 dB; the first window already holds the first 50 ms of the rise
        Assert.True(db[^1] - db[0] > 29, $"the level does get there ({db[^1] - db[0]:F1} of the 30 dB up to the cap)");
    }

    [Fact]
    public void After_a_one_second_stall_the_composer_level_catches_up_at_6_dB_per_second_of_audio()
    {
        var engine = new AudioEngine();
        engine.Init(Fs, 9);
        engine.Start(20);
        var c = new MusicComposer();
        c.SetSleepTimerMinutes(0);
        c.SetProgram(ProgramKind.Noise);
        c.Init(9, engine);
        var m = new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = 20000, DensityQ15 = 26000, EnergyQ15 = 20000, LevelCentiDb = -4000 };
        var buf = new byte[2 * 800];
        var pcm = new List<short>();
        long t = 0;
        for (int k = 0; k < 600; k++) { c.Tick(t, m); t += 50; engine.Render(buf, 0, 800); } // 30 s at −40 dB
        m.LevelCentiDb = -1000; // louder, then the audio thread stalls for 1 s: the next ticks see the clock jump
        for (int stall = 0; stall < 6; stall++)
        {
            t += 1000;
            c.Tick(t, m);
            for (int k = 0; k < 10; k++)
            {
                c.Tick(t, m); t += 50;
                engine.Render(buf, 0, 800);
                for (int i = 0; i < 800; i++) pcm.Add((short)(buf[2 * i] | (buf[2 * i + 1] << 8)));
            }
        }
        var db = WindowDb(pcm);
        var (r2, r1) = WorstRise(db);
        // the same program's own fluctuation at the new level once the rise is over (30 s more, no stalls), read the same way
        var steady = new List<short>();
        for (int k = 0; k < 400; k++) { c.Tick(t, m); t += 50; engine.Render(buf, 0, 800); } // 20 s: the rise has finished
        for (int k = 0; k < 600; k++)
        {
            c.Tick(t, m); t += 50;
            engine.Render(buf, 0, 800);
            for (int i = 0; i < 800; i++) steady.Add((short)(buf[2 * i] | (buf[2 * i + 1] << 8)));
        }
        var (f2, f1) = WorstRise(WindowDb(steady));
        _out.WriteLine($"stalls: worst rise {r2:F2} dB/s over 200 ms, {r1:F2} dB over 1 s of audio; the steady bed alone reads {f2:F2} dB/s, {f1:F2} dB");
        Assert.True(r2 <= 6.0 + f2, $"{r2:F2} dB/s over 200 ms (bed alone {f2:F2})");
        Assert.True(r1 <= 6.0 + f1, $"{r1:F2} dB in 1 s of audio (bed alone {f1:F2})");
    }
    [Fact]
    public void A_master_jump_on_a_steady_tone_rises_at_most_6_dB_in_any_200_ms_and_any_second_of_audio()
    {
        var db = MasterStepDb(Loud(withBed: false));
        var (r2, r1) = WorstRise(db);
        _out.WriteLine($"steady tone, 36 dB master step: worst {r2:F2} dB/s over 200 ms, {r1:F2} dB over 1 s; rose {db[^1] - db[0]:F1} dB in 8 s");
        Assert.True(r2 <= 6.0, $"{r2:F2} dB/s over 200 ms");
        Assert.True(r1 <= 6.0, $"{r1:F2} dB in 1 s");
        Assert.True(db[^1] - db[0] > 29, "the level does get there");
    }

    [Fact]
    public void A_preset_write_that_changes_the_noise_share_moves_the_output_gains_at_most_6_dB_per_second_of_audio()
    {
        // a session with the music and no bed; then the therapist writes a preset with a full pink bed: the share trim
        // steps the master and the bed's gain, and neither output gain may rise faster than 6 dB per second of audio
        // at the factory maximum level (stored, so the unit boots at it), so the bed rises through the limiter from its
        // start floor by about 10 dB (572 vs 184 in Q15: the factory maximum is 27 dB below full scale)
        var storage = Bedside.Core.Ports.RamStorage.CreateDefault();
        var first = new Bedside.Core.Unit.BedsideUnit(storage, new Bedside.Core.Sensing.SensingHub(), Fs, 7);
        var s0 = new Bedside.Core.Settings.DeviceSettings();
        first.Controller.CopySettingsTo(s0);
        s0.Preset.Noise = NoiseColor.Off;
        s0.LevelCapCentiDb = Bedside.Core.Settings.DeviceSettings.FactoryMaxLevelCentiDb;
        s0.DefaultLevelCentiDb = s0.StoredLevelCentiDb = Bedside.Core.Settings.DeviceSettings.FactoryMaxLevelCentiDb;
        Assert.Null(first.Controller.ApplySettings(s0));
        var unit = new Bedside.Core.Unit.BedsideUnit(storage, new Bedside.Core.Sensing.SensingHub(), Fs, 7);
        unit.StartSession(0);
        int tickSamples = Fs * Bedside.Core.Runtime.Rates.ControlPeriodMs / 1000;
        var buf = new byte[2 * tickSamples];
        var tone = new List<long>(); var noise = new List<long>();
        long now = 0;
        void Run(int seconds)
        {
            for (int k = 0; k < seconds * 1000 / Bedside.Core.Runtime.Rates.ControlPeriodMs; k++)
            {
                unit.ControlTick(now);
                unit.Render(buf, 0, tickSamples);
                tone.Add(unit.Engine.ToneGainQ31); noise.Add(unit.Engine.NoiseGainQ31);
                now += Bedside.Core.Runtime.Rates.ControlPeriodMs;
            }
        }
        Run(40);
        int from = tone.Count;
        var s1 = new Bedside.Core.Settings.DeviceSettings();
        unit.Controller.CopySettingsTo(s1);
        s1.Preset.Noise = NoiseColor.Pink;
        s1.Preset.NoiseLevelPercent = 100;
        Assert.Null(unit.Controller.ApplySettings(s1));
        Run(20);
        _out.WriteLine($"bed gain after the write {noise[^1] >> 16} (Q15), the limiter's start floor {AudioEngine.RiseFloorQ15}");
        Assert.True(noise[^1] > (5L * AudioEngine.RiseFloorQ15 / 2) << 16, "the bed came in");
        double worst200 = 0, worst1 = 0;
        // rises in dB between ticks 200 ms (4 ticks) and 1 s (20 ticks) apart, both ends above the limiter's start floor
        foreach (var g in new[] { tone, noise })
            for (int i = from - 1; i < g.Count; i++)
            {
                if (g[i] <= (long)AudioEngine.RiseFloorQ15 << 16) continue;
                if (i + 4 < g.Count) worst200 = Math.Max(worst200, 20 * Math.Log10((double)g[i + 4] / g[i]) / 0.2);
                if (i + 20 < g.Count) worst1 = Math.Max(worst1, 20 * Math.Log10((double)g[i + 20] / g[i]));
            }
        _out.WriteLine($"preset write (bed off → pink 100 %): worst gain rise {worst200:F2} dB/s over 200 ms, {worst1:F2} dB over 1 s");
        Assert.True(worst200 <= 6.0, $"{worst200:F2} dB/s over 200 ms");
        Assert.True(worst1 <= 6.0, $"{worst1:F2} dB in 1 s");
    }
}
