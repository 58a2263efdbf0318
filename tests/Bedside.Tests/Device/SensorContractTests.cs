using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The sensor contract's shared parts: <see cref="OneShotSensor"/> (the base of the analog pulse, Grove GSR and
/// ADS1115 drivers: one conversion per new nowUs) and <see cref="VirtualSensor"/> (the FIFO the simulator feeds the
/// core's <see cref="SensorLoop"/> through).
/// </summary>
public class SensorContractTests
{
    private sealed class CountingSensor : OneShotSensor
    {
        public int Conversions;
        public bool Fail;
        public override bool Available => true;
        protected override bool TryConvert(long nowUs, out int raw)
        {
            Conversions++;
            raw = (int)(nowUs % 4096);
            return !Fail;
        }
    }

    [Fact]
    public void A_one_shot_sensor_converts_once_per_new_time_and_stamps_the_reading_with_it()
    {
        var s = new CountingSensor();
        Assert.True(s.TryRead(1000, out int raw, out long t));
        Assert.Equal((1000, 1000L), (raw, t));
        Assert.False(s.TryRead(1000, out _, out _)); // the same poll: nothing more
        Assert.True(s.TryRead(2000, out raw, out t));
        Assert.Equal((2000, 2000L), (raw, t));
        Assert.Equal(2, s.Conversions);
        s.Fail = true;
        Assert.False(s.TryRead(3000, out _, out _));   // a failed transfer gives no reading
        Assert.False(s.TryRead(3000, out _, out _));   // and is not retried in the same poll
        Assert.Equal(3, s.Conversions);
    }

    [Fact]
    public void A_virtual_sensor_gives_its_readings_oldest_first_once_their_time_has_come()
    {
        var s = new VirtualSensor(3);
        Assert.True(s.Push(10, 100));
        Assert.True(s.Push(11, 200));
        Assert.True(s.Push(12, 300));
        Assert.False(s.Push(13, 400)); // full
        Assert.False(s.TryRead(50, out _, out _));
        Assert.True(s.TryRead(250, out int raw, out long t));
        Assert.Equal((10, 100L), (raw, t));
        Assert.True(s.TryRead(250, out raw, out t));
        Assert.Equal((11, 200L), (raw, t));
        Assert.False(s.TryRead(250, out _, out _)); // 300 is still to come
        Assert.True(s.Push(14, 500));               // wraps around the ring
        s.Available = false;
        Assert.False(s.TryRead(1000, out _, out _));
        s.Available = true;
        Assert.True(s.TryRead(1000, out raw, out _));
        Assert.Equal(12, raw);
        Assert.True(s.TryRead(1000, out raw, out _));
        Assert.Equal(14, raw);
        Assert.Equal(0, s.Count);
    }

    [Fact]
    public void The_sensor_loop_pushes_every_due_virtual_reading_and_follows_availability()
    {
        var hub = new SensingHub(SensingHub.DefaultPulseRateHz, PulseSensorKind.AnalogAdc12, SensingHub.DefaultEdaRateHz, EdaSensorKind.GroveAdc12);
        var unit = new BedsideUnit(RamStorage.CreateDefault(), hub, 16000, 1);
        var pulse = new VirtualSensor(64);
        var eda = new VirtualSensor(64);
        var loop = new SensorLoop(unit, new object(), pulse, 25_000, eda, 25_000, 0);
        Assert.True(loop.PulseAvailable && loop.EdaAvailable);
        for (int i = 0; i < 7; i++) pulse.Push(2048, i * 8000);
        eda.Push(1500, 10_000);
        loop.Step(50_000);
        Assert.Equal(0, pulse.Count);
        Assert.Equal(0, eda.Count);
        eda.Available = false;
        loop.Step(100_000);
        Assert.False(loop.EdaAvailable);
        Assert.True(loop.PulseAvailable);
    }
}
