using System.Device.Gpio;
using Bedside.Core.Runtime;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>What the indicator shows.</summary>
    public enum LedPattern : byte
    {
        Off = 0,
        On = 1,
        /// <summary>0.1 s on every 2 s: pairing window open.</summary>
        SlowBlink = 2,
        /// <summary>0.1 s on every 0.5 s: sensor or fault attention.</summary>
        FastBlink = 3,
    }

    /// <summary>
    /// Warm dim indicator LED (amber through 4.7 kΩ, ~0.3 mA: visible in a dark room, not disturbing).
    /// On/off only (the resistor sets the dimness, no PWM channel needed). Tick from the control thread.
    /// </summary>
    public sealed class IndicatorLed : IIndicator
    {
        private readonly GpioPin _pin;
        private LedPattern _pattern;
        private bool _lit;

        public IndicatorLed(GpioController gpio)
        {
            _pin = gpio.OpenPin(PinMap.IndicatorLed, PinMode.Output);
            _pin.Write(PinValue.Low);
        }

        public void SetPattern(LedPattern pattern) { _pattern = pattern; }

        /// <summary>The core's control loop: steady on or off at nowMs.</summary>
        public void Show(bool on, long nowMs)
        {
            _pattern = on ? LedPattern.On : LedPattern.Off;
            Tick(nowMs);
        }

        /// <summary>Applies the pattern at nowMs; writes the pin only when the level changes.</summary>
        public void Tick(long nowMs)
        {
            bool lit;
            switch (_pattern)
            {
                case LedPattern.On: lit = true; break;
                case LedPattern.SlowBlink: lit = nowMs % 2000 < 100; break;
                case LedPattern.FastBlink: lit = nowMs % 500 < 100; break;
                default: lit = false; break;
            }
            if (lit == _lit) return;
            _lit = lit;
            _pin.Write(lit ? PinValue.High : PinValue.Low);
        }
    }
}
