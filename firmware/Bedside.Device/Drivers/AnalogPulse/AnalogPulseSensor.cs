using System.Device.Adc;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// Analog PPG module (e.g. PulseSensor.com amplified photoplethysmograph) on ADC1 channel 0 (GPIO 36).
    /// One-shot 12-bit reads; the sensor thread samples at 100–200 Hz with HighResTimer timestamps. No
    /// allocation per read. The quality checks (rails, flat line) live in the core sensing code.
    /// </summary>
    public sealed class AnalogPulseSensor
    {
        private readonly AdcChannel _channel;

        public AnalogPulseSensor(AdcController adc)
        {
            _channel = adc.OpenChannel(PinMap.PulseAdcChannel);
        }

        /// <summary>Raw 12-bit reading 0..4095 (fixed 12 dB attenuation: ~150–2450 mV usable).</summary>
        public int ReadRaw() { return _channel.ReadValue(); }
    }
}
