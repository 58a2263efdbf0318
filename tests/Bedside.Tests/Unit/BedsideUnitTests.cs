using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Unit;

/// <summary>The composed core as both hosts run it: button edges and time in, PCM out.</summary>
public class BedsideUnitTests
{
    private const int Fs = 16000;
    private const int TickSamples = Fs * Bedside.Core.Runtime.Rates.ControlPeriodMs / 1000;

    private static BedsideUnit NewUnit(uint seed = 7) =>
        new BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), Fs, seed);

    /// <summary>Runs the unit from t0 for ms, one control tick and one audio block per 50 ms; returns the peak |sample| per tick.</summary>
    private static int[] Run(BedsideUnit u, long t0, int ms, byte[] pcmOut = null)
    {
        var block = new byte[TickSamples * 2];
        int ticks = ms / Bedside.Core.Runtime.Rates.ControlPeriodMs;
        var peaks = new int[ticks];
        for (int k = 0; k < ticks; k++)
        {
            long now = t0 + (long)k * Bedside.Core.Runtime.Rates.ControlPeriodMs;
            u.ControlTick(now);
            u.Render(block, 0, TickSamples);
            int peak = 0;
            for (int i = 0; i < block.Length; i += 2)
            {
                int s = (short)(block[i] | (block[i + 1] << 8));
                if (s < 0) s = -s;
                if (s > peak) peak = s;
            }
            peaks[k] = peak;
            if (pcmOut != null) Array.Copy(block, 0, pcmOut, k * block.Length, block.Length);
        }
        return peaks;
    }

    private static void Press(BedsideUnit u, long t, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            u.OnButtonEdge(true, t + i * 250);
            u.OnButtonEdge(false, t + i * 250 + 120);
        }
    }

    private static int CapPeak(int capCentiDb) => (int)(32767 * Math.Pow(10, capCentiDb / 2000.0));

    [Fact]
    public void Standby_is_digital_silence()
    {
        var u = NewUnit();
        var peaks = Run(u, 0, 10_000);
        Assert.All(peaks, p => Assert.Equal(0, p));
        Assert.Equal(TherapyState.Standby, u.Controller.State);
        Assert.False(u.AudioRunning);
        // idle costs nothing: the engine is not run while the unit is silent in Standby
        Assert.Equal(0, u.Engine.SamplesRendered);
    }

    [Fact]
    public void A_press_starts_music_that_rises_from_silence_and_stays_under_the_cap()
    {
        var u = NewUnit();
        Run(u, 0, 1000);
        Press(u, 1000);
        var peaks = Run(u, 1050, 60_000);
        Assert.NotEqual(TherapyState.Standby, u.Controller.State);
        Assert.True(u.AudioRunning);
        Assert.True(peaks.Skip(40 * 20).Max() > 30, "music should be audible after 40 s");
        int cap = CapPeak(u.Controller.Settings.LevelCapCentiDb);
        Assert.True(peaks.Max() <= cap, $"peak {peaks.Max()} above the cap {cap}");
        // the first 100 ms are (almost) silent: nothing starts with a jump
        Assert.True(peaks[0] < 200 && peaks[1] < 400, $"start peaks {peaks[0]}, {peaks[1]}");
    }

    [Fact]
    public void A_cue_in_standby_plays_its_notes_in_sequence_then_the_unit_falls_silent_again()
    {
        var u = NewUnit();
        Run(u, 0, 1000);
        Press(u, 1000, times: 3); // standby: 3 presses = next program (chosen, not started) → Program cue
        var peaks = Run(u, 1050, 3000);
        Assert.Equal(TherapyState.Standby, u.Controller.State);
        Assert.True(peaks.Max() > 0, "the program cue must be audible");
        var tail = Run(u, 4050, 12_000);
        Assert.True(tail.Skip(tail.Length - 20).All(p => p == 0), "silent again after the cue");
        Assert.False(u.AudioRunning);
        Assert.Equal(0, u.CueNotesPending);
    }

    private static double Rms(byte[] pcm)
    {
        double sq = 0;
        for (int i = 0; i < pcm.Length; i += 2) { int v = (short)(pcm[i] | (pcm[i + 1] << 8)); sq += (double)v * v; }
        return Math.Sqrt(sq / (pcm.Length / 2));
    }

    [Fact]
    public void A_standby_cue_after_a_session_is_only_the_cue_not_the_old_music()
    {
        // reference: the program cue on a unit that never played
        var fresh = NewUnit();
        Run(fresh, 0, 1000);
        Press(fresh, 1000, times: 3);
        var freshPcm = new byte[TickSamples * 2 * 60];
        Run(fresh, 1050, 3000, freshPcm);

        // a unit that played a session, was stopped and fell silent, then gets the same cue
        var u = NewUnit();
        Press(u, 0);
        Run(u, 50, 90_000);
        u.Controller.StopSession(90_050);
        var tail = Run(u, 90_050, 20_000);
        Assert.Equal(TherapyState.Standby, u.Controller.State);
        Assert.True(tail.Skip(tail.Length - 20).All(p => p == 0), "silent after the stop fade");
        Press(u, 110_050, times: 3);
        var cuePcm = new byte[TickSamples * 2 * 60];
        Run(u, 111_100, 3000, cuePcm);
        double fresh_ = Rms(freshPcm), after = Rms(cuePcm);
        Assert.True(fresh_ > 0);
        Assert.True(after <= fresh_ * 1.5, $"cue after a session RMS {after:0.0} vs fresh {fresh_:0.0}: the old drones/bed came back");
    }

    [Fact]
    public void A_preset_written_mid_session_reaches_the_composer_at_once()
    {
        var u = NewUnit();
        Press(u, 0);
        Run(u, 50, 30_000);
        Assert.Equal(Bedside.Core.Composer.Mood.Warm, u.Composer.Mood);
        var s = new Bedside.Core.Settings.DeviceSettings();
        u.Controller.CopySettingsTo(s);
        s.Preset.Mood = Bedside.Core.Composer.Mood.Luminous;
        s.Preset.KeyRootSemitone = 7;
        Assert.Null(u.Controller.ApplySettings(s));
        Run(u, 30_050, 100);
        Assert.Equal(Bedside.Core.Composer.Mood.Luminous, u.Composer.Mood);
        Assert.Equal(7, u.Composer.KeyRootSemitone);
        // and it keeps playing, under the cap
        var peaks = Run(u, 30_150, 20_000);
        Assert.True(peaks.Max() > 0 && peaks.Max() <= CapPeak(u.Controller.Settings.LevelCapCentiDb));
    }

    [Fact]
    public void Same_seed_and_inputs_give_the_same_bytes_and_a_new_seed_gives_new_music()
    {
        byte[] Render(uint seed)
        {
            var u = NewUnit(seed);
            Press(u, 0);
            var pcm = new byte[TickSamples * 2 * 600];
            Run(u, 50, 30_000, pcm);
            return pcm;
        }
        Assert.Equal(Render(3), Render(3));
        Assert.NotEqual(Render(3), Render(4));
    }

    [Fact]
    public void Control_ticks_and_rendering_do_not_allocate_after_warm_up()
    {
        var u = NewUnit();
        Press(u, 0);
        Run(u, 50, 20_000);
        var block = new byte[TickSamples * 2];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 2000; k++)
        {
            u.ControlTick(20_050 + k * 50L);
            u.Render(block, 0, TickSamples);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated in 2000 ticks");
    }
}
