using Bedside.Sim.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Loop;

/// <summary>
/// How far the unit's arousal index follows the simulated listener (the listener model is the yardstick):
/// per-minute means of the index and of the model's arousal after the first 4 minutes of 30-minute sessions,
/// seeds 1..10 of the falling-asleep, restless and pain-episode scenarios. Per session: Spearman rank correlation
/// of the two per-minute series, and the index's change relative to the model's (start = mean of the first two
/// scored minutes, end = mean of the last two).
/// </summary>
public class ArousalRangeTests
{
    private readonly ITestOutputHelper _out;
    public ArousalRangeTests(ITestOutputHelper o) { _out = o; }

    public const int Minutes = 30, SkipMinutes = 4;
    public static readonly ScenarioKind[] Kinds = { ScenarioKind.FallingAsleep, ScenarioKind.Restless, ScenarioKind.PainEpisode };

    public sealed record Row(ScenarioKind Kind, uint Seed, double Spearman, double IndexStart, double IndexEnd, double ModelStart, double ModelEnd, double Slope)
    {
        public double IndexChange => IndexEnd - IndexStart;
        public double ModelChange => ModelEnd - ModelStart;
        public override string ToString() =>
            $"| {ScenarioNames.Name(Kind)} {Seed} | {Spearman:0.000} | {IndexStart:0.00}→{IndexEnd:0.00} | {ModelStart:0.00}→{ModelEnd:0.00} | {(Math.Abs(ModelChange) < 1e-9 ? double.NaN : IndexChange / ModelChange):0.00} | {Slope:0.00} |";
    }

    public static Row Measure(LoopRun r)
    {
        var idx = new List<double>(); var mod = new List<double>();
        for (int m = SkipMinutes; m < r.Minutes; m++)
        {
            double si = 0, sm = 0; int n = 0;
            for (int s = m * 60; s < (m + 1) * 60 && s < r.Arousal.Count; s++)
                if (!double.IsNaN(r.Arousal[s])) { si += r.Arousal[s]; sm += r.ModelArousal[s]; n++; }
            if (n > 0) { idx.Add(si / n); mod.Add(sm / n); }
        }
        double i0 = (idx[0] + idx[1]) / 2, i1 = (idx[^1] + idx[^2]) / 2;
        double m0 = (mod[0] + mod[1]) / 2, m1 = (mod[^1] + mod[^2]) / 2;
        return new Row(r.Scenario, r.Seed, Spearman(idx, mod), i0, i1, m0, m1, Slope(mod, idx));
    }

    public static double Spearman(IList<double> a, IList<double> b)
    {
        double[] ra = Ranks(a), rb = Ranks(b);
        return Pearson(ra, rb);
    }

    private static double[] Ranks(IList<double> x)
    {
        int n = x.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => x[i]).ToArray();
        var r = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) j++;
            double rank = (i + j) / 2.0;
            for (int k = i; k <= j; k++) r[order[k]] = rank;
            i = j + 1;
        }
        return r;
    }

    private static double Pearson(IList<double> a, IList<double> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Least-squares slope of y on x (how many index units per model unit).</summary>
    private static double Slope(IList<double> x, IList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static readonly Lazy<Row[]> AllRows = new(() =>
    {
        var jobs = Kinds.SelectMany(k => Enumerable.Range(1, 10).Select(s => (k, (uint)s))).ToArray();
        var runs = new LoopRun[jobs.Length];
        Parallel.For(0, jobs.Length, i => runs[i] = LoopHarness.Get(jobs[i].k, jobs[i].Item2, Minutes));
        return runs.Select(Measure).ToArray();
    });

    /// <summary>Smallest model change for which the start→end ratio is scored (below it the ratio is noise over noise).</summary>
    public const double MinScoredModelChange = 0.15;

    [Fact]
    public void The_index_ranks_minutes_as_the_listener_model_does()
    {
        // the table (README figures) and, with LOOP_DETAIL=Kind:seed, one session's minutes
        var rows = AllRows.Value;
        Assert.Equal(30, rows.Length);
        _out.WriteLine("| scenario, seed | Spearman | index start→end | model start→end | Δindex/Δmodel | slope |");
        foreach (var r in rows) _out.WriteLine(r.ToString());
        var env = Environment.GetEnvironmentVariable("LOOP_DETAIL");
        if (env != null)
        {
            var parts = env.Split(':');
            var run = LoopHarness.Get(Enum.Parse<ScenarioKind>(parts[0]), uint.Parse(parts[1]), Minutes);
            for (int m = 0; m < Minutes; m++)
            {
                var idx = run.Arousal.Skip(m * 60).Take(60).Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Average();
                var mod = run.ModelArousal.Skip(m * 60).Take(60).Average();
                _out.WriteLine($"min {m}: index {idx:0.00} model {mod:0.00} conf {run.Confidence.Skip(m * 60).Take(60).Average():0.00} {run.State[m * 60]}");
            }
        }
        var bad = rows.Where(r => !(r.Spearman >= 0.7)).ToArray();
        Assert.True(bad.Length == 0, "Spearman < 0.7: " + string.Join("; ", bad.Select(r => r.ToString())));
    }

    [Fact]
    public void The_index_moves_by_at_least_60_percent_of_the_listeners_change()
    {
        // over the whole session: least-squares index change per unit of model change, pooled over the 30
        // sessions ≥ 0.6, and no single session below 0.5 (a session's slope carries the noise of 26 minutes)
        double pooled = AllRows.Value.Average(r => r.Slope);
        Assert.True(pooled >= 0.6, $"mean slope {pooled:0.00}");
        var flat = AllRows.Value.Where(r => !(r.Slope >= 0.5)).ToArray();
        Assert.True(flat.Length == 0, "slope < 0.5: " + string.Join("; ", flat.Select(r => r.ToString())));
        // start → end, same sign and ≥ 60 %, wherever the listener changed by at least MinScoredModelChange
        var scored = AllRows.Value.Where(r => Math.Abs(r.ModelChange) >= MinScoredModelChange).ToArray();
        Assert.True(scored.Length >= 15, $"only {scored.Length} sessions with a clear change");
        var small = scored.Where(r => !(r.IndexChange / r.ModelChange >= 0.6)).ToArray();
        Assert.True(small.Length == 0, "start→end < 60 %: " + string.Join("; ", small.Select(r => r.ToString())));
    }

    [Fact]
    public void A_restless_listener_never_enters_settled_while_their_arousal_has_been_rising()
    {
        int entries = 0;
        for (uint seed = 1; seed <= 10; seed++)
        {
            var r = LoopHarness.Get(ScenarioKind.Restless, seed, Minutes);
            for (int t = 1; t < r.State.Count; t++)
            {
                if (r.State[t] != "Settled" || r.State[t - 1] == "Settled") continue;
                entries++;
                // the model's mean over the last minute against the minute that ended 3 minutes earlier
                double now = r.ModelArousal.Skip(t - 60).Take(60).Average();
                double before = r.ModelArousal.Skip(Math.Max(0, t - 240)).Take(60).Average();
                _out.WriteLine($"seed {seed}: Settled at {t} s, model {before:0.00} → {now:0.00}");
                Assert.True(now <= before, $"seed {seed}: entered Settled at {t} s while the listener rose {before:0.00} → {now:0.00}");
                // and the listener is measurably calmer than at their own start (first 3 minutes)
                double start = r.ModelArousal.Take(180).Average();
                Assert.True(now < start - 0.05, $"seed {seed}: Settled at {t} s at model {now:0.00}, start {start:0.00}");
            }
        }
        _out.WriteLine($"{entries} Settled entries over 10 restless sessions");
    }
}
