using Bedside.Core.Drivers;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The device's control loop itself (Bedside.Core.Runtime.ControlLoop, the loop the device's control thread runs)
/// stepped every Rates.ControlThreadPeriodMs over a fake radio link and indicator: live status once per
/// StatusPeriodMs, bonding and "forget all clients" following the controller, sensor flags following the sensor
/// loop, the indicator following the controller's level, a heartbeat per step.
/// </summary>
public class ControlLoopTests
{
    private sealed class FakeLink : IClientLink
    {
        public int Deletes, Notifies, Ticks, OpenTicks;
        public void DeleteAllBonds() => Deletes++;
        public void Tick(bool windowOpen) { Ticks++; if (windowOpen) OpenTicks++; }
        public void NotifyStatus() => Notifies++;
    }

    private sealed class FakeLed : IIndicator
    {
        public bool On;
        public int Shows;
        public void Show(bool on, long nowMs) { On = on; Shows++; }
    }

    private sealed class StubSensor : ISensor
    {
        public bool Available { get; set; }
        public bool TryRead(long nowUs, out int raw, out long tUs) { raw = 0; tUs = 0; return false; }
    }

    private sealed class Rig
    {
        public readonly BedsideUnit Unit = new(RamStorage.CreateDefault(), new SensingHub(), 16000, 3u);
        public readonly GattOperations Gatt;
        public readonly FakeLink Link = new();
        public readonly FakeLed Led = new();
        public readonly StubSensor Pulse = new() { Available = true }, Eda = new() { Available = false };
        public readonly SensorLoop Sensors;
        public readonly HealthMonitor Health = new();
        public readonly ControlLoop Loop;
        public long NowMs = 1000;

        public Rig()
        {
            Gatt = new GattOperations(new BedsideProtocol(Unit.Controller, null), 0, 1, 0, 1, 1, 1);
            Sensors = new SensorLoop(Unit, new object(), Pulse, 8000, Eda, 62500, 0);
            Health.Register(1, 200, NowMs);
            Loop = new ControlLoop(Unit, new object(), Gatt, Link, Led, Sensors, Health, 1);
        }

        /// <summary>Runs ms of wall time: the controller ticks every control period, the control loop steps every thread period.</summary>
        public void Run(int ms, bool step = true)
        {
            for (int t = 0; t < ms; t += Rates.ControlThreadPeriodMs)
            {
                NowMs += Rates.ControlThreadPeriodMs;
                Unit.Controller.Tick(NowMs, null);
                Sensors.Step(NowMs * 1000);
                if (step) Loop.Step(NowMs);
            }
        }

        public int Flags()
        {
            var buf = new byte[GattOperations.MaxValueBytes];
            Assert.Equal(AttError.None, Gatt.Read(GattOperations.DeviceInformation, 1, NowMs, buf, out int n));
            return buf[9];
        }
    }

    [Fact]
    public void Live_status_is_published_and_notified_once_per_status_period()
    {
        var r = new Rig();
        r.Run(10_000);
        Assert.Equal(10_000 / Rates.ControlThreadPeriodMs, r.Link.Ticks);
        Assert.Equal(10_000 / ControlLoop.StatusPeriodMs, r.Link.Notifies);
        var expect = new byte[LiveStatus.WireSize];
        LiveStatus.EncodeFrom(r.Unit, expect, 0);
        var got = new byte[LiveStatus.WireSize];
        r.Gatt.CopyStatus(got);
        Assert.Equal(expect, got); // the unit has not changed since the last publication (Standby)
        Assert.Equal(r.Link.Ticks, r.Led.Shows);
    }

    [Fact]
    public void Sensor_flags_follow_the_sensor_loop_availability()
    {
        var r = new Rig();
        r.Run(100);
        Assert.Equal(DeviceInfo.FlagEdaUnavailable, r.Flags() & (DeviceInfo.FlagPulseUnavailable | DeviceInfo.FlagEdaUnavailable));
        r.Pulse.Available = false; r.Eda.Available = true;
        r.Run(100);
        Assert.Equal(DeviceInfo.FlagPulseUnavailable, r.Flags() & (DeviceInfo.FlagPulseUnavailable | DeviceInfo.FlagEdaUnavailable));
    }

    [Fact]
    public void Pairing_window_and_forget_all_reach_the_link_once_and_the_heartbeat_keeps_the_watchdog_fed()
    {
        var r = new Rig();
        // The caregiver's 4 s hold in Standby opens the pairing window; a second one inside it forgets every client.
        r.Unit.Controller.OnButtonEdge(true, r.NowMs); r.Run(4200); r.Unit.Controller.OnButtonEdge(false, r.NowMs); r.Run(600);
        Assert.True(r.Unit.Controller.PairingWindowOpen);
        Assert.True(r.Link.OpenTicks > 0);
        Assert.True(r.Led.On, "the indicator shows the open window");
        Assert.Equal(0, r.Link.Deletes);
        r.Unit.Controller.OnButtonEdge(true, r.NowMs); r.Run(4200); r.Unit.Controller.OnButtonEdge(false, r.NowMs); r.Run(600);
        Assert.Equal(1, r.Link.Deletes);
        r.Run(1000);
        Assert.Equal(1, r.Link.Deletes);

        Assert.True(r.Health.ShouldFeed(r.NowMs));
        r.Run(300, step: false); // the control thread hangs
        Assert.False(r.Health.ShouldFeed(r.NowMs));
    }
}
