using System.Reflection;
using Bedside.Budget;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Audio;

/// <summary>
/// Why the engine has no reverb in its output path, measured with the budget meter: the cheapest space the core has,
/// one feedback comb (<c>FeedbackDelay</c>, the tested building block), run on every output sample next to the
/// engine's own work, against the audio thread's limit (60 IL/sample at 16 kHz).
/// </summary>
public class SpaceCostTests
{
    private readonly ITestOutputHelper _out;
    public SpaceCostTests(ITestOutputHelper o) { _out = o; }

    /// <summary>The demo score driving the engine, plus one FeedbackDelay pass over a block of samples per tick (the
    /// meter renders 512-sample blocks and ticks before each, so the comb processes exactly one value per output sample).</summary>
    public sealed class CombDriver
    {
        private readonly Action<long> _inner;
        private readonly Action<int[], int, int> _process;
        private readonly int[] _buf = new int[512];

        public CombDriver(Assembly core, object engine, int program, uint seed)
        {
            object inner = BudgetMeter.DemoScoreFactory(core, engine, program, seed);
            _inner = (Action<long>)Delegate.CreateDelegate(typeof(Action<long>), inner, inner.GetType().GetMethod("Tick", new[] { typeof(long) })!);
            var t = core.GetType("Bedside.Core.Audio.FeedbackDelay", true)!;
            object comb = Activator.CreateInstance(t, 1187)!; // ≈ 74 ms at 16 kHz: one comb of a small room
            t.GetMethod("SetFeedback")!.Invoke(comb, new object[] { 22938 });
            t.GetMethod("SetMix")!.Invoke(comb, new object[] { 9830 });
            _process = (Action<int[], int, int>)Delegate.CreateDelegate(typeof(Action<int[], int, int>), comb, t.GetMethod("Process")!);
            for (int i = 0; i < _buf.Length; i++) _buf[i] = (i * 7919) % 4001 - 2000; // a busy input: every branch taken as in music
        }

        public void Tick(long nowMs) { _inner(nowMs); _process(_buf, 0, _buf.Length); }
    }

    [Fact]
    public void One_feedback_comb_on_every_output_sample_does_not_fit_the_budget()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var plain = BudgetMeter.Run(dll, new[] { 16000 }, seconds: 20);
        var comb = BudgetMeter.Run(dll, new[] { 16000 }, seconds: 20, driver: (core, engine, program, seed) => new CombDriver(core, engine, program, seed));
        var limits = new BudgetLimits();
        for (int p = 0; p < plain.Count; p++)
        {
            double d = comb[p].IlPerSample - plain[p].IlPerSample;
            _out.WriteLine($"{plain[p].Program}: engine {plain[p].IlPerSample:F2} IL/sample, with one comb {comb[p].IlPerSample:F2} (+{d:F2}); " +
                           $"calls/sample {plain[p].CallsPerSample:F4} → {comb[p].CallsPerSample:F4}; allocations {comb[p].AllocationsAfterWarmup}");
            Assert.Equal(0, comb[p].AllocationsAfterWarmup);
            // the comb's own cost per sample, whatever the program (its loop has no data-dependent work but the clamps)
            Assert.InRange(d, 30, 120);
        }
        double worstPlain = plain.Max(r => r.IlPerSample), worstComb = comb.Max(r => r.IlPerSample);
        _out.WriteLine($"worst: engine alone {worstPlain:F2}, with one comb {worstComb:F2} IL/sample (limit {limits.MaxIlPerSample})");
        Assert.True(worstComb > limits.MaxIlPerSample, $"one comb fits ({worstComb:F2} IL/sample): the space decision in the Audio README should be revisited");
    }
}
