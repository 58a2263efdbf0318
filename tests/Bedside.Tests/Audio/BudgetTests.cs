using Bedside.Budget;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Audio;

/// <summary>
/// The budget meter's limits as a CI check (audio thread: ≤ 60 IL/sample worst, 0 allocations after warm-up). The CLI default is 10 simulated minutes per program and rate;
/// this test simulates 60 s per program at 16 kHz and 22.05 kHz (2 s warm-up) to keep the suite fast.
/// </summary>
public class BudgetTests
{
    private readonly ITestOutputHelper _out;
    public BudgetTests(ITestOutputHelper o) { _out = o; }

    [Fact]
    public void Engine_with_demo_scores_meets_the_budget()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var rows = BudgetMeter.Run(dll, new[] { 16000, 22050 }, seconds: 60);
        _out.WriteLine(BudgetMeter.Format(rows));
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.True(r.IlPerSample > 5, "instrumentation counted nothing"));
        var bad = BudgetMeter.Check(rows, new BudgetLimits());
        Assert.True(bad.Count == 0, string.Join("\n", bad) + "\n" + BudgetMeter.Format(rows));
    }

    /// <summary>
    /// The device's audio thread as it really runs: the core's AudioLoop driving BedsideUnit (therapy + composer
    /// driving the engine, a control tick every 50 ms of audio) rendering each program. Same limits for IL, calls and allocations; the 96 KB
    /// memory target is the engine's (checked above), the whole unit's init bytes are reported.
    /// </summary>
    [Fact]
    public void Audio_thread_with_the_composer_driving_meets_the_budget()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var rows = BudgetMeter.RunUnit(dll, new[] { 16000, 22050 }, seconds: 120);
        _out.WriteLine(BudgetMeter.Format(rows));
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.True(r.IlPerSample > 5, "instrumentation counted nothing"));
        // the steps run the core's AudioLoop: its own code (pacing, block split, gate) is counted apart, and it is small
        Assert.All(rows, r => Assert.InRange(r.LoopIlPerSample, 0.05, 5));
        var bad = BudgetMeter.Check(rows, new BudgetLimits(), checkBytes: false);
        Assert.True(bad.Count == 0, string.Join("\n", bad) + "\n" + BudgetMeter.Format(rows));
    }

    /// <summary>
    /// The profile (--profile) splits the same count by method: the self IL of every method adds up to the meter's total
    /// (the unit's IL plus the loop's own) for the same run, and the output stage's per-sample loop is where most of it goes.
    /// </summary>
    [Fact]
    public void Profile_by_method_adds_up_to_the_meters_total()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        const int pain = 2;
        var total = BudgetMeter.RunUnit(dll, new[] { 16000 }, seconds: 20).Single(r => r.Program == "Pain");
        var profile = BudgetMeter.ProfileUnit(dll, pain, 16000, 20);
        double sum = profile.Sum(r => r.IlPerSample);
        foreach (var (m, il) in profile.Take(8)) _out.WriteLine($"{il,7:F2}  {m}");
        _out.WriteLine($"sum {sum:F4}, meter {total.IlPerSample + total.LoopIlPerSample:F4}");
        Assert.Equal(total.IlPerSample + total.LoopIlPerSample, sum, 6);
        Assert.Equal("Bedside.Core.Audio.AudioEngine::Mix", profile[0].Method);
        Assert.True(profile[0].IlPerSample > sum / 2, $"the mixer {profile[0].IlPerSample:F2} of {sum:F2}");
        Assert.Contains(profile, r => r.Method == "Bedside.Core.Composer.GruNetwork::Step");
    }

    [Fact]
    public void Meter_counts_allocations_and_calls()
    {
        // a driver that runs allocating core code (the engine's constructor: its newarr) on every tick must be caught
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var rows = BudgetMeter.Run(dll, new[] { 16000 }, seconds: 4, warmupSeconds: 1, driver: (core, engine, program, seed) =>
            new AllocatingDriver(core.GetType("Bedside.Core.Audio.AudioEngine", true)));
        // 3 s after warm-up in 512-sample blocks = 94 ticks, each constructing an engine (dozens of arrays)
        Assert.All(rows, r => Assert.True(r.AllocationsAfterWarmup >= 94 * 20, $"{r.Program}: {r.AllocationsAfterWarmup}"));
        Assert.All(rows, r => Assert.True(r.CallsPerSample > 0.01, $"{r.Program}: {r.CallsPerSample}"));
        Assert.All(rows, r => Assert.True(r.InitBytes > 60_000, $"{r.Program}: {r.InitBytes}"));
    }

    public sealed class AllocatingDriver
    {
        private readonly Type _engine;
        public AllocatingDriver(Type engine) { _engine = engine; }
        public void Tick(long nowMs) { Activator.CreateInstance(_engine); }
    }
}
