using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Tests.Therapy;
using Xunit;
using static Bedside.Core.Therapy.TherapyState;

namespace Bedside.Tests.Loop;

/// <summary>
/// Settled relative to the listener's attune level (TherapyStateMachine class notes): S = min(A − 0.15, 0.40),
/// entry after 3 min of the slow arousal ≤ S at the floor, exit after 60 s above S + 0.10.
/// </summary>
public class RelativeSettleTests
{
    private const int Q = 32768;
    private static int Qf(double x) => (int)(x * Q);

    /// <summary>Arousal a0 for the first 3 minutes (attune), then a glide to a1 over 5 minutes, then a1.</summary>
    private static Rig Session(double a0, double a1, double minutes, Func<double, double> after = null)
    {
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 120 }) { NoiseQ15 = 600 };
        r.Arousal = t =>
        {
            double m = (t - r.StartT) / 60000.0;
            if (after != null && m >= 20) return Qf(after(m));
            if (m < 3) return Qf(a0);
            if (m < 8) return Qf(a0 + (a1 - a0) * (m - 3) / 5);
            return Qf(a1);
        };
        r.Run(1000);
        r.Start();
        r.RunMinutes(minutes);
        return r;
    }

    [Fact]
    public void A_clear_fall_from_the_attune_level_settles_although_it_stays_above_the_old_absolute_030()
    {
        var r = Session(0.50, 0.33, 20);
        Assert.InRange(r.C.Machine.AttuneLevelQ15, Qf(0.47), Qf(0.53));
        Assert.InRange(r.C.Machine.SettleThresholdQ15, Qf(0.32), Qf(0.38));
        Assert.Contains(Settled, r.StatesReached());
    }

    [Fact]
    public void A_short_rise_during_the_entry_dwell_restarts_it_even_when_the_slow_arousal_stays_below()
    {
        long Entry(double spikeAtMin)
        {
            var r = new Rig(new DeviceSettings { SleepTimerMinutes = 120 }) { NoiseQ15 = 600 };
            r.Arousal = t =>
            {
                double m = (t - r.StartT) / 60000.0;
                if (m >= spikeAtMin && m < spikeAtMin + 0.5) return Qf(0.47);   // 30 s: a restless kick
                if (m < 3) return Qf(0.50);
                if (m < 8) return Qf(0.50 - 0.25 * (m - 3) / 5);
                return Qf(0.25);
            };
            r.Run(1000); r.Start(); r.RunMinutes(30);
            return r.StatesReached().Contains(Settled) ? r.Entered(Settled) - r.StartT : -1;
        }
        long calm = Entry(1000);
        Assert.True(calm > 0);
        double spike = calm / 60000.0 - 1.0;                 // one minute before the calm session's entry
        long kicked = Entry(spike);
        Assert.True(kicked >= (long)((spike + 0.5) * 60000) + TherapyStateMachine.SettleEnterMs - 2000,
            $"calm entry {calm / 60000.0:0.00} min, kick at {spike:0.00} min, entry {kicked / 60000.0:0.00} min");
    }

    [Fact]
    public void A_small_fall_does_not_settle()
    {
        var r = Session(0.50, 0.40, 25);
        Assert.DoesNotContain(Settled, r.StatesReached());
    }

    [Fact]
    public void A_high_arousal_listener_must_still_come_down_to_the_ceiling()
    {
        // attuned at 0.85: 0.15 below would be 0.70 — the ceiling 0.40 applies
        var r = Session(0.85, 0.60, 25);
        Assert.Equal(TherapyStateMachine.SettledCeilingQ15, r.C.Machine.SettleThresholdQ15);
        Assert.DoesNotContain(Settled, r.StatesReached());
    }

    [Fact]
    public void A_dip_shorter_than_the_entry_dwell_does_not_settle()
    {
        // at the floor by ~12 min; arousal 0.50 except a 2-minute dip to 0.20 at minute 16
        var r = new Rig(new DeviceSettings { SleepTimerMinutes = 120 }) { NoiseQ15 = 600 };
        r.Arousal = t => { double m = (t - r.StartT) / 60000.0; return Qf(m >= 16 && m < 18 ? 0.20 : 0.50); };
        r.Run(1000); r.Start(); r.RunMinutes(25);
        Assert.DoesNotContain(Settled, r.StatesReached());
    }

    [Fact]
    public void Leaving_settled_needs_the_exit_hysteresis_for_a_minute()
    {
        // settle (0.50 → 0.25), then 0.40 from minute 20 (S + 0.05: stays), then 0.55 from minute 30 (S + 0.20: leaves)
        var r = Session(0.50, 0.25, 35, m => m < 30 ? 0.40 : 0.55);
        var states = r.StatesReached();
        int iSettled = states.IndexOf(Settled);
        Assert.True(iSettled > 0);
        long settledAt = r.Entered(Settled) - r.StartT;
        Assert.True(settledAt < 20 * 60000L, "settled at " + settledAt);
        Assert.Equal(Guide, states[iSettled + 1]);
        long left = r.C.Trace.TimeMsAt(iSettled + 1) - r.StartT;
        Assert.InRange(left, 30 * 60000L + 60000, 30 * 60000L + 150000);
        Assert.Equal(TransitionReason.ArousalRose, r.C.Trace.ReasonAt(iSettled + 1));
    }
}

public class AnchoredBaselineTests
{
    private static void Steps(ArousalEstimator a, int n, int hrCenti, int rmssd) { for (int i = 0; i < n; i++) a.Step(true, hrCenti, 100, rmssd, false, 0, 0); }

    [Fact]
    public void A_slow_decline_is_not_erased_by_the_baseline()
    {
        var a = new ArousalEstimator();
        Steps(a, 720, 8000, 30);                         // learn 80 bpm
        int start = a.ArousalQ15;
        // decline to 70 bpm over 20 min, then stay 40 min
        for (int i = 0; i < 4800; i++) a.Step(true, 8000 - 1000 * i / 4800, 100, 30 + 20 * i / 4800, false, 0, 0);
        Steps(a, 9600, 7000, 50);
        Assert.InRange(a.HrBaselineCentiBpm, 7500, 8000); // drifted at most 5 bpm
        Assert.True(a.ArousalQ15 < start - 4000, $"{start} → {a.ArousalQ15}"); // a τ 10 min baseline would be back at ≈ start
    }

    [Fact]
    public void A_sustained_rise_is_not_absorbed_by_the_baseline()
    {
        var a = new ArousalEstimator();
        Steps(a, 720, 7000, 40);
        int start = a.ArousalQ15;
        Steps(a, 14400, 9000, 20);                        // an hour at +20 bpm (pain)
        Assert.InRange(a.HrBaselineCentiBpm, 7000, 7500);
        Assert.True(a.ArousalQ15 > start + 8000, $"{start} → {a.ArousalQ15}");
    }

    [Fact]
    public void The_scr_rate_scores_against_the_listeners_own_rate_with_a_floor()
    {
        var busy = new ArousalEstimator(); var quiet = new ArousalEstimator();
        for (int i = 0; i < 720; i++) { busy.Step(false, 0, 0, 0, true, 5000, 600); quiet.Step(false, 0, 0, 0, true, 5000, 0); }
        for (int i = 0; i < 240; i++) { busy.Step(false, 0, 0, 0, true, 5000, 300); quiet.Step(false, 0, 0, 0, true, 5000, 300); }
        // 3/min is half of the busy listener's usual 6/min (below 0.5), but 2× the floor for the quiet one (above 0.5)
        Assert.True(busy.ArousalQ15 < quiet.ArousalQ15 - 2000, $"busy {busy.ArousalQ15}, quiet {quiet.ArousalQ15}");
    }
}
