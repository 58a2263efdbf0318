using Bedside.Budget;
using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Trainer;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Composer;

/// <summary>The learned models as the composer uses them on the device: constraints, reproducibility, copy guard, cost.</summary>
public class NetworkModelTests
{
    readonly ITestOutputHelper _out;
    public NetworkModelTests(ITestOutputHelper o) { _out = o; }

    [Fact]
    public void Every_network_note_is_in_the_pitch_set_and_register_for_random_constraints()
    {
        var r = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            var m = new NetworkMelody(new Rng((uint)trial + 1));
            m.SetInverseTemperatureQ8(64 + trial * 5);
            int mask = r.Next(1, 128);
            int low = r.Next(-9, 14), high = low + r.Next(0, 12);
            int lo = Math.Max(low, MelodyTable.MinDegree), hi = Math.Min(Math.Max(high, lo), MelodyTable.MaxDegree);
            bool anyAllowed = Enumerable.Range(lo, hi - lo + 1).Any(d => ((mask >> Tuning.DegreeInOctave(d)) & 1) != 0);
            for (int i = 0; i < 100; i++)
            {
                int d = m.NextDegree(mask, low, high);
                Assert.InRange(d, lo, hi);
                if (anyAllowed) Assert.True(((mask >> Tuning.DegreeInOctave(d)) & 1) != 0, $"degree {d} outside mask {mask:b7}");
                Assert.Contains(m.NextDurSixteenths(), MelodyTable.DurSixteenths.Select(x => (int)x));
            }
        }
    }

    [Fact]
    public void Every_chord_has_root_and_bass_in_the_set_and_changes_root_when_asked()
    {
        foreach (Mood mood in new[] { Mood.Warm, Mood.Neutral, Mood.Luminous })
        {
            int mask = Tuning.DegreeMask(mood);
            var h = new NetworkHarmony(new Rng(5));
            int prev = -1;
            for (int i = 0; i < 500; i++)
            {
                int root = h.Next(mask, true);
                Assert.True(((mask >> root) & 1) != 0 && ((mask >> h.Bass) & 1) != 0, $"{mood}: chord ({root}, {h.Bass}) outside the set");
                Assert.NotEqual(prev, root);
                prev = root;
            }
        }
    }

    [Fact]
    public void Same_seed_same_music_different_seed_different_music()
    {
        int[] Run(uint seed)
        {
            var rng = new Rng(seed);
            var m = new NetworkMelody(rng); var h = new NetworkHarmony(rng);
            return Enumerable.Range(0, 200).SelectMany(_ => new[] { m.NextDegree(0x7F, -3, 8), m.NextDurSixteenths(), h.Next(0x7F, false) * 7 + h.Bass }).ToArray();
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void Copy_guard_covers_every_training_run_and_the_network_never_completes_one()
    {
        var tunes = Model.LoadCorpus(Bedside.Trainer.Program.DefaultCorpusDir(Paths.RepoRoot));
        var chorales = ChoraleData.Load(ChoraleData.DefaultPath(Paths.RepoRoot));
        var runs = NetworkTrainer.GuardHashes(tunes, chorales);
        Assert.Equal(runs.Count, CopyGuardTable.Runs);
        bool In(int h)
        {
            for (int j = 0; j < CopyGuardTable.BloomHashes; j++)
            {
                int p = NetworkTrainer.BloomIndex(h, j);
                if ((CopyGuardTable.BloomBits[p >> 3] & (1 << (p & 7))) == 0) return false;
            }
            return true;
        }
        Assert.All(runs, h => Assert.True(In(h)));
        // Low temperature (1/T = 4) pushes the network towards the chorale lines it learned; the guard must still hold.
        var m = new NetworkMelody(new Rng(3));
        m.SetInverseTemperatureQ8(1024);
        var gen = Enumerable.Range(0, 20000).Select(_ => { int d = m.NextDegree(0x7F, -4, 10); m.NextDurSixteenths(); return d; }).ToArray();
        int copies = 0;
        for (int i = 0; i + Model.GuardNotes <= gen.Length; i++) if (runs.Contains(Model.GramHash(gen, i, Model.GuardNotes))) copies++;
        Assert.Equal(0, copies);
    }

    [Fact]
    public void Network_melody_moves_like_the_chorales_mostly_by_step()
    {
        var chorales = ChoraleData.Load(ChoraleData.DefaultPath(Paths.RepoRoot)).Where(c => c.Split == "test").ToList();
        double Steps(IEnumerable<int[]> lines)
        {
            long steps = 0, all = 0;
            foreach (var d in lines) for (int i = 1; i < d.Length; i++) { all++; if (Math.Abs(d[i] - d[i - 1]) <= 1) steps++; }
            return steps / (double)all;
        }
        var m = new NetworkMelody(new Rng(8));
        var gen = Enumerable.Range(0, 5000).Select(_ => { int d = m.NextDegree(0x7F, -4, 10); m.NextDurSixteenths(); return d; }).ToArray();
        var rnd = new Random(2);
        var uni = Enumerable.Range(0, 5000).Select(_ => rnd.Next(-4, 11)).ToArray();
        double sc = Steps(chorales.Select(c => c.Degrees)), sg = Steps(new[] { gen }), su = Steps(new[] { uni });
        _out.WriteLine($"share of steps (|interval| <= 1 degree): chorales {sc:F2}, network {sg:F2}, uniform {su:F2}");
        Assert.True(Math.Abs(sg - sc) < 0.12, $"network step share {sg:F2} far from the chorales' {sc:F2}");
        Assert.True(su < sc - 0.3);
    }

    [Fact]
    public void Inference_cost_is_within_the_budget_and_allocates_nothing()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var c = NetworkBudget.Run(dll);
        _out.WriteLine(NetworkBudget.Format(c));
        Assert.True(c.IlPerNote > 1000, "instrumentation counted nothing");
        Assert.True(c.IlPerSampleAtPainRate <= 2, NetworkBudget.Format(c));
        Assert.Equal(0, c.Allocations);
    }
}
