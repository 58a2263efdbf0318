using Bedside.Host.Physio;
using Bedside.Host.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Sensing;

/// <summary>
/// Real-data evidence for the arousal index: the shared recordings with event markers (nk_bio_100hz: four image
/// stimuli, the `stim` column) replayed through the device pipeline (Grove EDA counts at 16 Hz; the recording has
/// no pulse channel, so the index is the skin-conductance part alone). Per start time t: the index "rises" when
/// its largest value within the next 10 s exceeds its value at t by at least <see cref="RiseDelta"/>. Compared:
/// the share of event onsets followed by a rise and the share of all other start times (every 0.5 s, outside
/// the 15 s after each event onset) followed by one.
/// </summary>
public class EventResponseTests
{
    private readonly ITestOutputHelper _out;
    public EventResponseTests(ITestOutputHelper o) { _out = o; }

    public const double RiseDelta = 0.03, WindowS = 10;

    public sealed record EventFigures(string Name, int Events, int EventRises, int RandomStarts, int RandomRises, double MeanEventRise, double MeanRandomRise)
    {
        public double EventShare => Events == 0 ? double.NaN : EventRises / (double)Events;
        public double RandomShare => RandomStarts == 0 ? double.NaN : RandomRises / (double)RandomStarts;
        public override string ToString() =>
            $"{Name}: index rose ≥ {RiseDelta:0.00} within {WindowS:0} s after {EventRises}/{Events} events ({EventShare:P0}) vs {RandomRises}/{RandomStarts} other times ({RandomShare:P0}); " +
            $"mean largest rise {MeanEventRise:0.000} after events vs {MeanRandomRise:0.000}";
    }

    /// <summary>The largest rise after each onset of the last <see cref="Measure"/> (for the report).</summary>
    public static string PerEvent = "";

    public static EventFigures Measure(string name)
    {
        var rec = PhysioCsv.Read(Path.Combine(Paths.Physio, name + ".csv"));
        var stim = ReadColumn(Path.Combine(Paths.Physio, name + ".csv"), "stim");
        var onsets = new List<double>();
        for (int i = 1; i < stim.Length; i++) if (stim[i] > 0.5 && stim[i - 1] <= 0.5) onsets.Add(rec.TimeS[i]);
        var r = ReplayRunner.Replay(rec, new ReplayOptions());
        var t = r.Arousal.Select(a => a.T).ToArray();
        var x = r.Arousal.Select(a => a.Confidence > 0 ? a.Arousal : double.NaN).ToArray();
        double Rise(double t0)
        {
            int i0 = Array.FindIndex(t, v => v >= t0);
            if (i0 < 0 || double.IsNaN(x[i0])) return double.NaN;
            double best = double.NegativeInfinity;
            for (int i = i0; i < t.Length && t[i] <= t0 + WindowS; i++) if (!double.IsNaN(x[i])) best = Math.Max(best, x[i] - x[i0]);
            return t[^1] < t0 + WindowS ? double.NaN : best;
        }
        var ev = onsets.Select(Rise).Where(v => !double.IsNaN(v)).ToArray();
        PerEvent = string.Join(", ", onsets.Select(o => $"{o:0.0} s: {Rise(o):+0.000;-0.000}"));
        var other = new List<double>();
        for (double s = t[0]; s < t[^1]; s += 0.5)
        {
            if (onsets.Any(o => s >= o - WindowS && s < o + 15)) continue;   // windows that would contain an event's response
            double v = Rise(s);
            if (!double.IsNaN(v)) other.Add(v);
        }
        return new EventFigures(name, ev.Length, ev.Count(v => v >= RiseDelta), other.Count, other.Count(v => v >= RiseDelta),
            ev.DefaultIfEmpty(double.NaN).Average(), other.DefaultIfEmpty(double.NaN).Average());
    }

    private static double[] ReadColumn(string path, string col)
    {
        var lines = File.ReadLines(path).ToArray();
        int c = Array.IndexOf(lines[0].Split(','), col);
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void The_index_rises_after_stimuli_more_often_than_at_other_times()
    {
        var f = Measure("nk_bio_100hz");
        _out.WriteLine(f.ToString());
        _out.WriteLine(PerEvent);
        Assert.True(f.Events >= 3, $"{f.Events} scorable events");
        // four events are weak statistics: the test holds the direction and size of the effect, not a rate
        Assert.True(f.EventShare >= 2 * f.RandomShare, f.ToString());
        Assert.True(f.MeanEventRise > 2 * f.MeanRandomRise, f.ToString());
    }
}
