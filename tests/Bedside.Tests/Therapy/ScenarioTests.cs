using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Xunit;
using static Bedside.Core.Therapy.TherapyState;

namespace Bedside.Tests.Therapy;

public class ScenarioTests
{
    private const int Q = 32768;
    private static int Qf(double x) => (int)(x * Q);

    /// <summary>Arousal falling from 0.7 to 0.15 with an 8-minute time constant.</summary>
    private static Func<long, int> FallingAsleep(Rig r) => t => Qf(0.15 + 0.55 * Math.Exp(-(t - r.StartT) / 480000.0));

    private static List<Row> Playing(Rig r) => r.Rows.Where(x => x.State != Standby).ToList();

    /// <summary>Over every 60 s window (after the silent start), tempo moves ≤ 3 BPM, brightness ≤ 2000/32768, density ≤ 2600/32768.</summary>
    private static void AssertBoundedRates(Rig r)
    {
        var rows = Playing(r);
        for (int i = 0; i < rows.Count; i += 20)
        {
            for (int j = i + 1; j < rows.Count && rows[j].T - rows[i].T <= 60000; j += 1)
            {
                Assert.True(Math.Abs(rows[j].Tempo - rows[i].Tempo) <= TherapyStateMachine.MaxTempoCentiBpmPerMin + 2,
                    $"tempo moved {rows[i].Tempo}->{rows[j].Tempo} within 60 s at t={rows[i].T}");
                Assert.True(Math.Abs(rows[j].Bright - rows[i].Bright) <= TherapyStateMachine.MaxBrightQ15PerMin + 2,
                    $"brightness moved {rows[i].Bright}->{rows[j].Bright} within 60 s at t={rows[i].T}");
                Assert.True(Math.Abs(rows[j].Density - rows[i].Density) <= TherapyStateMachine.DensityDownQ15PerMin + 2,
                    $"density moved {rows[i].Density}->{rows[j].Density} within 60 s at t={rows[i].T}");
            }
        }
    }

    /// <summary>Tempo or brightness may rise only while the smoothed arousal is not falling beyond the hysteresis
    /// (RiseEpsQ15 over 5-6 s), or after a caregiver's program change / resume.</summary>
    private static void AssertNoRiseWhileArousalFalls(Rig r)
    {
        var rows = Playing(r);
        for (int i = 100; i < rows.Count; i++)
        {
            bool up = rows[i].Tempo > rows[i - 1].Tempo || rows[i].Bright > rows[i - 1].Bright;
            if (!up) continue;
            // the machine compares with its 1 s sample from 5-6 s before; accept any reference in that window
            bool arousalRising = false;
            for (int k = i - 1; k >= 0 && rows[i].T - rows[k].T <= 6000; k--)
                if (rows[i].T - rows[k].T >= 5000 && rows[i].ArousalSmooth >= rows[k].ArousalSmooth - TherapyStateMachine.RiseEpsQ15) arousalRising = true;
            bool retarget = r.C.Trace.Count > 0 && Enumerable.Range(0, r.C.Trace.Count).Any(k =>
                (r.C.Trace.ReasonAt(k) == TransitionReason.ProgramChanged || r.C.Trace.ReasonAt(k) == TransitionReason.Resume) && r.C.Trace.TimeMsAt(k) <= rows[i].T);
            Assert.True(arousalRising || retarget, $"tempo/brightness rose at t={rows[i].T} while arousal fell");
        }
    }

    private static void AssertLevelCap(Rig r, int cap)
    {
        foreach (var x in r.Rows) Assert.True(x.Level <= cap, $"level {x.Level} above cap {cap} at t={x.T}");
    }

    [Fact]
    public void Falling_asleep_attunes_guides_settles_and_times_out_with_a_long_fade()
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 45, LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3000, StoredLevelCentiDb = -3000 });
        r.Arousal = FallingAsleep(r);
        r.Run(2000);
        r.Start();
        r.RunMinutes(46);

        var states = r.StatesReached();
        Assert.Equal(new[] { Standby, FadeIn, Attune, Guide, Settled, FadeOut, Standby }, states);
        Assert.Equal(TransitionReason.SleepTimer, r.C.Trace.ReasonAt(5));
        // tempo starts matched (60-80 BPM) and ends at the 48 BPM floor; never rises in this scenario
        var play = Playing(r);
        Assert.InRange(play[0].Tempo, 6000, 8000);
        Assert.True(play[0].Tempo >= 7000, "aroused listener: matched tempo in the upper half");
        Assert.Equal(4800, play[^1].Tempo);
        for (int i = 1; i < play.Count; i++)
        {
            Assert.True(play[i].Tempo <= play[i - 1].Tempo, $"tempo rose at {play[i].T}");
            Assert.True(play[i].Bright <= play[i - 1].Bright, $"brightness rose at {play[i].T}");
            Assert.True(play[i].Density <= play[i - 1].Density, $"density rose at {play[i].T}");
        }
        AssertBoundedRates(r);
        AssertLevelCap(r, -2700);
        // the timer fade lasts ≥ 3 min and the session ends at the timer (45 min after start)
        long fadeStart = r.Entered(FadeOut), end = r.C.Trace.TimeMsAt(6);
        Assert.True(end - fadeStart >= 180000, $"timer fade {end - fadeStart} ms");
        Assert.InRange(end - r.StartT, 44 * 60000L, 45 * 60000L + 2000);
        var fade = r.Rows.Where(x => x.T >= fadeStart && x.T <= end).ToList();
        for (int i = 1; i < fade.Count; i++) Assert.True(fade[i].Level <= fade[i - 1].Level);
        Assert.False(r.C.AudioShouldRun);
        // settled within 25 minutes
        Assert.True(r.Entered(Settled) - r.StartT < 25 * 60000L, "settled at " + (r.Entered(Settled) - r.StartT));
    }

    [Fact]
    public void Restless_listener_never_settles_and_music_only_rises_with_arousal()
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 60 });
        r.Arousal = t => Qf(0.65 + 0.15 * Math.Sin((t - r.StartT) / 240000.0 * 2 * Math.PI));
        r.Run(1000);
        r.Start();
        r.RunMinutes(40);
        var states = r.StatesReached();
        Assert.DoesNotContain(Settled, states);
        Assert.Contains(Guide, states);
        Assert.DoesNotContain(SensorLost, states);
        AssertBoundedRates(r);
        AssertNoRiseWhileArousalFalls(r);
        AssertLevelCap(r, new DeviceSettings().LevelCapCentiDb);
        // stays in the sedative range, never chases above 80 BPM
        Assert.All(Playing(r), x => Assert.InRange(x.Tempo, 4800, 8000));
    }

    [Fact]
    public void Arousal_spike_after_settling_leaves_settled_holds_and_eases_back_gently()
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 90 });
        var fall = FallingAsleep(r);
        r.Arousal = t =>
        {
            double m = (t - r.StartT) / 60000.0;
            return m >= 30 && m < 36 ? Qf(0.85) : fall(t);
        };
        r.Run(1000);
        r.Start();
        r.RunMinutes(29);
        Assert.True(r.C.State == Settled, string.Join(",", r.StatesReached()) + " settled at " + (r.Entered(Settled) - r.StartT));
        int tempoBefore = r.C.Controls.TempoCentiBpm;
        r.RunMinutes(21);
        var states = r.StatesReached();
        int iSettled = states.IndexOf(Settled);
        Assert.True(iSettled > 0);
        Assert.Equal(Guide, states[iSettled + 1]);
        Assert.Equal(TransitionReason.ArousalRose, r.C.Trace.ReasonAt(iSettled + 1));
        Assert.Equal(Settled, states[^1]); // settles again after the spike
        var spike = r.Rows.Where(x => x.T - r.StartT >= 30 * 60000L && x.T - r.StartT < 40 * 60000L).ToList();
        int peak = spike.Max(x => x.Tempo);
        Assert.True(peak > tempoBefore, "eases back toward the listener when arousal stays up");
        Assert.True(peak - tempoBefore <= 10 * TherapyStateMachine.TempoUpCentiBpmPerMin, "eases back gently (≤ 1 BPM/min)");
        AssertBoundedRates(r);
        AssertNoRiseWhileArousalFalls(r);
    }

    [Fact]
    public void Sensors_detached_mid_session_runs_open_loop_logs_it_and_recovers()
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 60 });
        r.Arousal = FallingAsleep(r);
        r.Attached = t => !((t - r.StartT) >= 6 * 60000L && (t - r.StartT) < 14 * 60000L);
        r.Run(1000);
        r.Start();
        r.RunMinutes(20);
        var states = r.StatesReached();
        int iLost = states.IndexOf(SensorLost);
        Assert.True(iLost > 0, string.Join(",", states));
        long lostAt = r.C.Trace.TimeMsAt(iLost) - r.StartT;
        Assert.InRange(lostAt, 6 * 60000L + 10000, 6 * 60000L + 45000);
        Assert.Equal(TransitionReason.SensorsBack, r.C.Trace.ReasonAt(iLost + 1));
        Assert.Equal(Guide, states[iLost + 1]);
        // open loop keeps descending on time alone
        var lost = r.Rows.Where(x => x.State == SensorLost).ToList();
        Assert.True(lost[^1].Tempo < lost[0].Tempo);
        AssertBoundedRates(r);
        // the log says so, minute by minute
        r.C.StopSession(r.T); r.Run(5000);
        Assert.Equal(Standby, r.C.State);
        var log = ReadStoredLog(r.Store);
        Assert.Null(SessionLogFormat.Check(log, log.Length));
        Assert.True((SessionLogFormat.HeaderFlags(log) & LogHeaderFlags.OpenLoop) != 0);
        var rec = new LogRecord();
        int openMinutes = 0;
        for (int i = 0; i < SessionLogFormat.RecordCount(log); i++)
        {
            SessionLogFormat.ReadRecord(log, i, rec);
            if ((rec.Flags & LogFlags.OpenLoop) != 0) { openMinutes++; Assert.InRange(rec.Minute, 7, 16); }
        }
        Assert.InRange(openMinutes, 7, 9);
    }

    [Fact]
    public void No_sensors_at_all_runs_open_loop_descent_and_the_timer()
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 30 });
        r.Attached = _ => false;
        r.Run(1000);
        r.Start();
        r.RunMinutes(31);
        var states = r.StatesReached();
        Assert.Equal(new[] { Standby, FadeIn, Attune, SensorLost, FadeOut, Standby }, states);
        var play = Playing(r);
        Assert.Equal(7000, play[0].Tempo); // no measurement: mid-range start
        Assert.Equal(4800, play.Where(x => x.State == FadeOut).First().Tempo);
        for (int i = 1; i < play.Count; i++) Assert.True(play[i].Tempo <= play[i - 1].Tempo);
        AssertBoundedRates(r);
        var log = ReadStoredLog(r.Store);
        Assert.True((SessionLogFormat.HeaderFlags(log) & LogHeaderFlags.OpenLoop) != 0);
    }

    [Fact]
    public void Pain_program_engages_then_sustains_and_re_engages_on_a_spike()
    {
        var r = new Rig(new DeviceSettings { DefaultProgram = ProgramKind.Pain });
        r.Arousal = t =>
        {
            double m = (t - r.StartT) / 60000.0;
            return m < 5 ? Qf(0.6) : m >= 12 && m < 17 ? Qf(0.8) : Qf(0.35);
        };
        r.Run(1000);
        r.Start();
        r.RunMinutes(25);
        var states = r.StatesReached();
        Assert.Equal(new[] { Standby, FadeIn, Engage, Sustain, Engage, Sustain }, states);
        Assert.Equal(TransitionReason.ArousalSpike, r.C.Trace.ReasonAt(4));
        Assert.All(Playing(r), x => Assert.InRange(x.Tempo, 6600, 8000));
        Assert.Equal(ProgramKind.Pain, r.C.Program);
        AssertBoundedRates(r);
    }

    [Fact]
    public void Pain_program_does_not_re_engage_on_a_one_minute_transient()
    {
        // in Sustain, the index jumps to 0.65 for 60 s (a startle, a movement): the smoothed arousal stays above the
        // spike level (0.60) for longer than SpikeHoldMs, the slow one never reaches it → no Engage. The same rise
        // held for 5 minutes (a pain episode) does re-engage.
        foreach (var (bumpS, expectEngage) in new[] { (60, false), (300, true) })
        {
            var r = new Rig(new DeviceSettings { DefaultProgram = ProgramKind.Pain });
            r.Arousal = t =>
            {
                double s = (t - r.StartT) / 1000.0;
                return s < 300 ? Qf(0.45) : s >= 600 && s < 600 + bumpS ? Qf(0.65) : Qf(0.45);
            };
            r.Run(1000);
            r.Start();
            r.RunMinutes(20);
            var states = r.StatesReached();
            var expected = expectEngage ? new[] { Standby, FadeIn, Engage, Sustain, Engage, Sustain } : new[] { Standby, FadeIn, Engage, Sustain };
            Assert.Equal(expected, states);
        }
    }

    [Fact]
    public void Fade_in_takes_at_least_3_s_and_stop_fade_at_least_2_s()
    {
        var r = new Rig(new DeviceSettings { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3000, StoredLevelCentiDb = -3000 });
        r.Run(1000);
        r.Start();
        r.RunMinutes(1);
        var rows = r.Rows;
        long t0 = rows.First(x => x.State != Standby).T;
        long tFull = rows.First(x => x.Level == -3000).T;
        Assert.True(tFull - t0 >= 3000, $"fade-in {tFull - t0} ms");
        var fadeIn = rows.Where(x => x.T >= t0 && x.T <= tFull).ToList();
        for (int i = 1; i < fadeIn.Count; i++) Assert.True(fadeIn[i].Level >= fadeIn[i - 1].Level);
        Assert.True(fadeIn[0].Level <= -3000 - 2300, "starts about 24 dB below the level");
        Assert.True(fadeIn[0].Level > -9600, "audible from the start (not silence)");
        for (int i = 1; i < fadeIn.Count; i++)
            Assert.True(fadeIn[i].Level - fadeIn[i - 1].Level <= LevelControl.UserSlewCentiDbPerS * (fadeIn[i].T - fadeIn[i - 1].T) / 1000 + 1, "rises at most 6 dB/s");

        r.Hold(1600); // hold 1.5 s = stop
        Assert.Contains(Cue.Stop, r.Cues);
        r.Run(10000);
        long tStop = r.Entered(FadeOut), tEnd = r.C.Trace.TimeMsAt(r.C.Trace.Count - 1);
        Assert.Equal(Standby, r.C.State);
        Assert.True(tEnd - tStop >= 2000, $"stop fade {tEnd - tStop} ms");
        var fadeOut = rows.Where(x => x.T >= tStop && x.T <= tEnd).ToList();
        for (int i = 1; i < fadeOut.Count; i++) Assert.True(fadeOut[i].Level <= fadeOut[i - 1].Level);
        Assert.Equal(LevelControl.SilenceCentiDb, rows[^1].Level);
        Assert.False(r.C.AudioShouldRun);
    }

    [Fact]
    public void Volume_steps_are_3_dB_never_above_the_cap_and_remembered_below_the_default()
    {
        var r = new Rig(new DeviceSettings { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3600, StoredLevelCentiDb = -3600 });
        r.Run(1000);
        r.Start();
        r.Run(6000);
        Assert.Equal(-3600, r.C.Controls.LevelCentiDb);
        r.Press(2); r.Run(1000);
        Assert.Equal(-3300, r.C.Controls.LevelCentiDb);
        for (int i = 0; i < 6; i++) { r.Press(2); r.Run(1000); }
        Assert.Equal(-2700, r.C.Controls.LevelCentiDb);
        Assert.Equal(Cue.VolumeLimit, r.Cues[^1]);
        // every change between ticks is small (a glide, no jump) and each step is 3 dB
        var play = Playing(r).SkipWhile(x => x.Level < -3600).ToList();
        for (int i = 1; i < play.Count; i++) Assert.True(Math.Abs(play[i].Level - play[i - 1].Level) <= 30 + 1);
        for (int i = 0; i < 5; i++) { r.Press(1); r.Run(1000); }
        Assert.Equal(-4200, r.C.Controls.LevelCentiDb);
        Assert.Equal(Cue.VolumeDown, r.Cues[^1]);
        AssertLevelCap(r, -2700);
        r.Hold(1600); r.Run(5000);
        // restart: min(stored -42 dB, default -36 dB) = -42 dB
        var again = new BedsideController(r.Store);
        Assert.Equal(-4200, again.Machine.Level.UserCentiDb);
        Assert.Equal(-4200, again.Settings.StoredLevelCentiDb);
    }

    [Fact]
    public void The_pairing_window_closes_on_time_and_its_cue_never_replaces_a_gestures_cue()
    {
        var c = new BedsideController(Bedside.Core.Ports.RamStorage.CreateDefault());
        var physio = new Bedside.Core.Sensing.PhysioSnapshot();
        long t = 0;
        void Tick(long until) { for (; t < until; t += 50) c.Tick(t, physio); }
        Tick(1000);
        c.OnButtonEdge(true, t);
        Tick(t + 4200);
        c.OnButtonEdge(false, t);
        Tick(t + 1000);
        Assert.True(c.PairingWindowOpen);
        Assert.Equal(Cue.PairingOpen, c.TakeCue());
        long opened = t - 1000 - 4200 + 4000; // the long hold is recognised 4 s after the press
        // three taps a few seconds before the window closes; their cue is not taken (a host that is busy)
        long taps = opened + BedsideController.PairingWindowMs - 3000;
        Tick(taps);
        for (int k = 0; k < 3; k++) { c.OnButtonEdge(true, t); Tick(t + 100); c.OnButtonEdge(false, t); Tick(t + 150); }
        Tick(opened + BedsideController.PairingWindowMs + 2000);
        Assert.False(c.PairingWindowOpen); // closed on time, whatever the cues
        Assert.Equal(Cue.Program, c.PendingCue); // the gesture's cue is still the one pending
        Assert.Equal(Cue.Program, c.TakeCue());
        Tick(t + 50);
        Assert.Equal(Cue.PairingClosed, c.TakeCue()); // then the window's own
        Tick(t + 5000);
        Assert.Equal(Cue.None, c.PendingCue); // once
    }

    [Fact]
    public void Button_grammar_program_change_pairing_and_resume()
    {
        var r = new Rig();
        r.Run(1000);
        r.Press(3); // standby: next program, not started
        Assert.Equal(ProgramKind.Calm, r.C.Program);
        Assert.Equal(Standby, r.C.State);
        Assert.Equal(Cue.Program, r.Cues[^1]);
        r.Press(2); // not in the standby grammar
        Assert.Equal(Cue.NotUnderstood, r.Cues[^1]);
        Assert.Equal(Standby, r.C.State);
        r.Hold(4200); // pairing window
        Assert.True(r.C.PairingWindowOpen);
        Assert.Contains(Cue.PairingOpen, r.Cues);
        Assert.True(r.C.IndicatorLevelQ15 > 0 && r.C.IndicatorLevelQ15 <= 2000);
        r.Run(10500);
        Assert.Equal(0, r.C.IndicatorLevelQ15); // off 10 s after the last press
        r.Run(50000);
        Assert.False(r.C.PairingWindowOpen);
        Assert.Equal(Cue.PairingClosed, r.Cues[^1]);
        r.Start();
        Assert.Equal(FadeIn, r.C.State);
        Assert.Equal(ProgramKind.Calm, r.C.Program);
        r.RunMinutes(2);
        r.Press(3);
        Assert.Equal(ProgramKind.Pain, r.C.Program);
        Assert.Equal(Engage, r.C.State);
        r.Hold(1600);
        Assert.Equal(FadeOut, r.C.State);
        r.Press(1); // keep playing
        Assert.Equal(FadeIn, r.C.State);
        Assert.Equal(TransitionReason.Resume, r.C.Trace.ReasonAt(r.C.Trace.Count - 1));
        r.RunMinutes(1);
        Assert.Equal(Engage, r.C.State);
        AssertBoundedRates(r);
    }

    [Fact]
    public void Irregular_ticks_and_stalls_do_not_make_controls_jump()
    {
        var r = new Rig();
        r.Arousal = t => Qf(0.8);
        r.Run(1000);
        r.Start();
        var rng = new Rng(3);
        long prevT = r.T;
        for (int i = 0; i < 4000; i++)
        {
            r.TickMs = rng.Next(10) == 0 ? rng.Range(1000, 30000) : rng.Range(5, 120);
            r.Run(r.TickMs);
        }
        var rows = Playing(r);
        for (int i = 1; i < rows.Count; i++)
        {
            // at most one clamped second of change per tick
            Assert.True(Math.Abs(rows[i].Tempo - rows[i - 1].Tempo) <= 6);
            Assert.True(Math.Abs(rows[i].Level - rows[i - 1].Level) <= 1500 + 1);
        }
    }

    [Fact]
    public void Stuck_button_is_ignored_and_logged_then_the_unit_recovers()
    {
        var r = new Rig();
        r.Run(1000);
        r.C.OnButtonEdge(true, r.T);            // stuck in Standby: the hold opens pairing once, then it is ignored
        r.Run(60000);
        Assert.True(r.C.Button.IsStuck);
        Assert.Equal(1, r.C.StuckButtonEvents);
        Assert.Equal(0, r.C.IndicatorLevelQ15);  // no light burning all night for a stuck button
        Assert.Equal(Standby, r.C.State);
        r.C.OnButtonEdge(false, r.T); r.Run(500);
        Assert.False(r.C.Button.IsStuck);
        r.Start();
        Assert.Equal(FadeIn, r.C.State);
        r.RunMinutes(2);
        r.C.OnButtonEdge(true, r.T);            // stuck while playing: the hold stops the music (safe), then ignored
        r.Run(15000);
        Assert.Equal(Standby, r.C.State);
        r.C.OnButtonEdge(false, r.T); r.Run(500);
        var log = ReadStoredLog(r.Store);
        var rec = new LogRecord();
        SessionLogFormat.ReadRecord(log, 0, rec);
        Assert.True((rec.Flags & LogFlags.ButtonStuck) != 0, "stuck in standby is logged in the next session's first record");
        Assert.True((rec.Flags & LogFlags.PairingOpened) != 0);
        // the second stuck period was detected (at 10 s) after the stop fade had ended the session:
        // it is counted and carried into the next session's first record
        Assert.Equal(2, r.C.StuckButtonEvents);
        r.Start(); r.RunMinutes(1.5); r.Hold(1600); r.Run(5000);
        log = ReadStoredLog(r.Store);
        SessionLogFormat.ReadRecord(log, 0, rec);
        Assert.True((rec.Flags & LogFlags.ButtonStuck) != 0);
        Assert.True((rec.Flags & LogFlags.PairingOpened) == 0);
    }

    [Fact]
    public void A_lower_cap_from_the_therapist_applies_at_once_while_playing_and_invalid_settings_change_nothing()
    {
        var r = new Rig(new DeviceSettings { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -2700, StoredLevelCentiDb = -2700 });
        r.Run(1000); r.Start(); r.Run(8000);
        Assert.Equal(-2700, r.C.Controls.LevelCentiDb);
        var s = new DeviceSettings(); r.C.CopySettingsTo(s);
        s.LevelCapCentiDb = -3000; s.DefaultLevelCentiDb = -3600; s.StoredLevelCentiDb = -3600;
        Assert.Null(r.C.ApplySettings(s));
        Assert.True(r.C.Controls.LevelCentiDb <= -3000, "before the next tick");
        r.Run(1000);
        Assert.Equal(-3000, r.C.Controls.LevelCentiDb);
        s.LevelCapCentiDb = 0; // louder than the factory maximum
        Assert.NotNull(r.C.ApplySettings(s));
        Assert.Equal(-3000, r.C.Settings.LevelCapCentiDb);
        r.Press(2); r.Run(1000);
        Assert.Equal(-3000, r.C.Controls.LevelCentiDb);
        Assert.Equal(Cue.VolumeLimit, r.Cues[^1]);
        // persisted: a restart sees the new cap
        Assert.Equal(-3000, new BedsideController(r.Store).Settings.LevelCapCentiDb);
    }

    [Fact]
    public void Program_change_while_open_loop_stays_open_loop_without_flapping()
    {
        var r = new Rig(new DeviceSettings { DefaultProgram = ProgramKind.Pain });
        r.Attached = _ => false;
        r.Run(1000); r.Start(); r.RunMinutes(2);
        Assert.Equal(SensorLost, r.C.State);
        int before = r.C.Trace.Count;
        r.Press(3); // Pain -> Noise
        r.Press(3); // Noise -> Sleep
        r.RunMinutes(3);
        Assert.Equal(ProgramKind.Sleep, r.C.Program);
        Assert.Equal(SensorLost, r.C.State);
        Assert.Equal(before, r.C.Trace.Count);
        AssertBoundedRates(r);
    }

    private static byte[] ReadStoredLog(RamStorage s)
    {
        var all = new byte[SessionLog.MaxSerializedSize];
        Array.Resize(ref all, Bedside.Tests.Session.SavedLog.ReadNewest(s, all));
        return all;
    }
}
