using Bedside.Core.Session;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Loop;

/// <summary>
/// The whole closed loop (simulated listener → raw sensor streams → SensingHub → therapy → composer → engine →
/// heard music → listener) on the simulator's scenarios, 30-minute sessions, seeds 1..5. Each session takes
/// well under a second; sessions are memoised so the assertions on one session share one run.
/// </summary>
public class ClosedLoopScenarioTests
{
    private readonly ITestOutputHelper _out;
    public ClosedLoopScenarioTests(ITestOutputHelper o) { _out = o; }
    private const int Minutes = 30;
    private const double FloorBpm = 48.0;

    [Theory]
    [InlineData(1u)] [InlineData(2u)] [InlineData(3u)] [InlineData(4u)] [InlineData(5u)]
    public void Falling_asleep_reaches_settled(uint seed)
    {
        var r = LoopHarness.Get(ScenarioKind.FallingAsleep, seed, Minutes);
        _out.WriteLine(r.Summary());
        Assert.True(r.Entered("Settled"), "never settled: " + r.Summary());
        int settle = r.FirstSecondIn("Settled");
        _out.WriteLine($"seed {seed}: Settled after {settle / 60.0:0.00} min");
        Assert.True(r.TempoBpm[settle] <= FloorBpm + 0.5, "settled before the music reached its floor");
        // the README's figure for these seeds: Settled after 14.5-16.1 minutes (rounded to 0.1 min)
        Assert.InRange(settle / 60.0, 14.45, 16.15);
        Assert.False(r.Entered("SensorLost"));
        // the estimate falls with the listener: last 5 minutes below minutes 2..4
        double early = r.Arousal.Skip(120).Take(120).Where(x => !double.IsNaN(x)).Average();
        double late = r.Arousal.Skip(r.Arousal.Count - 300).Where(x => !double.IsNaN(x)).Average();
        // (the index is relative to the listener's own start, so it spans less than the model's absolute a)
        Assert.True(late < early - 0.05, $"estimate {early:0.00} → {late:0.00}");
        // detected SCR rate within a factor of the model's generation rate (no noise-made responses)
        var (det, model) = r.ScrRates();
        Assert.InRange(det, 0.5 * model, 1.2 * model);
    }

    [Fact]
    public void Restless_holds_and_eases_back_and_settles_later_than_falling_asleep()
    {
        int settledSeeds = 0, easeBackSeeds = 0;
        double restlessSettledMin = 0, asleepSettledMin = 0;
        for (uint seed = 1; seed <= 5; seed++)
        {
            var r = LoopHarness.Get(ScenarioKind.Restless, seed, Minutes);
            _out.WriteLine(r.Summary());
            if (r.Entered("Settled")) settledSeeds++;
            restlessSettledMin += r.MinutesIn("Settled");
            var asleep = LoopHarness.Get(ScenarioKind.FallingAsleep, seed, Minutes);
            asleepSettledMin += asleep.MinutesIn("Settled");
            // the same listener made restless is led down more slowly: it settles at least a minute later, or not at all
            if (r.Entered("Settled"))
                Assert.True(r.FirstSecondIn("Settled") >= asleep.FirstSecondIn("Settled") + 60,
                    $"seed {seed}: restless settled at {r.FirstSecondIn("Settled")} s, falling-asleep at {asleep.FirstSecondIn("Settled")} s");
            // hold: in Guide, above the floor, tempo unchanged for 30 s (descent is 2 BPM/min, so 30 s of
            // descent would move it by 1 BPM)
            bool hold = false, ease = false;
            for (int i = 30; i < r.State.Count; i++)
            {
                bool guide = true;
                for (int k = i - 30; k <= i && guide; k++) guide = r.State[k] == "Guide";
                if (!guide) continue;
                double d = r.TempoBpm[i] - r.TempoBpm[i - 30];
                if (r.TempoBpm[i] > FloorBpm + 1 && Math.Abs(d) < 0.05) hold = true;
                if (d >= 0.3) ease = true;
            }
            Assert.True(hold, $"seed {seed}: Guide never held while arousal rose");
            if (ease) easeBackSeeds++;
            // never chases: sedative range, and any rise is at most the ease-back rate (≤ 1 BPM/min + rounding)
            for (int i = 60; i < r.State.Count; i++) Assert.True(r.TempoBpm[i] - r.TempoBpm[i - 60] <= 1.05, $"seed {seed} t {i}: tempo rose faster than 1 BPM/min");
            Assert.All(r.TempoBpm, t => Assert.InRange(t, 48, 80));
        }
        _out.WriteLine($"settled seeds {settledSeeds}/5, ease-back seeds {easeBackSeeds}/5, settled minutes restless {restlessSettledMin:0.0} vs falling-asleep {asleepSettledMin:0.0}");
        Assert.True(easeBackSeeds >= 3, $"ease-back in {easeBackSeeds}/5 sessions");
        Assert.True(restlessSettledMin < 0.5 * asleepSettledMin, $"restless settled {restlessSettledMin:0.0} min vs {asleepSettledMin:0.0}");
    }

    [Theory]
    [InlineData(1u)] [InlineData(2u)] [InlineData(3u)] [InlineData(4u)] [InlineData(5u)]
    public void Pain_episode_engages_and_sustains(uint seed)
    {
        var r = LoopHarness.Get(ScenarioKind.PainEpisode, seed, Minutes);
        _out.WriteLine(r.Summary());
        _out.WriteLine(string.Join(" ", r.Trace));
        Assert.Equal("Engage", r.State.First(s => s != "FadeIn"));
        Assert.DoesNotContain(r.State, s => s is "Attune" or "Guide" or "Settled" or "SensorLost");
        // calm enough before the pain → Sustain; the pain (from 35 % of the session) → Engage again; after it → Sustain
        double painStartS = 0.35 * Minutes * 60, painEndS = painStartS + 0.25 * Minutes * 60;
        int firstSustain = r.FirstSecondIn("Sustain");
        Assert.InRange(firstSustain, 180, (int)painStartS);
        int reEngage = Enumerable.Range(firstSustain, r.State.Count - firstSustain).FirstOrDefault(i => r.State[i] == "Engage", -1);
        Assert.InRange(reEngage, (int)painStartS, (int)painStartS + 180);
        Assert.Contains(r.Trace, l => l.EndsWith(",Engage,ArousalSpike"));
        Assert.Equal("Sustain", r.State[^1]);
        int backToSustain = Enumerable.Range(reEngage, r.State.Count - reEngage).First(i => r.State[i] == "Sustain");
        Assert.True(backToSustain > painEndS - 60, $"left Engage at {backToSustain} s, pain until {painEndS} s");
    }

    [Theory]
    [InlineData(1u)] [InlineData(2u)] [InlineData(3u)] [InlineData(4u)] [InlineData(5u)]
    public void Sensor_detach_goes_open_loop_logs_it_and_recovers(uint seed)
    {
        var r = LoopHarness.Get(ScenarioKind.SensorDetach, seed, Minutes);
        _out.WriteLine(r.Summary());
        _out.WriteLine(string.Join(" ", r.Trace));
        int bothOff = (int)(0.45 * Minutes * 60), ppgBack = (int)(0.55 * Minutes * 60);
        int lost = r.FirstSecondIn("SensorLost");
        // one sensor alone missing keeps the loop closed (lower confidence); both missing → open loop within a minute
        Assert.InRange(lost, bothOff, bothOff + 60);
        Assert.Equal(0, r.LogHeaderFlags & LogHeaderFlags.OpenLoop ^ LogHeaderFlags.OpenLoop);
        Assert.True(r.LoggedOpenLoop[lost / 60], "the log's minute record does not say open-loop");
        Assert.False(r.LoggedOpenLoop[2], "open-loop flagged while both sensors were fine");
        // recovers once the pulse is back (EDA still off): closed loop again within 2 minutes, and continues
        int back = Enumerable.Range(lost, r.State.Count - lost).First(i => r.State[i] != "SensorLost");
        Assert.InRange(back, ppgBack, ppgBack + 120);
        Assert.Contains(r.State[back], new[] { "Guide", "Attune" });
        // After that the loop stays closed unless the script disturbs the one sensor still attached. The listener
        // turns over now and then (2-6 s of motion artefact on the finger sensor); with the EDA electrodes still off
        // (until 70 % of the session) a long, strong turn-over can keep the pulse quality below the valid level for
        // more than the 10 s the state machine waits (LostAfterMs): quality is the share of normal intervals among the
        // last 16 beats, so the artefact's intervals weigh on it for several seconds after the finger is still again.
        // Opening the loop then is the documented behaviour (no usable reading for 10 s). So every later loss must
        // come while EDA is still off, within 35 s of a movement (6 s of motion + 16 beats at 60 bpm + 10 s), and
        // recover like the first.
        int edaBack = (int)(0.70 * Minutes * 60);
        for (int i = back + 1; i < r.State.Count; i++)
        {
            if (r.State[i] != "SensorLost" || r.State[i - 1] == "SensorLost") continue;
            Assert.True(i < edaBack, $"open loop again at {i} s with both sensors attached");
            Assert.True(r.Moving.Skip(i - 35).Take(36).Any(m => m), $"open loop again at {i} s without a movement before it");
            int again = Enumerable.Range(i, r.State.Count - i).FirstOrDefault(k => r.State[k] != "SensorLost", -1);
            Assert.InRange(again, i + 1, i + 120);
            _out.WriteLine($"open loop again at {i} s after a movement (EDA still off), closed again at {again} s");
        }
        // the open-loop descent never raised the music
        for (int i = lost + 1; i < back; i++) Assert.True(r.TempoBpm[i] <= r.TempoBpm[i - 1] + 1e-9);
    }

    [Theory]
    [InlineData(1u)] [InlineData(2u)] [InlineData(3u)] [InlineData(4u)] [InlineData(5u)]
    public void No_sensors_runs_open_loop_from_the_start(uint seed)
    {
        var r = LoopHarness.Get(ScenarioKind.NoSensors, seed, Minutes);
        _out.WriteLine(r.Summary());
        int lost = r.FirstSecondIn("SensorLost");
        Assert.InRange(lost, 1, 45);
        Assert.All(r.State.Skip(lost), s => Assert.Equal("SensorLost", s));
        Assert.All(r.Confidence, c => Assert.Equal(0, c));
        Assert.NotEqual(0, r.LogHeaderFlags & LogHeaderFlags.OpenLoop);
        Assert.All(r.LoggedOpenLoop, f => Assert.True(f));
        // descent on time alone: monotone, bounded (≤ 2 BPM/min), reaches the floor
        for (int i = lost + 1; i < r.TempoBpm.Count; i++) Assert.True(r.TempoBpm[i] <= r.TempoBpm[i - 1] + 1e-9);
        for (int i = 60; i < r.TempoBpm.Count; i++) Assert.True(r.TempoBpm[i - 60] - r.TempoBpm[i] <= 2.05);
        Assert.True(r.TempoBpm[^1] <= FloorBpm + 0.5);
    }

    [Fact]
    public void Harness_runs_the_same_loop_as_the_simulator_command()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bedside-loop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var o = new SessionOptions { Minutes = 6, Scenario = ScenarioKind.SensorDetach, Seed = 3 };
            SessionRunner.Run(o, dir, null);
            var cli = File.ReadAllLines(Path.Combine(dir, SessionRunner.TraceName)).Skip(1).ToArray();
            var mine = LoopHarness.Run(ScenarioKind.SensorDetach, 3, 6);
            Assert.Equal(cli, mine.Trace);
            var tl = File.ReadAllLines(Path.Combine(dir, SessionRunner.TimelineName)).Skip(1).Select(l => l.Split(',')[2]).ToArray();
            Assert.Equal(tl, mine.State);
        }
        finally { Directory.Delete(dir, true); }
    }
}
