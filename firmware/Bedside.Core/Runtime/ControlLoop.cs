using Bedside.Core.Drivers;
using Bedside.Core.Protocol;
using Bedside.Core.Unit;

namespace Bedside.Core.Runtime
{
    /// <summary>The radio link to the therapist's clients (BLE GATT on the device).</summary>
    public interface IClientLink
    {
        /// <summary>Deletes every client bond (the caregiver's "forget all clients").</summary>
        void DeleteAllBonds();

        /// <summary>Periodic link upkeep; windowOpen: new clients may bond now.</summary>
        void Tick(bool windowOpen);

        /// <summary>Sends the status last published through GattOperations to subscribed clients.</summary>
        void NotifyStatus();
    }

    /// <summary>The indicator light.</summary>
    public interface IIndicator
    {
        void Show(bool on, long nowMs);
    }

    /// <summary>
    /// The control thread's body, one <see cref="Step"/> per wake-up (every <see cref="Rates.ControlThreadPeriodMs"/> on the device):
    /// the indicator follows Controller.IndicatorLevelQ15 (steady for 10 s after a press), bonding follows
    /// Controller.PairingWindowOpen (the core times the 60 s window), the caregiver's "forget all clients" deletes
    /// every bond, the sensor flags follow the sensor loop's availability, and once per <see cref="StatusPeriodMs"/>
    /// a live status is encoded (LiveStatus.EncodeFrom) under the unit lock and notified outside it. Each step
    /// reports a heartbeat. No allocation after construction.
    /// </summary>
    public sealed class ControlLoop
    {
        /// <summary>Time between live status notifications, ms.</summary>
        public const int StatusPeriodMs = 1000;

        private readonly BedsideUnit _unit;
        private readonly object _sync;
        private readonly GattOperations _gatt;
        private readonly IClientLink _link;
        private readonly IIndicator _led;
        private readonly SensorLoop _sensors;
        private readonly HealthMonitor _health;
        private readonly int _healthSlot;
        private readonly byte[] _status = new byte[LiveStatus.WireSize];
        private long _nextStatusMs;

        /// <param name="sensors">Whose availability the sensor flags show, or null (both shown missing).</param>
        /// <param name="led">The indicator, or null.</param>
        /// <param name="health">Heartbeat target, or null.</param>
        public ControlLoop(BedsideUnit unit, object sync, GattOperations gatt, IClientLink link, IIndicator led, SensorLoop sensors,
            HealthMonitor health, int healthSlot)
        {
            _unit = unit;
            _sync = sync;
            _gatt = gatt;
            _link = link;
            _led = led;
            _sensors = sensors;
            _health = health;
            _healthSlot = healthSlot;
        }

        public void Step(long nowMs)
        {
            BedsideUnit unit = _unit;
            bool pairing, forget, due = nowMs >= _nextStatusMs;
            int ledQ15;
            lock (_sync)
            {
                forget = unit.Controller.TakeForgetClientsRequest();
                pairing = unit.Controller.PairingWindowOpen;
                ledQ15 = unit.Controller.IndicatorLevelQ15;
                if (due) LiveStatus.EncodeFrom(unit, _status, 0);
            }
            if (forget) _link.DeleteAllBonds();
            _link.Tick(pairing);
            bool pulseOk = _sensors != null && _sensors.PulseAvailable;
            bool edaOk = _sensors != null && _sensors.EdaAvailable;
            _gatt.SetSensorFlags(!pulseOk, !edaOk);
            if (_led != null) _led.Show(ledQ15 > 0, nowMs);
            if (due)
            {
                _nextStatusMs = nowMs + StatusPeriodMs;
                _gatt.PublishStatus(_status);
                _link.NotifyStatus();
            }
            if (_health != null) _health.Beat(_healthSlot, nowMs);
        }
    }
}
