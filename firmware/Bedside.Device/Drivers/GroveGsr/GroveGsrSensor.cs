using System.Device.Adc;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// Grove GSR (skin conductance) module output on ADC1 channel 3 (GPIO 39), sampled at 10–20 Hz.
    /// Each reading is the rounded mean of <see cref="ReadsAveraged"/> back-to-back conversions: single ESP32
    /// ADC1 reads scatter by a few counts RMS, and near 10–15 µS one count is already 15–19 nS, so averaging
    /// (≈ ÷4 in RMS for uncorrelated scatter) keeps the reading's noise well under the 0.05 µS SCR criterion.
    /// At 16 Hz this is 256 conversions/s, negligible. No allocation; conversion to conductance, the measured
    /// noise floor and detachment checks are core sensing (EdaProcessor).
    /// </summary>
    public sealed class GroveGsrSensor
    {
        /// <summary>Conversions averaged per reading.</summary>
        public const int ReadsAveraged = 16;

        private readonly AdcChannel _channel;

        public GroveGsrSensor(AdcController adc)
        {
            _channel = adc.OpenChannel(PinMap.GsrAdcChannel);
        }

        /// <summary>Raw 12-bit reading 0..4095: the rounded mean of ReadsAveraged conversions.</summary>
        public int ReadRaw()
        {
            int sum = 0;
            for (int i = 0; i < ReadsAveraged; i++) sum += _channel.ReadValue();
            return (sum + ReadsAveraged / 2) / ReadsAveraged;
        }
    }
}
