using System.Device.Gpio;
using Bedside.Core.Drivers;
using Bedside.Device.Board;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// External hardware watchdog TPL5010 (nanoFramework has no watchdog API on ESP32). The TPL5010 raises
    /// WAKE once per period (set by its REXT resistor); if DONE is not pulsed before the next period ends,
    /// it pulses RSTn, wired to the ESP32 EN pin. The WAKE interrupt answers with a DONE pulse only when
    /// the HealthMonitor says every supervised thread is alive and no fault is latched. A hung interpreter
    /// runs no handler, so it gets reset too.
    /// </summary>
    public sealed class Tpl5010Watchdog
    {
        private readonly GpioPin _done;
        private readonly GpioPin _wake;
        private readonly HealthMonitor _health;
        private int _fed;
        private int _refused;

        public Tpl5010Watchdog(GpioController gpio, HealthMonitor health)
        {
            _health = health;
            _done = gpio.OpenPin(PinMap.WatchdogDone, PinMode.Output);
            _done.Write(PinValue.Low);
            _wake = gpio.OpenPin(PinMap.WatchdogWake, PinMode.Input);
            _wake.ValueChanged += OnWake;
        }

        public int Fed { get { return _fed; } }
        public int Refused { get { return _refused; } }

        private void OnWake(object sender, PinValueChangedEventArgs e)
        {
            if (e.ChangeType != PinEventTypes.Rising) return;
            long nowMs = (long)(HighResTimer.GetCurrent() / 1000);
            if (!_health.ShouldFeed(nowMs)) { _refused++; return; }
            // DONE must be high for ≥ 100 ns: two interpreted GPIO writes are several µs apart.
            _done.Write(PinValue.High);
            _done.Write(PinValue.Low);
            _fed++;
        }
    }
}
