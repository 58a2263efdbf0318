using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Trainer;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Composer;

public class MelodyModelTests
{
    readonly ITestOutputHelper _out;
    public MelodyModelTests(ITestOutputHelper o) { _out = o; }

    [Fact]
    public void Every_note_is_in_the_pitch_set_and_register_for_random_constraints()
    {
        var r = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            var m = new MelodyModel(new Rng((uint)trial + 1));
            m.SetMaxOrder(1 + trial % 3);
            int mask = r.Next(1, 128);
            int low = r.Next(-9, 14), high = low + r.Next(0, 12);
            int lo = Math.Max(low, MelodyTable.MinDegree), hi = Math.Min(Math.Max(high, lo), MelodyTable.MaxDegree);
            bool anyAllowed = Enumerable.Range(lo, hi - lo + 1).Any(d => ((mask >> Tuning.DegreeInOctave(d)) & 1) != 0);
            for (int i = 0; i < 200; i++)
            {
                int d = m.NextDegree(mask, low, high);
                Assert.InRange(d, lo, hi);
                if (anyAllowed) Assert.True(((mask >> Tuning.DegreeInOctave(d)) & 1) != 0, $"degree {d} outside mask {mask:b7}");
                int six = m.NextDurSixteenths();
                Assert.Contains(six, MelodyTable.DurSixteenths.Select(x => (int)x));
            }
        }
    }

    [Fact]
    public void Same_seed_same_melody_different_seed_different_melody()
    {
        int[] Run(uint seed)
        {
            var m = new MelodyModel(new Rng(seed));
            return Enumerable.Range(0, 200).Select(_ => m.NextDegree(0x7F, -3, 8)).ToArray();
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    /// <summary>The model really learned the corpus: the melodic interval distribution of unconstrained output is
    /// close to the corpus's and far from a uniform random choice over the same register.</summary>
    [Fact]
    public void Output_interval_statistics_resemble_the_corpus()
    {
        var tunes = Model.LoadCorpus(Bedside.Trainer.Program.DefaultCorpusDir(Paths.RepoRoot));
        double[] Hist(IEnumerable<int> intervals)
        {
            var h = new double[9]; int n = 0; // |interval| 0..7, 8+ merged
            foreach (var iv in intervals) { h[Math.Min(Math.Abs(iv), 8)]++; n++; }
            return h.Select(x => x / n).ToArray();
        }
        var corpus = Hist(tunes.SelectMany(t => t.Degrees.Zip(t.Degrees.Skip(1), (a, b) => b - a)));
        var m = new MelodyModel(new Rng(99));
        var gen = Enumerable.Range(0, 20000).Select(_ => m.NextDegree(0x7F, -7, 14)).ToArray();
        var genH = Hist(gen.Zip(gen.Skip(1), (a, b) => b - a));
        var rnd = new Random(3);
        var uni = Enumerable.Range(0, 20000).Select(_ => rnd.Next(-7, 15)).ToArray();
        var uniH = Hist(uni.Zip(uni.Skip(1), (a, b) => b - a));
        double Tv(double[] a, double[] b) => 0.5 * a.Zip(b, (x, y) => Math.Abs(x - y)).Sum(); // total variation distance
        double dGen = Tv(corpus, genH), dUni = Tv(corpus, uniH);
        _out.WriteLine($"TV distance of |interval| histogram to corpus: model {dGen:F3}, uniform {dUni:F3}; steps (|iv|<=1): corpus {corpus[0] + corpus[1]:F2}, model {genH[0] + genH[1]:F2}");
        Assert.True(dGen < 0.12, $"model interval histogram too far from the corpus ({dGen:F3})");
        Assert.True(dUni > 3 * dGen, "a uniform random melody must be much further from the corpus than the model");
    }
}
