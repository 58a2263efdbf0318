using Bedside.Core;
using Bedside.Core.Input;
using Xunit;

namespace Bedside.Tests.Therapy;

public class ButtonDecoderTests
{
    /// <summary>Feeds edges and ticks every 10 ms; collects gestures.</summary>
    private sealed class Driver
    {
        public readonly ButtonDecoder D = new();
        public readonly List<Gesture> Got = new();
        public long T;
        public void Edge(bool p) => D.OnEdge(p, T);
        public void Run(long ms, int tick = 10)
        {
            long end = T + ms;
            while (T < end) { T += Math.Min(tick, end - T); D.Tick(T); Drain(); }
        }
        public void Drain() { for (var g = D.Take(); g != Gesture.None; g = D.Take()) Got.Add(g); }

        /// <summary>A clean press of holdMs, with optional chatter bursts at both edges.</summary>
        public void Press(int holdMs, Rng chatter = null)
        {
            Bounce(true, chatter);
            Run(holdMs);
            Bounce(false, chatter);
        }

        /// <summary>Ends at level `final`; before that up to 8 bounces, each 1-50 ms long (raw edges only).</summary>
        private void Bounce(bool final, Rng rng)
        {
            if (rng != null)
            {
                int n = rng.Range(1, 4) * 2;
                bool level = final;
                for (int i = 0; i < n; i++)
                {
                    Edge(level); level = !level;
                    int dur = rng.Range(1, 50);
                    Run(dur, 1 + rng.Next(7));
                }
            }
            Edge(final);
        }
    }

    [Theory]
    [InlineData(1, Gesture.Press1)]
    [InlineData(2, Gesture.Press2)]
    [InlineData(3, Gesture.Press3)]
    [InlineData(5, Gesture.PressMany)]
    public void Clean_presses_are_counted(int n, Gesture expected)
    {
        var d = new Driver();
        d.Run(100);
        for (int i = 0; i < n; i++) { d.Press(120); d.Run(200); }
        d.Run(1000);
        Assert.Equal(new[] { expected }, d.Got);
    }

    [Fact]
    public void Chatter_of_1_to_50_ms_never_splits_or_adds_presses()
    {
        var rng = new Rng(7);
        for (int trial = 0; trial < 300; trial++)
        {
            var d = new Driver();
            d.Run(50);
            int n = 1 + trial % 3;
            for (int i = 0; i < n; i++) { d.Press(rng.Range(80, 400), rng); d.Run(rng.Range(120, 250)); }
            d.Run(1000);
            Assert.True(d.Got.Count == 1 && d.Got[0] == (Gesture)n, "trial " + trial + ": " + string.Join(",", d.Got));
        }
    }

    [Fact]
    public void Spikes_shorter_than_the_press_window_are_ignored()
    {
        var d = new Driver();
        for (int i = 0; i < 50; i++) { d.Edge(true); d.Run(1 + i % 15, 1); d.Edge(false); d.Run(300); }
        d.Run(1000);
        Assert.Empty(d.Got);
    }

    [Fact]
    public void Holds_fire_while_held_and_are_not_presses()
    {
        var d = new Driver();
        d.Edge(true);
        d.Run(1400);
        Assert.Empty(d.Got);
        d.Run(200);
        Assert.Equal(new[] { Gesture.Hold }, d.Got);
        d.Run(2500);
        Assert.Equal(new[] { Gesture.Hold, Gesture.LongHold }, d.Got);
        d.Edge(false);
        d.Run(1000);
        Assert.Equal(2, d.Got.Count);
    }

    [Fact]
    public void Stuck_button_is_ignored_logged_and_recovers_on_release()
    {
        var d = new Driver();
        d.Edge(true);
        d.Run(ButtonDecoder.StuckMs + 100);
        Assert.Equal(Gesture.StuckDetected, d.Got[^1]);
        Assert.True(d.D.IsStuck);
        Assert.False(d.D.IsPressed);
        int before = d.Got.Count;
        d.Run(60000, 50); // stays stuck: nothing more
        Assert.Equal(before, d.Got.Count);
        d.Edge(false);
        d.Run(200);
        Assert.Equal(Gesture.StuckCleared, d.Got[^1]);
        Assert.False(d.D.IsStuck);
        d.Press(100); d.Run(600);
        Assert.Equal(Gesture.Press1, d.Got[^1]);
    }

    [Fact]
    public void Irregular_ticks_and_backwards_time_do_not_change_the_result()
    {
        var d = new ButtonDecoder();
        var got = new List<Gesture>();
        d.OnEdge(true, 1000);
        d.OnEdge(false, 1150);
        d.OnEdge(true, 1150);
        d.OnEdge(false, 1160); // 10 ms blip: ignored by the 20 ms press window
        d.Tick(3000);          // one late tick settles everything
        for (var g = d.Take(); g != Gesture.None; g = d.Take()) got.Add(g);
        Assert.Equal(new[] { Gesture.Press1 }, got);

        // the clock jumps back 1 h: the button keeps working with the new time base
        got.Clear();
        d.Tick(-3_600_000);
        d.OnEdge(true, -3_599_000); d.Tick(-3_598_950); d.OnEdge(false, -3_598_880); d.Tick(-3_598_000);
        for (var g = d.Take(); g != Gesture.None; g = d.Take()) got.Add(g);
        Assert.Equal(new[] { Gesture.Press1 }, got);
    }

    [Fact]
    public void Random_edges_never_throw_and_queue_stays_bounded()
    {
        var rng = new Rng(99);
        var d = new ButtonDecoder();
        long t = 0;
        int taken = 0;
        for (int i = 0; i < 200000; i++)
        {
            t += rng.Range(-5, 300);
            if (rng.Next(2) == 0) d.OnEdge(rng.Next(2) == 0, t); else d.Tick(t);
            if (rng.Next(50) == 0) for (var g = d.Take(); g != Gesture.None; g = d.Take()) { taken++; Assert.True(taken < 1_000_000); }
        }
        Assert.True(taken > 0);
    }
}
