using Bedside.Core.Drivers;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Sensing;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The device audio loop (Program.AudioLoop) run against a virtual clock: the real BedsideUnit, AudioPacer and
/// AmpGate, the same block/tick split and the same amplifier decisions. Checks that every non-zero sample plays
/// while the amplifier is on (the mute never cuts sound), that it is muted in silent Standby, and the tick rate.
/// </summary>
public class AudioLoopTests
{
    private const int Rate = 16000, Block = 512, Ring = 4096, MarginMs = 30;

    private sealed class Run
    {
        public readonly List<(long tUs, bool on)> Amp = new();
        public readonly List<short> Pcm = new();
        public long FirstWriteUs = -1;
        public int Ticks;
        public long EndUs;
    }

    /// <summary>Loop until endMs of virtual time; script(nowMs, unit) runs before each control tick.</summary>
    private static Run Simulate(long endMs, Action<long, BedsideUnit> script)
    {
        var unit = new BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), Rate, 1234u);
        var pacer = new AudioPacer(Rate, Ring, Block);
        var gate = new AmpGate(Rate, MarginMs);
        var block = new byte[Block * 2];
        var run = new Run();
        long nowUs = 1_000_000;
        int perTick = Rate * BedsideUnit.ControlTickMs / 1000, untilTick = 0;
        bool ampOn = false;
        while (nowUs < endMs * 1000)
        {
            int filled = 0;
            while (filled < Block)
            {
                if (untilTick == 0)
                {
                    script(nowUs / 1000, unit);
                    unit.ControlTick(nowUs / 1000);
                    run.Ticks++;
                    untilTick = perTick;
                }
                int n = Math.Min(Block - filled, untilTick);
                unit.Render(block, filled * 2, n);
                filled += n; untilTick -= n;
            }
            int wait = pacer.MicrosUntilWritable(nowUs);
            nowUs += Math.Max(0, wait);
            pacer.Wrote(Block, nowUs);
            if (run.FirstWriteUs < 0) run.FirstWriteUs = nowUs;
            for (int i = 0; i < Block; i++) run.Pcm.Add((short)(block[2 * i] | block[2 * i + 1] << 8));
            bool want = gate.Update(unit.AudioRunning, unit.Engine.IsSilent, pacer.QueuedSamples(nowUs), nowUs);
            if (want != ampOn) { ampOn = want; run.Amp.Add((nowUs, ampOn)); }
            nowUs += 300; // the rest of the loop body
        }
        Assert.Equal(0, pacer.Underruns);
        run.EndUs = nowUs;
        return run;
    }

    private static bool AmpAt(Run r, long tUs)
    {
        bool on = false;
        foreach (var (t, s) in r.Amp) { if (t > tUs) break; on = s; }
        return on;
    }

    [Fact]
    public void Every_audible_sample_plays_with_the_amplifier_on_and_standby_is_muted()
    {
        long stopAt = 9000;
        var r = Simulate(16000, (ms, u) =>
        {
            if (ms >= 2000 && ms < 2050) u.StartSession(ms);
            if (ms >= stopAt && ms < stopAt + 50) u.Controller.StopSession(ms);
        });
        Assert.True(r.Amp.Count >= 2, "the amplifier was switched on and off");
        int audible = 0;
        for (int i = 0; i < r.Pcm.Count; i++)
        {
            if (r.Pcm[i] == 0) continue;
            audible++;
            long playUs = r.FirstWriteUs + (long)i * 1_000_000 / Rate; // no underruns: sample i plays i/rate after the first write
            Assert.True(AmpAt(r, playUs), $"sample {i} ({r.Pcm[i]}) plays at {playUs} µs with the amplifier muted");
        }
        Assert.True(audible > Rate * 5, "the session produced sound");
        // muted again in Standby: the last switch is off, within a second of the end of sound
        Assert.False(r.Amp[^1].on);
        int lastAudible = r.Pcm.FindLastIndex(s => s != 0);
        long lastPlayUs = r.FirstWriteUs + (long)lastAudible * 1_000_000 / Rate;
        Assert.InRange(r.Amp[^1].tUs - lastPlayUs, 0, 1_000_000);
        // muted before the session started
        Assert.True(r.Amp[0].on && r.Amp[0].tUs >= 2_000_000);
    }

    [Fact]
    public void Control_ticks_follow_the_audio_clock_at_20_per_second()
    {
        var r = Simulate(11000, (_, _) => { });
        double seconds = (r.Pcm.Count) / (double)Rate;
        Assert.InRange(r.Ticks, (int)(seconds * 20) - 1, (int)(seconds * 20) + 1);
    }

    [Fact]
    public void Amp_gate_waits_for_the_queued_tail_and_a_restart_cancels_the_mute()
    {
        var g = new AmpGate(16000, 30);
        Assert.False(g.Update(false, true, 4000, 0));
        Assert.True(g.Update(true, false, 4000, 1000));
        Assert.True(g.Update(false, false, 4000, 2000));        // stop fade still rendering
        Assert.True(g.Update(false, true, 4000, 3000));         // silent now: 4000 samples = 250 ms + 30 ms to go
        Assert.True(g.Update(false, true, 4000, 3000 + 279_000));
        Assert.False(g.Update(false, true, 4000, 3000 + 280_000));
        Assert.True(g.Update(true, false, 4000, 400_000));
        Assert.True(g.Update(false, true, 0, 500_000));         // schedules a mute at +30 ms
        Assert.True(g.Update(true, false, 0, 520_000));         // restarted before it: stays on
        Assert.True(g.Update(false, false, 0, 560_000));
    }

    [Fact]
    public void Ads1115_microvolts_map_to_esp32_adc_counts_and_bonding_follows_the_window()
    {
        Assert.Equal(0, Ads1115Registers.MicrovoltsToAdc12Counts(-5));
        Assert.Equal(2047, Ads1115Registers.MicrovoltsToAdc12Counts(1_650_000));
        Assert.Equal(4095, Ads1115Registers.MicrovoltsToAdc12Counts(3_300_000));
        Assert.Equal(4095, Ads1115Registers.MicrovoltsToAdc12Counts(4_096_000));
        Assert.Equal(806 * 4095 / 3_300_000 == 1 ? 1 : 0, Ads1115Registers.MicrovoltsToAdc12Counts(806)); // ≈ one count per 0.806 mV
        Assert.False(PairingWindow.BondingAllowed(false, 0));
        Assert.True(PairingWindow.BondingAllowed(true, GattProfile.MaxBonds - 1));
        Assert.False(PairingWindow.BondingAllowed(true, GattProfile.MaxBonds));
        Assert.False(PairingWindow.BondingAllowed(true, -1));
    }
}
