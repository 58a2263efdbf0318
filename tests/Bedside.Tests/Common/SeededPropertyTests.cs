using CsCheck;
using Xunit;

namespace Bedside.Tests.Common;

/// <summary>The seeded property runner: the same cases every run, different cases per test, a failure that names
/// its seed and replays under CsCheck.</summary>
public class SeededPropertyTests
{
    private static readonly Gen<int[]> Arrays = Gen.Int.Array[0, 20];

    private static List<string> Draw(string test, int cases, int threads = 1)
    {
        var seen = new string[cases];
        int next = 0;
        Property.Check(Arrays, a => { seen[Interlocked.Increment(ref next) - 1] = string.Join(",", a); }, cases, threads, test: test);
        return seen.ToList();
    }

    [Fact]
    public void The_same_test_draws_the_same_cases_on_every_run_and_on_any_thread_count()
    {
        var a = Draw("one", 200);
        var b = Draw("one", 200);
        Assert.Equal(a, b);
        var parallel = Draw("one", 200, threads: 4);
        Assert.Equal(a.OrderBy(x => x), parallel.OrderBy(x => x));
        int distinct = a.Distinct().Count();
        Assert.True(distinct > 180, $"the cases must differ from each other: {distinct} of 200 distinct (empty arrays repeat)");
    }

    [Fact]
    public void Different_tests_draw_different_cases()
    {
        var a = Draw("one", 50);
        var b = Draw("two", 50);
        Assert.True(a.Intersect(b).Count() < 5);
    }

    [Fact]
    public void A_failure_names_the_test_the_base_seed_the_case_and_a_CsCheck_seed_that_replays_it()
    {
        var gen = Gen.Int[0, 1000];
        var ex = Assert.Throws<PropertyFailedException>(() =>
            Property.Check(gen, v => Assert.True(v < 900, "too big"), 1000, test: "planted"));
        Assert.Contains("planted: case ", ex.Message);
        Assert.Contains($"{Property.SeedVariable}={Property.DefaultSeed}", ex.Message);
        Assert.Contains("too big", ex.Message);
        var replay = System.Text.RegularExpressions.Regex.Match(ex.Message, "CsCheck seed \"([^\"]+)\"").Groups[1].Value;
        int shown = int.Parse(System.Text.RegularExpressions.Regex.Match(ex.Message, @"replays it\): (\d+)").Groups[1].Value);
        Assert.True(shown >= 900);
        int first = -1;
        gen.Sample(v => { if (first < 0) first = v; }, seed: replay, iter: 1, threads: 1);
        Assert.Equal(shown, first);
    }

    [Fact]
    public void A_property_with_no_cases_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Property.Check(Arrays, _ => { }, 0));
    }
}
