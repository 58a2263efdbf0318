using Bedside.Core.Composer;
using Bedside.Trainer;
using Xunit;

namespace Bedside.Tests.Composer;

public class TuningTests
{
    [Fact]
    public void Degrees_are_just_intonation_ratios_of_the_key_root()
    {
        int a4 = Tuning.FreqHzQ16(Mood.Warm, 9, 0);
        Assert.Equal(440 * 65536, a4);                                      // root table: A4 = 440 Hz
        Assert.Equal((long)a4 * 3 / 2, Tuning.FreqHzQ16(Mood.Warm, 9, 4));   // fifth 3/2
        Assert.Equal((long)a4 * 5 / 4, Tuning.FreqHzQ16(Mood.Warm, 9, 2));   // major third 5/4
        Assert.Equal((long)a4 * 9 / 8, Tuning.FreqHzQ16(Mood.Neutral, 9, 1));
        Assert.Equal((long)a4 * 4 / 3, Tuning.FreqHzQ16(Mood.Neutral, 9, 3));
        Assert.Equal((long)a4 * 45 / 32, Tuning.FreqHzQ16(Mood.Luminous, 9, 3)); // Lydian #4
        Assert.Equal(a4 * 2, Tuning.FreqHzQ16(Mood.Warm, 9, 7));
        Assert.Equal(a4 / 2, Tuning.FreqHzQ16(Mood.Warm, 9, -7));
        Assert.Equal((long)a4 * 5 / 3 / 4, Tuning.FreqHzQ16(Mood.Warm, 9, -9)); // sixth two octaves down
    }

    [Fact]
    public void Moods_have_their_documented_sets()
    {
        Assert.Equal(0b0110111, Tuning.DegreeMask(Mood.Warm));      // 1 2 3 5 6
        Assert.Equal(0b0111011, Tuning.DegreeMask(Mood.Neutral));   // 1 2 4 5 6 (no thirds)
        Assert.Equal(0b1111111, Tuning.DegreeMask(Mood.Luminous));
        for (int d = -21; d <= 20; d++)
            foreach (Mood m in new[] { Mood.Warm, Mood.Neutral, Mood.Luminous })
                Assert.Equal(Tuning.InSet(m, d), Tuning.FreqHzQ16(m, 2, d) != 0);
    }

    [Fact]
    public void Out_of_range_arguments_are_clamped_not_crashing()
    {
        Assert.Equal(Tuning.FreqHzQ16(Mood.Warm, 11, 0), Tuning.FreqHzQ16(Mood.Warm, 99, 0));
        Assert.Equal(Tuning.FreqHzQ16(Mood.Warm, 0, Tuning.MaxDegree), Tuning.FreqHzQ16(Mood.Warm, -5, int.MaxValue));
        Assert.Equal(Tuning.FreqHzQ16(Mood.Warm, 0, Tuning.MinDegree), Tuning.FreqHzQ16(Mood.Warm, 0, int.MinValue));
        Assert.Equal(Tuning.FreqHzQ16(Mood.Warm, 3, 4), Tuning.FreqHzQ16((Mood)77, 3, 4)); // unknown mood → Warm
        Assert.True(Tuning.FreqHzQ16(Mood.Luminous, 11, Tuning.MaxDegree) < 4000 * 65536);
        Assert.True(Tuning.FreqHzQ16(Mood.Warm, 0, Tuning.MinDegree) > 30 * 65536);
    }
}

public class TrainerTests
{
    static string CorpusDir => Bedside.Trainer.Program.DefaultCorpusDir(Paths.RepoRoot);

    [Fact]
    public void Corpus_has_at_least_30_documented_public_domain_melodies()
    {
        var tunes = Model.LoadCorpus(CorpusDir);
        Assert.True(tunes.Count >= 30, $"only {tunes.Count} tunes");
        Assert.Equal(tunes.Count, tunes.Select(t => t.Title).Distinct().Count());
        foreach (var t in tunes)
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Origin), t.File);
            Assert.Contains("public domain", t.Note, StringComparison.OrdinalIgnoreCase);
            Assert.True(t.Degrees.Length >= 8, t.File);
            Assert.Equal(t.Degrees.Length, t.DurClasses.Length);
        }
    }

    [Fact]
    public void Committed_melody_table_is_not_stale()
    {
        // Line endings normalised: a CRLF checkout is not "stale".
        string committed = File.ReadAllText(Bedside.Trainer.Program.DefaultOutFile(Paths.RepoRoot)).Replace("\r\n", "\n");
        string regenerated = Model.GenerateSource(CorpusDir);
        Assert.True(committed == regenerated,
            "firmware/Bedside.Core/Composer/MelodyTable.g.cs is stale: run `dotnet run --project tools/Bedside.Trainer`");
    }

    [Fact]
    public void Generated_table_matches_the_runtime_constants()
    {
        Assert.Equal(Model.MinDegree, MelodyTable.MinDegree);
        Assert.Equal(Model.MaxDegree, MelodyTable.MaxDegree);
        Assert.Equal(Model.GuardNotes, MelodyTable.GuardNotes);
        Assert.Equal(MelodyTable.TuneCount, Model.LoadCorpus(CorpusDir).Count);
        for (int i = 1; i < MelodyTable.PitchCtxKey.Length; i++) Assert.True(MelodyTable.PitchCtxKey[i - 1] < MelodyTable.PitchCtxKey[i]);
        for (int i = 1; i < MelodyTable.DurCtxKey.Length; i++) Assert.True(MelodyTable.DurCtxKey[i - 1] < MelodyTable.DurCtxKey[i]);
        for (int i = 1; i < MelodyTable.CorpusGramHash.Length; i++) Assert.True(MelodyTable.CorpusGramHash[i - 1] < MelodyTable.CorpusGramHash[i]);
        Assert.Equal(MelodyTable.PitchSym.Length, MelodyTable.PitchCtxStart[^1]);
        Assert.All(MelodyTable.PitchCount, c => Assert.InRange(c, (byte)1, (byte)255));
    }

    const string Head = "X:1\nT:t\nO:o\nN:Public domain: test\nM:4/4\nL:1/8\n";

    [Theory]
    [InlineData("K:C\nC D E F G A B c", new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData("K:G\nG A B c d e f g", new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]        // f is F# in G
    [InlineData("K:Ddor\nD E F G A B c d", new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData("K:Am\nA, B, C D E F G A", new[] { -7, -6, -5, -4, -3, -2, -1, 0 })]
    [InlineData("K:F\nF G A B c d e f", new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]         // B is Bb in F
    [InlineData("K:C\nC ^C D _E =E | E F G A", new[] { 0, 0, 1, 1, 2, 2, 3, 4, 5 })] // chromatic notes snap down; accidentals last to the bar
    public void Parser_maps_pitches_to_scale_degrees(string music, int[] expected)
    {
        var t = AbcParser.Parse("t.abc", Head + music + "\n");
        Assert.Equal(expected, t.Degrees);
    }

    [Fact]
    public void Parser_handles_lengths_rests_and_ties()
    {
        var t = AbcParser.Parse("t.abc", Head + "K:C\nC2 D/ E3/2 F z2 G- | G4 A B c d\n");
        // L:1/8 → C2 = 4 sixteenths, D/ = 1, E3/2 = 3, F + rest z2 = 2 + 4 = 6, G- tied to G4 = 2 + 8 = 10 (nearest class on a log scale)
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, t.Degrees);
        Assert.Equal(Model.DurClassOf(4), t.DurClasses[0]);
        Assert.Equal(Model.DurClassOf(3), t.DurClasses[2]);
        Assert.Equal(Model.DurClassOf(6), t.DurClasses[3]);
        Assert.Equal(Model.DurClassOf(10), t.DurClasses[4]);
    }

    [Theory]
    [InlineData("K:C\nC D E F G A B c x", "unexpected character 'x'")]
    [InlineData("M:4/4\nC D E F G A B c", "music before the K: field")]
    [InlineData("K:Cphrygian\nC D E F G A B c", "unsupported mode")]
    [InlineData("K:C\nC- D E F G A B c d", "tie between different pitches")]
    [InlineData("K:C\nC D E", "fewer than 8 notes")]
    public void Parser_rejects_bad_input_with_a_located_reason(string music, string reason)
    {
        var e = Assert.Throws<FormatException>(() => AbcParser.Parse("bad.abc", Head + music + "\n"));
        Assert.Contains(reason, e.Message);
        Assert.Contains("bad.abc", e.Message);
    }

    [Fact]
    public void Parser_requires_the_public_domain_note()
    {
        var e = Assert.Throws<FormatException>(() => AbcParser.Parse("x.abc", "X:1\nT:t\nO:o\nK:C\nC D E F G A B c\n"));
        Assert.Contains("public-domain", e.Message);
    }
}
