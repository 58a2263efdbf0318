using Xunit;
using System.Diagnostics;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Trainer;
using Xunit.Abstractions;

namespace Bedside.Tests.Composer;

/// <summary>8-hour Sleep render at event level (the non-repetition and corpus-copy criteria).</summary>
public class SleepRenderTests
{
    const long EightHoursMs = 8L * 3600 * 1000;
    readonly ITestOutputHelper _out;
    public SleepRenderTests(ITestOutputHelper o) { _out = o; }

    static (Bedside.Core.Composer.MusicComposer c, RecordingSink sink, double seconds) EightHours(ProgramKind program, uint seed, Preset preset)
    {
        var sw = Stopwatch.StartNew();
        // Listener settles: the therapy would lower density/brightness; keep density moderate so the melody keeps playing.
        var controls = new MusicControls { TempoCentiBpm = 6600, BrightnessQ15 = 20000, DensityQ15 = 26000, EnergyQ15 = 16000, LevelCentiDb = -2500 };
        var (c, sink) = Render.Run(program, seed, EightHoursMs, controls, preset, sleepTimerMin: 0,
            steer: (t, m) => { m.TempoCentiBpm = t < 1800000 ? 6600 - (int)(t / 100000) : 4800; });
        return (c, sink, sw.Elapsed.TotalSeconds);
    }

    public static IEnumerable<object[]> Presets()
    {
        yield return new object[] { ProgramKind.Sleep, Mood.Warm, (byte)2, 400 };
        yield return new object[] { ProgramKind.Sleep, Mood.Neutral, (byte)7, 400 };
        yield return new object[] { ProgramKind.Sleep, Mood.Luminous, (byte)11, 400 };
        // The same criteria over busier programs: many more melody notes for the corpus-copy check.
        yield return new object[] { ProgramKind.Calm, Mood.Luminous, (byte)0, 4000 };
        yield return new object[] { ProgramKind.Pain, Mood.Luminous, (byte)4, 6000 };
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Eight_hour_render_never_repeats_a_30s_window_never_copies_12_corpus_notes_and_stays_in_the_pitch_set(ProgramKind program, Mood mood, byte key, int minMelodyNotes)
    {
        var preset = new Preset { Mood = mood, KeyRootSemitone = key, InstrumentSet = Instruments.All };
        var (c, sink, seconds) = EightHours(program, 0xC0FFEEu + key, preset);
        var notes = sink.Events.Where(e => e.IsNote).ToList();
        var melody = notes.Where(e => e.Timbre == c.MelodyTimbre).ToList();
        _out.WriteLine($"{program} {mood}/{key}: rendered 8 h in {seconds:F2} s: {sink.Events.Count} sink calls, {notes.Count} notes, {melody.Count} melody notes");
        Assert.True(melody.Count >= minMelodyNotes, "the melody must keep playing for the test to mean anything");

        // 1. Every melody note is in the mood's pitch set (frequency is one of the set's JI frequencies).
        var deg = Render.DegreeOfFreq(mood, key);
        foreach (var n in notes)
            Assert.True(deg.ContainsKey(n.FreqHzQ16), $"note {n.FreqHzQ16 / 65536.0:F2} Hz at {n.TMs} ms is not in the {mood} set");
        var degrees = melody.Select(n => deg[n.FreqHzQ16]).ToArray();

        // 2. No 30 s window of musical events repeats exactly. Events = NoteOn and SetDrone calls (notes, drone
        //    swells and chord-pad changes; global level/brightness/noise-bed settings excluded), each described by
        //    (offset ms from the window start, kind, timbre, slot, freq, gain). A window starts at every event.
        //    Separately, windows of NoteOn events alone that hold ≥ 2 notes must not repeat either.
        var musical = sink.Events.Where(e => e.Call is SinkCall.NoteOn or SinkCall.Drone).ToList();
        var (windows, maxEvents) = AssertNoRepeatedWindow(musical, 1);
        _out.WriteLine($"{windows} windows of note+drone events checked, up to {maxEvents} events each");
        var (noteWindows, maxNotes) = AssertNoRepeatedWindow(notes, 2);
        _out.WriteLine($"{noteWindows} windows with >= 2 notes checked, up to {maxNotes} notes each");

        // 3. No run of 12 consecutive melody notes copies a training melody (the ABC corpus and every chorale soprano
        //    line): compared as interval sequences (transposition-invariant, stricter than comparing degrees).
        var corpus = Model.LoadCorpus(Bedside.Trainer.Program.DefaultCorpusDir(Paths.RepoRoot)).Select(t => t.Degrees)
            .Concat(ChoraleData.Load(ChoraleData.DefaultPath(Paths.RepoRoot)).Select(c => c.Degrees)).ToList();
        var corpusRuns = new HashSet<string>();
        foreach (var t in corpus)
            for (int i = 0; i + 12 <= t.Length; i++)
                corpusRuns.Add(IntervalKey(t, i, 12));
        int longest = LongestCorpusRun(degrees, corpus);
        _out.WriteLine($"longest run of melody notes matching a corpus melody (intervals): {longest}");
        Assert.True(longest < CopyGuardTable.GuardNotes, $"the copy guard allows at most {CopyGuardTable.GuardNotes - 1} notes, found {longest}");
        for (int i = 0; i + 12 <= degrees.Length; i++)
            Assert.False(corpusRuns.Contains(IntervalKey(degrees, i, 12)), $"melody notes {i}..{i + 11} copy a corpus melody");
    }

    static (int windows, int maxEvents) AssertNoRepeatedWindow(List<SinkEvent> ev, int minEvents)
    {
        var seen = new HashSet<string>();
        int j = 0, windows = 0, maxEvents = 0;
        for (int i = 0; i < ev.Count; i++)
        {
            if (j < i) j = i;
            while (j < ev.Count && ev[j].TMs < ev[i].TMs + 30000) j++;
            if (j - i < minEvents) continue;
            var sb = new System.Text.StringBuilder();
            for (int k = i; k < j; k++)
                sb.Append(ev[k].TMs - ev[i].TMs).Append(':').Append((int)ev[k].Call).Append(':').Append((int)ev[k].Timbre).Append(':')
                  .Append(ev[k].Slot).Append(':').Append(ev[k].FreqHzQ16).Append(':').Append(ev[k].GainQ15).Append(';');
            maxEvents = Math.Max(maxEvents, j - i);
            Assert.True(seen.Add(sb.ToString()), $"30 s window at {ev[i].TMs} ms repeats an earlier one");
            windows++;
        }
        return (windows, maxEvents);
    }

    static string IntervalKey(int[] d, int start, int len)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = start + 1; i < start + len; i++) sb.Append(d[i] - d[i - 1]).Append(',');
        return sb.ToString();
    }

    /// <summary>Longest n such that some n consecutive generated notes have the same intervals as n corpus notes.</summary>
    static int LongestCorpusRun(int[] gen, List<int[]> corpus)
    {
        int best = 1;
        for (int n = 2; n <= 12; n++)
        {
            var set = new HashSet<string>();
            foreach (var t in corpus) for (int i = 0; i + n <= t.Length; i++) set.Add(IntervalKey(t, i, n));
            bool any = false;
            for (int i = 0; i + n <= gen.Length && !any; i++) any = set.Contains(IntervalKey(gen, i, n));
            if (!any) break;
            best = n;
        }
        return best;
    }
}
