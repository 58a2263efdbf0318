using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Xunit;
using Xunit.Abstractions;
using ComposerEngine = Bedside.Core.Composer.MusicComposer;

namespace Bedside.Tests.Composer;

public class ComposerBehaviourTests
{
    readonly ITestOutputHelper _out;
    public ComposerBehaviourTests(ITestOutputHelper o) { _out = o; }

    static MusicControls Controls(int tempo = 6600, int bright = 16384, int dens = 16384, int energy = 16384, int level = -2000) =>
        new() { TempoCentiBpm = tempo, BrightnessQ15 = bright, DensityQ15 = dens, EnergyQ15 = energy, LevelCentiDb = level };

    [Fact]
    public void Tempo_never_changes_by_more_than_the_documented_step_per_beat()
    {
        var rnd = new Random(11);
        var preset = new Preset { TempoMinCentiBpm = 4000, TempoMaxCentiBpm = 12000 };
        var c = new ComposerEngine(); Assert.Null(c.SetPreset(preset)); c.SetProgram(ProgramKind.Calm);
        var sink = new RecordingSink { Record = false };
        c.Init(5, sink);
        var m = Controls();
        long t = 0; long last = 0; bool first = true; int prevTempo = 0;
        double worstRatio = 0; int reachedTarget = 0;
        for (int i = 0; i < 200000; i++)
        {
            if (rnd.Next(400) == 0) m.TempoCentiBpm = rnd.Next(3000, 13000);     // includes out-of-range targets
            int step = rnd.Next(10) == 0 ? rnd.Next(0, 3000) : rnd.Next(1, 120);   // irregular ticks, some long stalls
            if (rnd.Next(1000) == 0) step = -rnd.Next(1, 5000);                   // clock going backwards
            t += step;
            c.Tick(t, m);
            int tempo = c.TempoCentiBpm;
            Assert.InRange(tempo, 4000, 12000);
            if (!first)
            {
                long dt = Math.Clamp(t - last, 0, 1000);
                // documented bound: ≤ 25 centi-BPM per beat, beats = dt * tempo / 6e6, plus < 1 unit of carried allowance
                double allowed = ControlSmoother.MaxTempoStepCentiBpmPerBeat * dt * (double)prevTempo / 6_000_000 + 1;
                int change = Math.Abs(tempo - prevTempo);
                Assert.True(change <= allowed, $"tempo jumped {change} centi-BPM in {dt} ms (allowed {allowed:F2})");
                if (allowed > 1) worstRatio = Math.Max(worstRatio, (change - 1) / (allowed - 1));
            }
            if (tempo == Math.Clamp(m.TempoCentiBpm, 4000, 12000)) reachedTarget++;
            first = false; last = t; prevTempo = tempo;
        }
        _out.WriteLine($"worst tempo change / documented step: {worstRatio:F3}; ticks at target: {reachedTarget}");
        Assert.True(reachedTarget > 20000, "tempo must actually follow its target");
    }

    [Theory]
    [InlineData(ProgramKind.Calm, 4096, 6000)]
    [InlineData(ProgramKind.Calm, 16384, 6000)]
    [InlineData(ProgramKind.Calm, 32767, 6000)]
    [InlineData(ProgramKind.Calm, 32767, 4000)]   // slowest tempo: the program maximum must still be reachable
    [InlineData(ProgramKind.Pain, 8192, 7000)]
    [InlineData(ProgramKind.Pain, 32767, 7000)]
    [InlineData(ProgramKind.Sleep, 32767, 4000)]
    [InlineData(ProgramKind.Sleep, 16384, 6000)]
    public void Melody_density_follows_its_control_within_tolerance(ProgramKind program, int densityQ15, int tempoCentiBpm)
    {
        var controls = Controls(tempo: tempoCentiBpm, dens: densityQ15);
        var preset = new Preset { TempoMinCentiBpm = 4000 };
        var sink = new RecordingSink();
        var c = new ComposerEngine(); Assert.Null(c.SetPreset(preset)); c.SetSleepTimerMinutes(0); c.SetProgram(program); c.Init(77, sink);
        var targetsCentiPerMin = new List<(long t, int target)>();
        long dur = 70 * 60000;
        for (long t = 0; t <= dur; t += 50) { sink.NowMs = t; c.Tick(t, controls); if (t % 60000 == 0) targetsCentiPerMin.Add((t, c.MelodyTargetCentiPerMin)); }
        var melody = sink.Events.Where(e => e.IsNote && e.Timbre == c.MelodyTimbre).Select(e => e.TMs).ToArray();
        // The target itself is the documented function of the control: density * program maximum (Sleep: * 1/8 after its descent).
        long expected = (long)densityQ15 * ProgramProfile.MaxMelodyCentiPerMin[(int)program] >> 15;
        if (program == ProgramKind.Sleep) expected = (long)(densityQ15 * 4096L >> 15) * ProgramProfile.MaxMelodyCentiPerMin[0] >> 15;
        Assert.InRange(c.MelodyTargetCentiPerMin, expected - 2, expected + 2);
        // Windows of 10 min, sliding by 1 min, from 2 min (smoothing settled) or, for Sleep, after its 20-min descent.
        long from = program == ProgramKind.Sleep ? ComposerEngine.SleepDescentMs + 60000 : 120000;
        double worst = 0;
        for (long w = from; w + 600000 <= dur; w += 60000)
        {
            double target = targetsCentiPerMin.Where(x => x.t >= w && x.t < w + 600000).Average(x => x.target) / 100.0 * 10;
            int count = melody.Count(x => x >= w && x < w + 600000);
            double err = Math.Abs(count - target);
            Assert.True(err <= 0.10 * target + 2, $"window at {w / 60000} min: {count} notes, target {target:F1}");
            worst = Math.Max(worst, err / Math.Max(target, 1));
        }
        _out.WriteLine($"{program} density {densityQ15} at {tempoCentiBpm / 100} BPM: target {c.MelodyTargetCentiPerMin / 100.0:F2}/min, worst relative error over 10-min windows {worst:P1}");
    }

    [Fact]
    public void Density_zero_plays_no_melody_and_density_steps_are_followed()
    {
        var controls = Controls(dens: 0);
        var (c, sink) = Render.Run(ProgramKind.Calm, 3, 20 * 60000, controls,
            steer: (t, m) => m.DensityQ15 = t < 10 * 60000 ? 0 : 32767);
        var melody = sink.Events.Where(e => e.IsNote && e.Timbre == c.MelodyTimbre).ToList();
        Assert.DoesNotContain(melody, e => e.TMs < 10 * 60000);
        int second = melody.Count(e => e.TMs >= 12 * 60000);
        Assert.InRange(second, 8 * 14 * 0.9 - 2, 8 * 14 * 1.1 + 2); // Calm: 14 notes/min at full density, 8 min
    }

    [Fact]
    public void Preset_validation_rejects_every_bad_field_with_a_reason_and_keeps_the_old_preset()
    {
        var c = new ComposerEngine();
        Assert.Null(c.SetPreset(new Preset { Mood = Mood.Luminous, KeyRootSemitone = 5 }));
        var bad = new (Action<Preset> f, string reason)[]
        {
            (p => p.Mood = (Mood)3, "mood"),
            (p => p.KeyRootSemitone = 12, "key root"),
            (p => p.TempoMinCentiBpm = 3999, "tempo min"),
            (p => p.TempoMaxCentiBpm = 12001, "tempo max"),
            (p => { p.TempoMinCentiBpm = 9000; p.TempoMaxCentiBpm = 8000; }, "tempo max must not be below"),
            (p => p.InstrumentSet = 0, "at least one timbre"),
            (p => p.InstrumentSet = 0x40, "unknown timbre"),
            (p => p.Noise = (NoiseColor)4, "noise colour"),
            (p => p.NoiseLevelPercent = 101, "noise level"),
        };
        foreach (var (f, reason) in bad)
        {
            var p = new Preset(); f(p);
            string why = c.SetPreset(p);
            Assert.NotNull(why);
            Assert.Contains(reason, why);
            Assert.Equal(Mood.Luminous, c.Mood);
            Assert.Equal(5, c.KeyRootSemitone);
        }
        Assert.Equal("preset missing", c.SetPreset(null));
        Assert.False(c.SetProgram((ProgramKind)9));
    }

    [Fact]
    public void Same_seed_gives_identical_events_and_different_seeds_differ()
    {
        List<SinkEvent> Run(uint seed) => Render.Run(ProgramKind.Calm, seed, 60 * 60000, Controls()).sink.Events;
        var a = Run(1234); var b = Run(1234); var d = Run(1235);
        Assert.Equal(a, b);
        var na = a.Where(e => e.IsNote).Select(e => e.FreqHzQ16).Take(100).ToArray();
        var nd = d.Where(e => e.IsNote).Select(e => e.FreqHzQ16).Take(100).ToArray();
        int same = na.Zip(nd, (x, y) => x == y ? 1 : 0).Sum();
        _out.WriteLine($"first 100 notes equal at {same} positions across seeds");
        Assert.True(same < 50, $"seeds 1234 and 1235 share {same} of the first 100 note pitches");
    }

    [Fact]
    public void Random_ticks_and_controls_never_crash_burst_or_send_out_of_range_values()
    {
        var rnd = new Random(2024);
        for (int seq = 0; seq < 200; seq++)
        {
            var sink = new RecordingSink();
            var c = new ComposerEngine();
            var p = new Preset { Mood = (Mood)rnd.Next(3), KeyRootSemitone = (byte)rnd.Next(12), InstrumentSet = (byte)rnd.Next(1, 32), Noise = (NoiseColor)rnd.Next(4), NoiseLevelPercent = (byte)rnd.Next(101) };
            Assert.Null(c.SetPreset(p));
            c.SetSleepTimerMinutes(rnd.Next(-5, 30));
            c.SetProgram((ProgramKind)rnd.Next(4));
            c.Init((uint)rnd.Next(), sink);
            var m = Controls();
            long t = rnd.NextInt64(-1_000_000, 1_000_000);
            for (int i = 0; i < 3000; i++)
            {
                int k = rnd.Next(100);
                if (k == 0) { m.TempoCentiBpm = rnd.Next(int.MinValue, int.MaxValue); m.BrightnessQ15 = rnd.Next(int.MinValue, int.MaxValue); }
                else if (k == 1) { m.DensityQ15 = rnd.Next(-100000, 100000); m.EnergyQ15 = rnd.Next(-100000, 100000); m.LevelCentiDb = rnd.Next(-20000, 20000); }
                else if (k == 2) c.SetProgram((ProgramKind)rnd.Next(5));
                else if (k == 3) t += rnd.NextInt64(-100000, 10_000_000);
                t += rnd.Next(0, 400);
                int before = sink.Events.Count;
                sink.NowMs = t;
                c.Tick(t, rnd.Next(50) == 0 ? null : m);
                var burst = sink.Events.Skip(before).Where(e => e.IsNote).GroupBy(e => e.Timbre).Select(g => g.Count()).DefaultIfEmpty(0).Max();
                Assert.True(burst <= 3, "more than one note per layer in one tick"); // melody, bell, bass may share a timbre
            }
            foreach (var e in sink.Events)
            {
                switch (e.Call)
                {
                    case SinkCall.NoteOn:
                        Assert.InRange(e.GainQ15, 0, 32767); Assert.InRange(e.FreqHzQ16, 30 << 16, 4000 << 16);
                        Assert.InRange(e.A, 1, 2000); Assert.InRange(e.B, 0, 10000); Assert.InRange(e.C, 1, 20000); break;
                    case SinkCall.Drone:
                        Assert.InRange(e.Slot, 0, 3); Assert.InRange(e.GainQ15, 0, 32767); Assert.InRange(e.FreqHzQ16, 30 << 16, 4000 << 16); break;
                    case SinkCall.Level: Assert.InRange(e.GainQ15, -9600, 0); break;
                    case SinkCall.Brightness: Assert.InRange(e.GainQ15, 0, 32767); break;
                    case SinkCall.Noise: Assert.InRange(e.GainQ15, 0, 32767); Assert.InRange(e.Slot, 0, 3); break;
                }
            }
        }
    }

    [Fact]
    public void Level_starts_at_the_control_never_exceeds_it_and_sleep_timer_fades_out_then_stops()
    {
        var m = Controls(level: -1500);
        var (c, sink) = Render.Run(ProgramKind.Sleep, 9, 12 * 60000, m, sleepTimerMin: 10);
        var levels = sink.Events.Where(e => e.Call == SinkCall.Level).ToList();
        // the first level sent is the control's (the therapy's fade-in shapes the start; the engine limits rises to 6 dB/s)
        Assert.InRange(levels[0].GainQ15, -1500 - ComposerEngine.MaxShareBoostCentiDb - 400, -1500); // the control less the bed-share trim
        Assert.All(levels, e => Assert.True(e.GainQ15 <= -1500, "never above the therapy's level"));
        for (int i = 1; i < levels.Count; i++)
        {
            double dtS = (levels[i].TMs - levels[i - 1].TMs) / 1000.0;
            if (levels[i].GainQ15 > levels[i - 1].GainQ15)
                Assert.True(levels[i].GainQ15 - levels[i - 1].GainQ15 <= ControlSmoother.MaxLevelStepCentiDbPerSecond * dtS + 10, "level rises faster than its slew");
        }
        // Fade: during the last 3 minutes of the 10-minute timer the level only goes down, reaching -60 dB, then silence.
        var fade = levels.Where(e => e.TMs >= 7 * 60000).ToList();
        for (int i = 1; i < fade.Count; i++) Assert.True(fade[i].GainQ15 <= fade[i - 1].GainQ15);
        Assert.Equal(-9600, levels[^1].GainQ15);
        Assert.True(levels.Last(e => e.GainQ15 > -9600).GainQ15 <= -7400);
        Assert.True(c.IsFinished);
        Assert.DoesNotContain(sink.Events, e => e.IsNote && e.TMs > 10 * 60000);
        Assert.Contains(sink.Events, e => e.Call == SinkCall.Drone && e.GainQ15 == 0 && e.TMs >= 10 * 60000);
        Assert.Contains(sink.Events, e => e.IsNote && e.TMs > 8 * 60000 && e.TMs < 10 * 60000); // not abrupt: music runs into the fade
    }

    [Fact]
    public void Sleep_descends_to_a_sparse_darker_texture()
    {
        var m = Controls(dens: 32767, bright: 32767);
        var (c, sink) = Render.Run(ProgramKind.Sleep, 21, 40 * 60000, m);
        int early = sink.Events.Count(e => e.IsNote && e.TMs < 5 * 60000);
        int late = sink.Events.Count(e => e.IsNote && e.TMs >= 30 * 60000 && e.TMs < 35 * 60000);
        var bright = sink.Events.Where(e => e.Call == SinkCall.Brightness).ToList();
        _out.WriteLine($"notes in the first 5 min {early}, in minutes 30-35 {late}; brightness {bright.First().GainQ15} → {bright.Last().GainQ15}");
        Assert.True(late * 4 < early, "the Sleep program must thin out");
        Assert.True(late > 0, "but not fall silent while the timer is off");
        Assert.InRange(bright.Last().GainQ15, 16000, 16800); // half of the control after the descent
        Assert.Contains(sink.Events, e => e.Call == SinkCall.Drone && e.GainQ15 > 0 && e.TMs > 30 * 60000);
    }

    [Fact]
    public void Noise_program_plays_only_the_bed_and_stays_adaptive()
    {
        var p = new Preset { Noise = NoiseColor.Off, NoiseLevelPercent = 50 };
        var (c, sink) = Render.Run(ProgramKind.Noise, 4, 10 * 60000, Controls(bright: 0), p,
            steer: (t, m) => { m.BrightnessQ15 = t > 300000 ? 32767 : 0; m.LevelCentiDb = t > 300000 ? -3000 : -2000; });
        Assert.DoesNotContain(sink.Events, e => e.IsNote);
        Assert.DoesNotContain(sink.Events, e => e.Call == SinkCall.Drone && e.GainQ15 != 0);
        var noise = sink.Events.Where(e => e.Call == SinkCall.Noise).ToList();
        Assert.All(noise, e => Assert.Equal((int)NoiseColor.Pink, e.Slot)); // "Off" in the Noise program falls back to pink
        // the bed alone takes the full share, times the colour's loudness trim (the preset level sets the share next to music)
        Assert.Equal((32767 * ComposerEngine.NoiseLoudnessTrimQ15[(int)NoiseColor.Pink]) >> 15, noise.Last().GainQ15);
        Assert.Contains(sink.Events, e => e.Call == SinkCall.Brightness && e.GainQ15 > 30000);
        Assert.Equal(-3000 + ComposerEngine.NoiseProgramTrimCentiDb - ComposerEngine.MaxShareBoostCentiDb, sink.Events.Last(e => e.Call == SinkCall.Level).GainQ15); // loudness normalisation (attenuates only)
    }

    [Fact]
    public void Pain_keeps_a_steady_moderate_tempo_and_uses_the_flute_lead()
    {
        var p = new Preset { TempoMinCentiBpm = 4000, TempoMaxCentiBpm = 12000, InstrumentSet = Instruments.All };
        var (c, sink) = Render.Run(ProgramKind.Pain, 8, 10 * 60000, Controls(tempo: 11000), p);
        Assert.Equal(7600, c.TempoCentiBpm);
        Assert.Equal(Timbre.Flute, c.MelodyTimbre);
    }

    [Fact]
    public void Chord_pads_fade_out_at_their_own_pitch_and_fade_in_already_tuned()
    {
        var (c, sink) = Render.Run(ProgramKind.Calm, 12, 30 * 60000, Controls());
        var lastFreq = new Dictionary<int, int>(); var lastGain = new Dictionary<int, int>();
        int fadeIns = 0;
        foreach (var e in sink.Events.Where(e => e.Call == SinkCall.Drone && e.Slot is 1 or 2))
        {
            if (lastFreq.TryGetValue(e.Slot, out int f) && lastGain[e.Slot] == 0 && e.GainQ15 > 0)
            {
                Assert.Equal(f, e.FreqHzQ16); // rises at the pitch it was pre-tuned to while silent
                fadeIns++;
            }
            if (lastGain.TryGetValue(e.Slot, out int g) && g > 0)
                Assert.Equal(lastFreq[e.Slot], e.FreqHzQ16); // a sounding slot is never re-pitched (it fades out at its pitch)
            lastFreq[e.Slot] = e.FreqHzQ16; lastGain[e.Slot] = e.GainQ15;
        }
        Assert.True(fadeIns > 50, $"only {fadeIns} chord changes checked");
    }

    [Fact]
    public void Ticks_allocate_nothing()
    {
        var sink = new RecordingSink { Record = false };
        var c = new ComposerEngine(); c.SetProgram(ProgramKind.Pain); c.SetSleepTimerMinutes(0); c.Init(1, sink);
        var m = Controls(dens: 32767);
        long t = 0;
        for (int i = 0; i < 20000; i++) { t += 50; c.Tick(t, m); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200000; i++) { t += 37 + (i % 5) * 11; m.BrightnessQ15 = (i * 7) & 32767; c.Tick(t, m); if (i % 5000 == 0) c.SetProgram((ProgramKind)(i / 5000 % 4)); }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.True(sink.NoteOnCount > 1000);
    }

    /// <summary>IVoiceSink-level proxy for the audio brightness test (the spectral-centroid version needs the engine):
    /// for every instrumentation, brightness 0 vs 1 lowers the global brightness control, the note register
    /// (gain-weighted mean frequency) and softens attacks.</summary>
    [Fact]
    public void Brightness_proxy_lowers_register_brightness_control_and_attack_for_every_instrumentation()
    {
        double worstRatio = 0;
        for (int set = 1; set <= Instruments.All; set++)
        {
            var p = new Preset { InstrumentSet = (byte)set };
            (double meanHz, int ctl, double attack) Measure(int b)
            {
                var (_, sink) = Render.Run(ProgramKind.Calm, 31, 15 * 60000, Controls(bright: b, dens: 32767), p);
                var notes = sink.Events.Where(e => e.IsNote && e.TMs > 60000).ToList();
                double w = notes.Sum(e => (double)e.GainQ15);
                double mean = notes.Sum(e => e.GainQ15 * (e.FreqHzQ16 / 65536.0)) / w;
                return (mean, sink.Events.Last(e => e.Call == SinkCall.Brightness).GainQ15, notes.Average(e => e.A));
            }
            var dark = Measure(0); var bright = Measure(32767);
            Assert.Equal(0, dark.ctl); Assert.Equal(32767, bright.ctl);
            Assert.True(dark.meanHz < bright.meanHz * 0.85, $"set {set}: {dark.meanHz:F0} Hz vs {bright.meanHz:F0} Hz");
            Assert.True(dark.attack > bright.attack);
            worstRatio = Math.Max(worstRatio, dark.meanHz / bright.meanHz);
        }
        _out.WriteLine($"worst dark/bright mean-frequency ratio over all 31 instrumentations: {worstRatio:F2}");
    }
}
