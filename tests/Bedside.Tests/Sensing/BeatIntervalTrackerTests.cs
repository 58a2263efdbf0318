using Bedside.Core.Sensing;
using Xunit;

namespace Bedside.Tests.Sensing;

public class BeatIntervalTrackerTests
{
    [Fact]
    public void Displayed_interval_is_median_and_rmssd_is_exact()
    {
        var t = new BeatIntervalTracker();
        int[] ibis = { 800, 820, 790, 810, 805, 815, 795, 800, 830, 790, 810, 800, 820, 805, 795, 810, 800, 815, 790, 805, 800, 810, 820, 795 };
        long time = 1000000; t.OnBeat(time, 1);
        foreach (var i in ibis) { time += i * 1000L; t.OnBeat(time, 1); }
        // all intervals are within 20 % of each other: all normal
        double sumSq = 0; for (int i = 1; i < ibis.Length; i++) sumSq += Math.Pow(ibis[i] - ibis[i - 1], 2);
        t.Update(time);
        Assert.Equal((int)Math.Floor(Math.Sqrt(sumSq / (ibis.Length - 1))), t.RmssdMs);
        var last7 = ibis.Skip(ibis.Length - 7).OrderBy(x => x).ToArray();
        Assert.Equal(last7[3], t.DisplayedIbiMs);
        Assert.Equal(100, t.QualityAt(time));
        // after 61 s without beats the RMSSD window is empty and quality is 0
        t.Update(time + 61000000);
        Assert.Equal(0, t.RmssdMs);
        Assert.Equal(0, t.QualityAt(time + 61000000));
    }

    [Fact]
    public void Ectopic_beat_is_excluded_from_rmssd_and_lowers_quality()
    {
        var t = new BeatIntervalTracker();
        long time = 0; t.OnBeat(time, 1);
        for (int k = 0; k < 30; k++)
        {
            int ibi = k == 15 ? 500 : (k == 16 ? 1100 : 800 + (k % 2) * 20);
            time += ibi * 1000L; t.OnBeat(time, 1);
            if (k == 15) Assert.False(t.LastIbiNormal);
        }
        t.Update(time);
        Assert.Equal(20, t.RmssdMs);      // only the alternating 800/820 pairs count
        Assert.Equal(14 * 100 / 16, t.QualityAt(time));   // 2 of the last 16 intervals were odd
        Assert.InRange(t.DisplayedIbiMs, 800, 820);
    }

    [Fact]
    public void Implausible_intervals_and_segment_breaks_are_not_joined()
    {
        var t = new BeatIntervalTracker();
        t.OnBeat(0, 1); t.OnBeat(200000, 1);          // 200 ms: implausible
        Assert.Equal(0, t.IntervalsSinceReset);
        t.OnBeat(1000000, 2);                          // new segment: no interval across it
        Assert.Equal(0, t.IntervalsSinceReset);
        t.OnBeat(1800000, 2);
        Assert.Equal(1, t.IntervalsSinceReset);
        t.OnBeat(1700000, 2);                          // backwards: ignored
        Assert.Equal(1, t.IntervalsSinceReset);
    }

    [Fact]
    public void Integer_helpers()
    {
        foreach (long v in new long[] { 0, 1, 2, 3, 4, 15, 16, 17, 1000000, 999999999999, long.MaxValue })
        {
            long r = SensingMath.SqrtFloor(v);
            Assert.True(r * r <= v && (r + 1) * (r + 1) > v || (r == 3037000499 && v == long.MaxValue), $"sqrt {v} = {r}");
        }
        Assert.Equal(0, SensingMath.SqrtFloor(-5));
        var ring = new[] { 5, 1, 9, 3, 7 }; var scratch = new int[5];
        Assert.Equal(5, SensingMath.MedianOfNewest(ring, 5, 5, scratch));
        Assert.Equal(5, SensingMath.MedianOfNewest(ring, 5, 2, scratch)); // newest two: 7 and 3
    }
}
