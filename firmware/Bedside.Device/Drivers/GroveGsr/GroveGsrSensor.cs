using System.Device.Adc;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// Grove GSR (skin conductance) module output on ADC1 channel 3 (GPIO 39), sampled at 10–20 Hz.
    /// Raw 12-bit reads, no allocation; conversion to conductance and detachment checks are core sensing.
    /// </summary>
    public sealed class GroveGsrSensor
    {
        private readonly AdcChannel _channel;

        public GroveGsrSensor(AdcController adc)
        {
            _channel = adc.OpenChannel(PinMap.GsrAdcChannel);
        }

        /// <summary>Raw 12-bit reading 0..4095.</summary>
        public int ReadRaw() { return _channel.ReadValue(); }
    }
}
