using Bedside.Core.Drivers;
using Xunit;

namespace Bedside.Tests.Drivers;

public class DriverLogicTests
{
    [Fact]
    public void Max30102_fifo_pointer_arithmetic_wraps_at_32()
    {
        Assert.Equal(0, Max30102Registers.SamplesAvailable(5, 5));
        Assert.Equal(3, Max30102Registers.SamplesAvailable(8, 5));
        Assert.Equal(30, Max30102Registers.SamplesAvailable(3, 5));  // wr wrapped past 31
        Assert.Equal(1, Max30102Registers.SamplesAvailable(0, 31));
    }

    [Fact]
    public void Max30102_decodes_the_ir_half_of_each_6_byte_sample_with_18_bits()
    {
        // sample 0: red 0x012345, IR 0x03FFFF ; sample 1: red 0, IR 0xFC0001 -> top 6 bits ignored -> 0x000001
        var fifo = new byte[] { 0x01, 0x23, 0x45, 0x03, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFC, 0x00, 0x01, 0xAA };
        var ir = new int[4];
        Assert.Equal(2, Max30102Registers.DecodeIrSamples(fifo, fifo.Length, 5, ir));
        Assert.Equal(0x3FFFF, ir[0]);
        Assert.Equal(1, ir[1]);
        Assert.Equal(1, Max30102Registers.DecodeIrSamples(fifo, 6, 2, ir));       // byte count limits
        Assert.Equal(1, Max30102Registers.DecodeIrSamples(fifo, fifo.Length, 2, new int[1])); // output length limits
        Assert.Equal(0, Max30102Registers.DecodeIrSamples(null, 0, 2, ir));
        Assert.Equal(0x27, Max30102Registers.Spo2Config100Sps18Bit); // 0b0_01_001_11
    }

    [Fact]
    public void Ads1115_config_word_matches_the_datasheet_bit_fields()
    {
        // AIN0 vs GND (MUX 100), ±4.096 V (PGA 001), continuous (MODE 0), 128 SPS (DR 100), comparator off (11)
        Assert.Equal(0x4283, Ads1115Registers.BuildConfigSingleEnded(0, Ads1115Registers.Pga4V096, Ads1115Registers.Dr128Sps, false));
        // The datasheet's power-on default 0x8583 = OS, AIN0/AIN1 diff, ±2.048, single-shot, 128 SPS; our single-shot AIN1:
        Assert.Equal(0x8000 | 0x5000 | 0x0400 | 0x0100 | 0x0080 | 0x0003, Ads1115Registers.BuildConfigSingleEnded(1, 2, 4, true));
        Assert.Equal(0x7000 | 0x0A00 | 0x00E0 | 0x0003, Ads1115Registers.BuildConfigSingleEnded(9, 9, 9, false)); // clamped to AIN3, PGA 5, DR 7
        Assert.Equal(-32768, Ads1115Registers.DecodeConversion(0x80, 0x00));
        Assert.Equal(32767, Ads1115Registers.DecodeConversion(0x7F, 0xFF));
        Assert.Equal(4096000 - 125, Ads1115Registers.CodeToMicrovolts(32767, Ads1115Registers.Pga4V096)); // 1 LSB = 125 µV at ±4.096 V
        Assert.Equal(-4096000, Ads1115Registers.CodeToMicrovolts(-32768, Ads1115Registers.Pga4V096));
    }

    /// <summary>A simulated bus: a slave stuck mid-byte holds SDA low until it has seen N falling SCL edges.</summary>
    private sealed class StuckBus : II2cBusPins
    {
        public int ClocksUntilRelease; public bool SclStuck; public int Clocks; public bool StopSeen;
        private bool _sclDriven, _sdaDriven, _sclHighPrev = true;
        private bool SlaveHoldsSda => ClocksUntilRelease > 0;
        public bool SclIsHigh() => !_sclDriven && !SclStuck;
        public bool SdaIsHigh() => !_sdaDriven && !SlaveHoldsSda;
        public void SclLow() { _sclDriven = true; Edge(); }
        public void SclRelease() { _sclDriven = false; Edge(); }
        public void SdaLow() { _sdaDriven = true; }
        public void SdaRelease() { bool wasLow = !SdaIsHigh(); _sdaDriven = false; if (wasLow && SclIsHigh() && SdaIsHigh()) StopSeen = true; }
        public void HalfPeriodDelay() { }
        private void Edge()
        {
            bool high = SclIsHigh();
            if (_sclHighPrev && !high) { Clocks++; if (ClocksUntilRelease > 0) ClocksUntilRelease--; }
            _sclHighPrev = high;
        }
    }

    [Fact]
    public void Bus_recovery_clocks_until_sda_is_released_then_sends_stop()
    {
        var bus = new StuckBus { ClocksUntilRelease = 4 };
        Assert.Equal(I2cRecoveryResult.Recovered, I2cBusRecovery.Run(bus));
        Assert.Equal(5, bus.Clocks); // 4 to free SDA + 1 for the STOP
        Assert.True(bus.StopSeen);
        Assert.True(bus.SdaIsHigh() && bus.SclIsHigh());
    }

    [Fact]
    public void Bus_recovery_reports_idle_clock_held_and_hopeless_buses()
    {
        Assert.Equal(I2cRecoveryResult.BusIdle, I2cBusRecovery.Run(new StuckBus()));
        Assert.Equal(I2cRecoveryResult.ClockHeldLow, I2cBusRecovery.Run(new StuckBus { SclStuck = true, ClocksUntilRelease = 3 }));
        var dead = new StuckBus { ClocksUntilRelease = 1000 };
        Assert.Equal(I2cRecoveryResult.DataStillLow, I2cBusRecovery.Run(dead));
        Assert.Equal(I2cBusRecovery.MaxClocks + 1, dead.Clocks);
    }

    [Fact]
    public void Sensor_health_recovers_then_gives_up_then_retries_later()
    {
        var h = new SensorHealth();
        long t = 0;
        Assert.Equal(SensorAction.None, h.Report(false, t));
        Assert.Equal(SensorAction.None, h.Report(false, t));
        Assert.Equal(SensorAction.RecoverBus, h.Report(false, t));       // 3rd failure
        for (int i = 0; i < 2; i++) h.Report(false, t);
        Assert.Equal(SensorAction.RecoverBus, h.Report(false, t));       // 2nd recovery
        for (int i = 0; i < 2; i++) h.Report(false, t);
        Assert.Equal(SensorAction.MarkUnavailable, h.Report(false, t = 1000));
        Assert.True(h.Unavailable);
        Assert.False(h.MayAccess(1000 + SensorHealth.RetryAfterMs - 1));
        Assert.True(h.MayAccess(1000 + SensorHealth.RetryAfterMs));
        Assert.Equal(SensorAction.MarkUnavailable, h.Report(false, 31000)); // failed probe: wait again
        Assert.False(h.MayAccess(31001));
        Assert.Equal(SensorAction.None, h.Report(true, 61000));           // came back
        Assert.False(h.Unavailable);
        Assert.True(h.MayAccess(61000));
    }

    [Fact]
    public void Sensor_health_success_resets_the_failure_count()
    {
        var h = new SensorHealth();
        h.Report(false, 0); h.Report(false, 0);
        h.Report(true, 0);
        Assert.Equal(SensorAction.None, h.Report(false, 0));
        Assert.Equal(SensorAction.None, h.Report(false, 0));
    }

    [Fact]
    public void Edge_queue_is_fifo_bounded_and_counts_drops()
    {
        var q = new EdgeQueue(3);
        Assert.Equal(4, q.Capacity);
        for (int i = 0; i < 4; i++) Assert.True(q.Push(i % 2 == 0, i * 10));
        Assert.False(q.Push(true, 99));
        Assert.Equal(1, q.Dropped);
        Assert.Equal(4, q.Count);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(q.TryPop(out bool p, out long t));
            Assert.Equal(i % 2 == 0, p); Assert.Equal(i * 10, t);
        }
        Assert.False(q.TryPop(out _, out _));
        Assert.True(q.Push(true, 5)); // wraps around
        Assert.True(q.TryPop(out _, out long t5)); Assert.Equal(5, t5);
    }

    [Fact]
    public void Debouncer_rejects_bounce_and_repeated_levels()
    {
        var d = new EdgeDebouncer(25);
        Assert.True(d.Accept(true, 1000));
        Assert.False(d.Accept(false, 1003)); // bounce
        Assert.False(d.Accept(true, 1006));  // same level as accepted
        Assert.False(d.Accept(false, 1024));
        Assert.True(d.Accept(false, 1025));
        Assert.False(d.Accept(false, 2000));
        Assert.True(d.Accept(true, 2000));
    }

    [Fact]
    public void Health_monitor_feeds_only_while_all_threads_beat_in_time()
    {
        var m = new HealthMonitor();
        Assert.False(m.ShouldFeed(0)); // nothing registered
        m.Register(0, 500, 0);   // audio
        m.Register(1, 2000, 0);  // control
        Assert.True(m.ShouldFeed(400));
        Assert.False(m.ShouldFeed(501)); // audio silent too long
        m.Beat(0, 600);
        Assert.True(m.ShouldFeed(1000));
        Assert.False(m.ShouldFeed(2001)); // control late
        m.Beat(1, 2001); m.Beat(0, 2001);
        Assert.True(m.ShouldFeed(2100));
        m.Fault();
        Assert.False(m.ShouldFeed(2100));
    }
}

public class AudioPacerTests
{
    [Fact]
    public void Pacer_keeps_the_ring_below_capacity_so_write_never_blocks()
    {
        // 16 kHz, 4096-sample ring, 512-sample blocks; simulate an audio thread that sleeps as told.
        var p = new AudioPacer(16000, 4096, 512);
        long t = 0; int blocks = 0;
        while (t < 5_000_000)
        {
            int wait = p.MicrosUntilWritable(t);
            if (wait > 0) { t += wait; continue; }
            Assert.True(p.QueuedSamples(t) + 512 <= 4096, "a write now would block");
            p.Wrote(512, t); blocks++;
            t += 300; // render/copy cost of one block
        }
        // 5 s at 16 kHz = 80,000 samples drained, plus one ring of lead
        Assert.InRange(blocks * 512, 80000, 80000 + 4096 + 512);
        Assert.Equal(0, p.Underruns);
    }

    [Fact]
    public void Pacer_detects_an_underrun_and_reanchors()
    {
        var p = new AudioPacer(16000, 4096, 512);
        p.Wrote(512, 0);
        Assert.Equal(512, p.QueuedSamples(0));
        Assert.Equal(256, p.QueuedSamples(16_000)); // 16 ms played 256 samples
        Assert.Equal(0, p.MicrosUntilWritable(100_000)); // 100 ms later: ran dry
        Assert.Equal(1, p.Underruns);
        Assert.Equal(0, p.QueuedSamples(100_000));
    }

    [Fact]
    public void Pacer_wait_time_matches_the_drain_rate()
    {
        var p = new AudioPacer(16000, 1024, 512);
        p.Wrote(512, 0); p.Wrote(512, 0);               // ring full
        int wait = p.MicrosUntilWritable(0);
        Assert.InRange(wait, 32_000, 32_001);           // 512 samples at 16 kHz = 32 ms
        Assert.Equal(0, p.MicrosUntilWritable(32_001));
    }
}
