using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Unit;

/// <summary>
/// Caregiver cues and the fade-in, measured on rendered audio of the whole unit, driven as the device's AudioLoop
/// drives it (one control tick per Rates.ControlPeriodMs of audio, then that period's samples).
///
/// Definitions (also in README.md):
/// - Level of a stretch of audio: RMS over consecutive 50 ms windows (800 samples at 16 kHz), in dB re 1 LSB.
/// - Listening level L: the median 50 ms level of seconds 20-60 of a session started from Standby at the same
///   settings (level, program), with no other cue.
/// - Cue level: the loudest 50 ms window of the cue's own sound. In Standby that is the output (nothing else plays).
///   In a session it is the difference between two renders of the same unit (same seed, same settings, same time)
///   that differ only in the cue (played 15 s into the session, after the fade-in): the engine is deterministic and
///   the mix is linear, so the difference is the cue.
/// - Rule: L − 12 dB ≤ cue level ≤ L, for every cue, program and level, in Standby and in a session.
/// - Audible (fade-in): a 50 ms window at least 6 dB above the output's own floor (the TPDF dither, −7.8 dB re 1 LSB,
///   or digital silence), i.e. ≥ −1.8 dB re 1 LSB.
/// - A tap in Standby: the session starts when the gesture is recognised; its Start cue plays first, alone, as in Standby,
///   and the music joins one cue step later. Start cue level = the loudest window before the music joins; "within 6 dB"
///   = the first window after the music joined at or above L − 6 dB.
/// </summary>
public class CueLevelTests
{
    private const int Fs = 16000;
    private const int Win = Fs * Rates.ControlPeriodMs / 1000;
    private const double AudibleDb = -1.8;
    private readonly ITestOutputHelper _out;

    public CueLevelTests(ITestOutputHelper output) { _out = output; }

    public static readonly int[] Levels = { -4500, -3000, -2700 };
    public static readonly ProgramKind[] Programs = { ProgramKind.Sleep, ProgramKind.Calm, ProgramKind.Pain, ProgramKind.Noise };

    /// <summary>A unit booted on storage that holds these settings (level = stored = default, cap at the factory maximum).</summary>
    private static BedsideUnit NewUnit(ProgramKind program, int levelCentiDb, int sleepTimerMinutes = 45)
    {
        var storage = RamStorage.CreateDefault();
        var first = new BedsideUnit(storage, new SensingHub(), Fs, 7);
        var s = new DeviceSettings();
        first.Controller.CopySettingsTo(s);
        s.LevelCapCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
        s.DefaultLevelCentiDb = levelCentiDb;
        s.StoredLevelCentiDb = levelCentiDb;
        s.DefaultProgram = program;
        s.SleepTimerMinutes = sleepTimerMinutes;
        Assert.Null(first.Controller.ApplySettings(s));
        return new BedsideUnit(storage, new SensingHub(), Fs, 7);
    }

    /// <summary>Control tick then one control period of audio, per window; returns the samples.</summary>
    private static short[] Run(BedsideUnit u, long t0, int windows)
    {
        var block = new byte[Win * 2];
        var pcm = new short[windows * Win];
        for (int k = 0; k < windows; k++)
        {
            u.ControlTick(t0 + (long)k * Rates.ControlPeriodMs);
            u.Render(block, 0, Win);
            for (int i = 0; i < Win; i++) pcm[k * Win + i] = (short)(block[2 * i] | (block[2 * i + 1] << 8));
        }
        return pcm;
    }

    private static double[] WindowDb(short[] pcm, short[] minus = null)
    {
        int n = pcm.Length / Win;
        var db = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sq = 0;
            for (int i = k * Win; i < (k + 1) * Win; i++) { double v = pcm[i] - (minus == null ? 0 : minus[i]); sq += v * v; }
            db[k] = 10 * Math.Log10(Math.Max(sq / Win, 1e-12));
        }
        return db;
    }

    private static double Median(double[] a) { var c = (double[])a.Clone(); Array.Sort(c); return c[c.Length / 2]; }

    /// <summary>The listening level of a program at a level, and the fade-in's 50 ms levels (window k = 50·k ms after the session's first tick).</summary>
    private static double ListeningLevel(ProgramKind p, int level, out double[] fade)
    {
        var u = NewUnit(p, level);
        u.StartSession(0);
        u.Controller.TakeCue(); // the music alone
        var db = WindowDb(Run(u, 0, 1200));
        fade = db;
        return Median(db[400..1200]);
    }

    private static IEnumerable<Cue> AllCues() => Enum.GetValues<Cue>().Where(c => c != Cue.None);

    public static IEnumerable<object[]> Cases() =>
        from p in Programs from l in Levels select new object[] { p, l };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_cue_is_within_12_dB_below_the_listening_level_and_never_above_it(ProgramKind program, int level)
    {
        double listen = ListeningLevel(program, level, out _);
        var lines = new List<string>();
        foreach (Cue cue in AllCues())
        {
            // Standby: the unit has never played; the cue is all there is
            var standby = NewUnit(program, level);
            Run(standby, 0, 20);
            standby.PlayCue(cue, (int)program, 1000);
            double inStandby = WindowDb(Run(standby, 1000, 120)).Max();

            // session: with and without the cue, 15 s in
            var plain = NewUnit(program, level);
            plain.StartSession(0);
            plain.Controller.TakeCue();
            Run(plain, 0, 300);
            var withCue = NewUnit(program, level);
            withCue.StartSession(0);
            withCue.Controller.TakeCue();
            Run(withCue, 0, 300);
            withCue.PlayCue(cue, (int)program, 15000);
            var a = Run(withCue, 15000, 120);
            var b = Run(plain, 15000, 120);
            double inSession = WindowDb(a, b).Max();

            lines.Add($"{program} {level / 100} dB {cue}: standby {inStandby - listen:+0.0;-0.0} dB, session {inSession - listen:+0.0;-0.0} dB (L {listen:0.0})");
            Assert.True(inStandby <= listen && inStandby >= listen - 12,
                $"{cue} in Standby at {inStandby:0.0} dB vs listening level {listen:0.0} dB ({program}, {level})");
            Assert.True(inSession <= listen && inSession >= listen - 12,
                $"{cue} in a session at {inSession:0.0} dB vs listening level {listen:0.0} dB ({program}, {level})");
        }
        foreach (var s in lines) _out.WriteLine(s);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_tap_in_standby_is_confirmed_within_1_s_by_the_start_cue_and_the_fade_in_reaches_its_target_within_6_dB_by_6_s(ProgramKind program, int level)
    {
        double target = ListeningLevel(program, level, out _);
        var u = NewUnit(program, level);
        Run(u, 0, 20);
        const long pressMs = 1000;
        u.OnButtonEdge(true, pressMs);
        u.OnButtonEdge(false, pressMs + 120); // a 120 ms tap
        // window k starts 50·k ms after the press; note the tick at which the session started
        var pcm = new short[1200 * Win];
        int startK = -1;
        for (int k = 0; k < 1200; k++)
        {
            var w = Run(u, pressMs + (long)k * Rates.ControlPeriodMs, 1);
            Array.Copy(w, 0, pcm, k * Win, Win);
            if (startK < 0 && u.Controller.State != TherapyState.Standby) startK = k;
        }
        var db = WindowDb(pcm);
        Assert.True(startK >= 0, "the tap did not start a session");
        // the music joins at the first control tick one cue step after the session started: until then only the Start cue plays
        int joinK = startK + (u.CueStepMs + Rates.ControlPeriodMs - 1) / Rates.ControlPeriodMs;
        int audible = Array.FindIndex(db, d => d >= AudibleDb);
        double startCue = db[..joinK].Max();
        int within6 = Array.FindIndex(db, joinK + 1, d => d >= target - 6);
        double listen = Median(db[400..1200]);
        _out.WriteLine($"{program} {level / 100} dB: session at {startK * 50} ms, first audible {audible * 50} ms, Start cue {startCue - target:+0.0;-0.0} dB, " +
                       $"music from {joinK * 50} ms, within 6 dB of {target:0.0} dB at {within6 * 50} ms, median 20-60 s {listen:0.0} dB");
        // the press is confirmed within 1 s at every level: the Start cue, before the music, at its own level (the cue rule)
        Assert.True(audible >= 0 && audible * 50 <= 1000, $"first audible {audible * 50} ms after the press");
        Assert.True(startCue <= target && startCue >= target - 12, $"Start cue at {startCue:0.0} dB vs listening level {target:0.0} dB");
        Assert.True(Array.FindIndex(db, d => d >= startCue - 6) * 50 <= 1000, "the Start cue is not what is heard first");
        // the fade-in (music from one cue step after the start, at the fade's level by then) reaches the target within 6 dB by 6 s
        Assert.True(within6 >= 0 && within6 * 50 <= 6000, $"within 6 dB of the target at {within6 * 50} ms");
        // a tap does nothing but start: the music it starts is the listening level
        Assert.InRange(listen, target - 1.5, target + 1.5);
        // the Start figure's second note joins the music at the fade-in's level: never above the listening level
        double second = db[joinK..(joinK + 32)].Max();
        _out.WriteLine($"  from the join to 1.6 s after it (second note and the joining music) {second - target:+0.0;-0.0} dB");
        Assert.True(second <= target, $"second Start note at {second:0.0} dB vs listening level {target:0.0} dB");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_stop_cue_of_a_held_button_is_within_12_dB_below_the_listening_level_inside_the_stop_fade(ProgramKind program, int level)
    {
        // A 2.5 s hold 15 s into a session stops it: the Stop cue plays while the music fades out (the same master). The
        // cue's own sound is the difference between two renders of the same session and hold, one with the Stop cue
        // taken from the controller before the unit sees it (both renders tick the controller the same way).
        double listen = ListeningLevel(program, level, out _);
        short[] Hold(bool dropCue)
        {
            var u = NewUnit(program, level);
            u.StartSession(0);
            u.Controller.TakeCue();
            Run(u, 0, 300);
            var block = new byte[Win * 2];
            var pcm = new short[140 * Win];
            bool faded = false;
            for (int k = 0; k < 140; k++)
            {
                long t = 15000 + (long)k * Rates.ControlPeriodMs;
                if (t == 15000) u.OnButtonEdge(true, t);
                if (t == 17500) u.OnButtonEdge(false, t);
                u.Controller.Tick(t, u.Physio);
                if (dropCue && u.Controller.PendingCue == Cue.Stop) u.Controller.TakeCue();
                u.ControlTick(t);
                faded |= u.Controller.State == TherapyState.FadeOut;
                u.Render(block, 0, Win);
                for (int i = 0; i < Win; i++) pcm[k * Win + i] = (short)(block[2 * i] | (block[2 * i + 1] << 8));
            }
            Assert.True(faded, "the hold did not stop the session");
            return pcm;
        }
        var withCue = Hold(false);
        var without = Hold(true);
        double stop = WindowDb(withCue, without).Max();
        _out.WriteLine($"{program} {level / 100} dB: Stop cue in the stop fade {stop - listen:+0.0;-0.0} dB (L {listen:0.0})");
        Assert.True(stop <= listen && stop >= listen - 12, $"Stop cue at {stop:0.0} dB vs listening level {listen:0.0} dB");
    }

    /// <summary>
    /// A session (started as by a tap, its Start cue played) driven through button edges (press, release pairs, ms after the
    /// start); with dropCues every cue the controller raises from the first edge on is taken before the unit sees it.
    /// Returns the samples, and the window in which the first such cue was raised.
    /// </summary>
    private static short[] PressedSession(ProgramKind p, int level, long[] edges, bool dropCues, int windows, out int cueK, out TherapyState endState, out bool alone)
        => PressedSession(p, level, edges, dropCues, windows, 0, out cueK, out _, out endState, out alone);

    /// <summary>As above, with the session started (as from outside, not by the button) at sessionAtMs, in Standby until
    /// then; firstCue = the cue pending in window cueK.</summary>
    private static short[] PressedSession(ProgramKind p, int level, long[] edges, bool dropCues, int windows, long sessionAtMs,
        out int cueK, out Cue firstCue, out TherapyState endState, out bool alone)
    {
        var u = NewUnit(p, level, 10);
        var block = new byte[Win * 2];
        var pcm = new short[windows * Win];
        cueK = -1;
        firstCue = Cue.None;
        for (int k = 0; k < windows; k++)
        {
            long t = (long)k * Rates.ControlPeriodMs;
            for (int e = 0; e < edges.Length; e += 2)
            {
                if (t == edges[e]) u.OnButtonEdge(true, t);
                if (t == edges[e + 1]) u.OnButtonEdge(false, t);
            }
            if (t == sessionAtMs) u.StartSession(t);
            u.Controller.Tick(t, u.Physio);
            if (t >= edges[0] && u.Controller.PendingCue != Cue.None)
            {
                if (cueK < 0) { cueK = k; firstCue = u.Controller.PendingCue; }
                if (dropCues) u.Controller.TakeCue();
            }
            u.ControlTick(t);
            u.Render(block, 0, Win);
            for (int i = 0; i < Win; i++) pcm[k * Win + i] = (short)(block[2 * i] | (block[2 * i + 1] << 8));
        }
        endState = u.Controller.State;
        alone = u.LastCuePlayedAlone;
        return pcm;
    }

    /// <summary>Presses during fades: (name, button edges in ms after the session's start, the cue they raise).</summary>
    public static IEnumerable<object[]> FadeCases()
    {
        // the 10-minute sleep timer fades the Sleep and Noise programs from 7 min (60 dB over 3 min)
        const long Fade = 420000;
        var cases = new List<(string, long[], Cue)>
        {
            ("volume down 2 s into the fade-in", new long[] { 2000, 2100 }, Cue.VolumeDown),
            // a 2.1 s hold stops the session (the stop fade starts when the hold is recognised, 2 s in), then a tap
            ("keep playing 0.6 s into a stop fade", new long[] { 15000, 17100, 17200, 17300 }, Cue.Start),
            ("keep playing 1.6 s into a stop fade", new long[] { 15000, 17100, 18200, 18300 }, Cue.Start),
        };
        foreach (long s in new long[] { 5, 30, 60, 90, 150, 175 })
        {
            cases.Add(($"keep playing {s} s into the timer fade", new[] { Fade + s * 1000, Fade + s * 1000 + 100 }, Cue.Start));
            cases.Add(($"stop {s} s into the timer fade", new[] { Fade + s * 1000, Fade + s * 1000 + 2500 }, Cue.Stop));
        }
        foreach (var p in new[] { ProgramKind.Sleep, ProgramKind.Noise })
            foreach (int l in new[] { -4500, -2700 })
                foreach (var (name, edges, cue) in cases)
                    yield return new object[] { p, l, name, edges, cue };
        // real level steps (the bus slews 3 dB at 6 dB/s under the cue), below the factory maximum so louder is allowed
        foreach (var p in Programs)
        {
            yield return new object[] { p, -4500, "volume down 15 s in", new long[] { 15000, 15100 }, Cue.VolumeDown };
            yield return new object[] { p, -4500, "volume up 15 s in", new long[] { 15000, 15100, 15300, 15400 }, Cue.VolumeUp };
        }
        foreach (var p in new[] { ProgramKind.Calm, ProgramKind.Pain })
            foreach (var (name, edges, cue) in cases.Take(3))
                yield return new object[] { p, -2700, name, edges, cue };
    }

    [Theory]
    [MemberData(nameof(FadeCases))]
    public void A_cue_pressed_during_a_fade_is_within_12_dB_below_the_listening_level_and_never_above_it(ProgramKind program, int level, string name, long[] edges, Cue expected)
    {
        // Inside the music, the cue's own sound is the difference from the same presses with the cues taken (as for the Stop
        // cue above), over the cue figure: from the window the cue is raised in to two cue steps and a loop later. Where a
        // fade holds the music too far below for the cue to be heard on its bus, the unit ramps the music out and plays the
        // cue alone (the music, if it comes back, one cue step after the first note): the cue is then the output itself,
        // from the press to the music's return.
        double listen = ListeningLevel(program, level, out _);
        int windows = (int)(edges[^1] / Rates.ControlPeriodMs) + 300;
        var withCue = PressedSession(program, level, edges, false, windows, out int cueK, out var endWith, out bool alone);
        var without = PressedSession(program, level, edges, true, windows, out _, out _, out _);
        Assert.True(cueK >= 0, $"{name}: no cue");
        var diff = alone ? WindowDb(withCue) : WindowDb(withCue, without);
        int span = alone && expected == Cue.Start
            ? (BedsideUnit.DeepFadeRampMs + 2 * Rates.ControlPeriodMs + 1074) / Rates.ControlPeriodMs
            : (2 * 1074 + 600) / Rates.ControlPeriodMs + 1;
        // alone, the music's ramp-out (the run gain over DeepFadeRampMs) comes first and is not the cue
        int from = alone ? cueK + (BedsideUnit.DeepFadeRampMs + Rates.ControlPeriodMs - 1) / Rates.ControlPeriodMs + 1 : cueK;
        double cue = diff[from..(cueK + span)].Max();
        int heard = Array.FindIndex(diff, from, d => d >= cue - 6) - cueK;
        var after = WindowDb(withCue)[(cueK + 160)..(cueK + 240)];
        _out.WriteLine($"{program} {level / 100} dB, {name}: {expected} cue {(alone ? "alone" : "in the music")} {cue - listen:+0.0;-0.0} dB re L {listen:0.0} (before any level step), heard {heard * 50} ms after the gesture; " +
                       $"8-12 s later the music at {Median(after) - listen:+0.0;-0.0} dB, state {endWith}");
        // a level step's cue is heard against the level it steps to
        double stepDb = expected == Cue.VolumeUp ? DeviceSettings.LevelStepCentiDb / 100.0 : expected == Cue.VolumeDown ? -DeviceSettings.LevelStepCentiDb / 100.0 : 0;
        double reference = listen + stepDb;
        Assert.True(cue <= reference && cue >= reference - 12, $"{name}: {expected} cue at {cue:0.0} dB vs listening level {reference:0.0} dB");
        Assert.True(heard * 50 <= 1000, $"{name}: the cue is heard {heard * 50} ms after the gesture");
        // whichever way the cue went (ramping the music out, playing alone, the music starting anew), no click
        int from0 = (cueK - 20) * Win, to0 = (cueK + 240) * Win;
        int click = Bedside.Tests.Audio.ClickDetector.FirstClick(withCue[from0..to0]);
        Assert.True(click < 0, $"{name}: click {(from0 + click) / (double)Fs - cueK * 0.05:0.000} s after the gesture");
        if (expected == Cue.Stop)
        {
            // the session ends: silence (the dither floor at most) within 12 s, in Standby
            Assert.Equal(TherapyState.Standby, endWith);
            Assert.True(after.Max() < AudibleDb, $"{name}: still audible ({after.Max():0.0} dB) after the stop");
        }
        else if (expected == Cue.VolumeDown || expected == Cue.VolumeUp)
        {
            // one level step: the same stretch of the same session without the press, 3 dB louder or quieter
            var untouched = PressedSession(program, level, new long[] { 10_000_000, 10_000_100 }, false, windows, out _, out _, out _);
            double moved = Median(after) - Median(WindowDb(untouched)[(cueK + 160)..(cueK + 240)]);
            Assert.InRange(moved, stepDb - 1, stepDb + 1);
        }
        else
        {
            // the music plays on (or anew) at its listening level (late in a Sleep session the thinner texture sits up to
            // 2 dB below the level of its first minute)
            Assert.NotEqual(TherapyState.Standby, endWith);
            Assert.InRange(Median(after), listen - 3, listen + 1.5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_program_cue_of_a_real_triple_press_is_within_12_dB_below_the_new_programs_listening_level(ProgramKind program, int level)
    {
        // Three taps 15 s into a session change the program: the music crossfades to the next program (its bed glides to
        // its share over 3 s) while the Program cue plays. The cue is the difference from the same taps with the cue taken;
        // its reference is the listening level of the program the caregiver chose.
        var next = (ProgramKind)(((int)program + 1) % 4);
        double listen = ListeningLevel(next, level, out _);
        long[] edges = { 15000, 15100, 15300, 15400, 15600, 15700 };
        var withCue = PressedSession(program, level, edges, false, 500, out int cueK, out _, out bool alone);
        var without = PressedSession(program, level, edges, true, 500, out _, out _, out _);
        Assert.True(cueK >= 0, "no cue");
        Assert.False(alone);
        double cue = WindowDb(withCue, without)[cueK..(cueK + (4 * 1074 + 600) / Rates.ControlPeriodMs + 1)].Max();
        _out.WriteLine($"{program} -> {next} {level / 100} dB: Program cue {cue - listen:+0.0;-0.0} dB (L of {next} {listen:0.0})");
        Assert.True(cue <= listen && cue >= listen - 12, $"Program cue at {cue:0.0} dB vs {next}'s listening level {listen:0.0} dB");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_cue_that_is_pending_as_a_session_begins_plays_alone_first(ProgramKind program, int level)
    {
        // A session started from outside (the simulator's or a console's start) in the tick a button tap is recognised: the
        // tap is then a volume-down press in the new session, and its cue is pending as the music begins from a silent
        // engine. Its reference is the session's listening level.
        double reference = ListeningLevel(program, level, out _);
        // the tick the tap is recognised in (its release, then the decoder's confirmation gap)
        long[] tap = { 1000, 1100 };
        long startAt = 1100;
        Cue cueSeen = Cue.None;
        short[] withCue = null;
        bool alone = false;
        int cueK = -1;
        for (; startAt <= 2000 && cueSeen != Cue.VolumeDown; startAt += Rates.ControlPeriodMs)
            withCue = PressedSession(program, level, tap, false, 220, startAt, out cueK, out cueSeen, out _, out alone);
        Assert.Equal(Cue.VolumeDown, cueSeen);
        // it plays alone, as the Start cue of a tap does, and the music joins one cue step later: the output until then is
        // the cue
        Assert.True(alone, "the cue did not play alone");
        double cue = WindowDb(withCue)[cueK..(cueK + 1074 / Rates.ControlPeriodMs)].Max();
        _out.WriteLine($"{program} {level / 100} dB: VolumeDown cue pending as the session begins, alone, {cue - reference:+0.0;-0.0} dB re L {reference:0.0}");
        Assert.True(cue <= reference && cue >= reference - 12, $"cue at {cue:0.0} dB vs {reference:0.0} dB");
    }
}
