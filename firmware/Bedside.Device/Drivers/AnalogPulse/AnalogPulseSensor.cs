using System.Device.Adc;
using Bedside.Core.Runtime;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// Analog PPG module (e.g. PulseSensor.com amplified photoplethysmograph) on ADC1 channel 0 (GPIO 36).
    /// One-shot 12-bit reads through the core's sensor contract (<see cref="OneShotSensor"/>: one reading per new
    /// nowUs, stamped with the loop's time): the sensor loop reads it at 125 Hz. No allocation per read. The quality checks (rails, flat
    /// line) live in the core sensing code.
    /// </summary>
    public sealed class AnalogPulseSensor : OneShotSensor
    {
        private readonly AdcChannel _channel;

        public AnalogPulseSensor(AdcController adc)
        {
            _channel = adc.OpenChannel(PinMap.PulseAdcChannel);
        }

        /// <summary>Always true: a constructed ADC channel does not go away.</summary>
        public override bool Available { get { return true; } }

        /// <summary>One 12-bit reading 0..4095 (fixed 12 dB attenuation: ~150–2450 mV usable).</summary>
        protected override bool TryConvert(long nowUs, out int raw)
        {
            raw = _channel.ReadValue();
            return true;
        }
    }
}
