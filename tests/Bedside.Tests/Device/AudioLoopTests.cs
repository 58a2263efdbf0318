using Bedside.Core.Drivers;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The device's audio loop itself (Bedside.Core.Runtime.AudioLoop, the loop the device's audio thread runs) over
/// virtual parts: a ManualClock, a VirtualAudioOut (the device's AudioPacer arithmetic, waits move the clock) as the
/// output and the amplifier, and an edge source that runs the test's script before each control tick. Checks that
/// every non-zero sample plays while the amplifier is on (the mute never cuts sound), that it is muted in silent
/// Standby, and the tick rate. An edit to the device loop changes what these tests run.
/// </summary>
public class AudioLoopTests
{
    private const int Rate = 16000, Block = 512, Ring = 4096, MarginMs = 30;

    private sealed class Run
    {
        public readonly List<(long tUs, bool on)> Amp = new();
        public readonly List<short> Pcm = new();
        public long FirstWriteUs = -1;
        public long Ticks;
        public long EndUs;
    }

    /// <summary>Runs the script (nowMs, unit) each time the loop drains button edges, i.e. just before each control tick.</summary>
    private sealed class ScriptEdges : IEdgeSource
    {
        private readonly IClock _clock;
        private readonly BedsideUnit _unit;
        private readonly Action<long, BedsideUnit> _script;
        public ScriptEdges(IClock clock, BedsideUnit unit, Action<long, BedsideUnit> script) { _clock = clock; _unit = unit; _script = script; }
        public bool TryGetEdge(out bool pressed, out long tMs)
        {
            _script(_clock.NowUs() / 1000, _unit);
            pressed = false; tMs = 0;
            return false;
        }
    }

    /// <summary>Steps the core's AudioLoop until endMs of virtual time.</summary>
    private static Run Simulate(long endMs, Action<long, BedsideUnit> script)
    {
        var unit = new BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), Rate, 1234u);
        var clock = new ManualClock(1_000_000);
        var output = new VirtualAudioOut(clock, Rate, Ring, Block, 0, 300); // 300 µs: the rest of the loop body
        var loop = new AudioLoop(unit, new object(), new ScriptEdges(clock, unit, script), output, output, null, 0, Block, MarginMs);
        var run = new Run();
        bool ampOn = false;
        while (clock.NowUs() < endMs * 1000)
        {
            loop.Step(clock);
            byte[] block = loop.Block;
            for (int i = 0; i < Block; i++) run.Pcm.Add((short)(block[2 * i] | block[2 * i + 1] << 8));
            if (output.Unmuted != ampOn) { ampOn = output.Unmuted; run.Amp.Add((clock.NowUs(), ampOn)); }
        }
        Assert.Equal(0, output.Underruns);
        run.FirstWriteUs = output.FirstWriteUs;
        run.Ticks = loop.Ticks;
        run.EndUs = clock.NowUs();
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
        Assert.InRange(r.Ticks, (long)(seconds * 20) - 1, (long)(seconds * 20) + 1);
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
