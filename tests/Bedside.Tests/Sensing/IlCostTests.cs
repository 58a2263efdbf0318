using Bedside.Budget;
using Bedside.Host.Physio;
using Bedside.Host.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Sensing;

/// <summary>
/// The sensor thread's cost target (≤ 300 IL per PPG and per EDA sample, 0 allocations) measured with the budget
/// meter (tools/Bedside.Budget, which runs the core's SensorLoop over virtual sensors): IL instructions the sensing core
/// executes per PPG and per EDA sample on real recordings mapped to device counts (icu_mixedsignals PPG at 125 Hz,
/// nk_bio_100hz EDA at 16 Hz), in a Cecil-instrumented Release build; 0 allocations.
/// </summary>
public class IlCostTests
{
    private readonly ITestOutputHelper _out;
    public IlCostTests(ITestOutputHelper o) { _out = o; }

    private static int[] Resample(double[] t, double[] v, int rateHz, int seconds, Func<double, int> map)
    {
        var r = new int[seconds * rateHz];
        int j = 0;
        for (int i = 0; i < r.Length; i++)
        {
            double ts = i / (double)rateHz;
            while (j + 1 < t.Length && t[j + 1] <= ts) j++;
            r[i] = map(v[j]);
        }
        return r;
    }

    [Fact]
    public void Per_sample_cost_is_within_300_IL_instructions()
    {
        string dll = BudgetMeter.BuildReleaseCore(Paths.RepoRoot);
        var ppg = PhysioCsv.Read(Path.Combine(Paths.Physio, "icu_mixedsignals.csv"));
        var eda = PhysioCsv.Read(Path.Combine(Paths.Physio, "nk_bio_100hz.csv"));
        var map = SensorMapping.PpgToAdc12(ppg.Ppg);
        int[] ppgCounts = Resample(ppg.TimeS, ppg.Ppg, 125, 120, x => map(x));
        int[] edaCounts = Resample(eda.TimeS, eda.EdaMicroSiemens, 16, 120, x => SensorMapping.EdaToGrove(x));
        var c = BudgetMeter.RunSensing(dll, ppgCounts, 125, edaCounts, 16);
        _out.WriteLine($"IL per PPG sample {c.IlPerPpgSample:0.0}, per EDA sample {c.IlPerEdaSample:0.0}, per Update {c.IlPerUpdate:0.0}, sensor loop per reading {c.LoopIlPerReading:0.0}, allocations {c.Allocations}");
        Assert.True(c.IlPerPpgSample <= 300, $"PPG {c.IlPerPpgSample:0.0} IL per sample");
        Assert.True(c.IlPerEdaSample <= 300, $"EDA {c.IlPerEdaSample:0.0} IL per sample");
        Assert.Equal(0, c.Allocations);
        Assert.True(c.IlPerPpgSample > 20 && c.IlPerUpdate > 50, "the meter really counts");
        Assert.True(c.LoopIlPerReading > 20, "the readings went through the core's SensorLoop");
    }
}
