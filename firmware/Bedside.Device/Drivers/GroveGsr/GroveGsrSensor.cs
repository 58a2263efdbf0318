using System.Device.Adc;
using Bedside.Core.Runtime;
using Bedside.Device.Board;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// Grove GSR (skin conductance) module output on ADC1 channel 3 (GPIO 39), sampled at 10–20 Hz.
    /// Each reading is the rounded mean of <see cref="ReadsAveraged"/> back-to-back conversions: single ESP32
    /// ADC1 reads scatter by a few counts RMS, and near 10–15 µS one count is already 15–19 nS, so averaging
    /// (≈ ÷4 in RMS for uncorrelated scatter) keeps the reading's noise well under the 0.05 µS SCR criterion.
    /// At 16 Hz this is 256 conversions/s, negligible. No allocation; conversion to conductance, the measured
    /// noise floor and detachment checks are core sensing (EdaProcessor). Read through the core's sensor contract
    /// (<see cref="OneShotSensor"/>: one reading per new nowUs, stamped with the loop's time).
    /// </summary>
    public sealed class GroveGsrSensor : OneShotSensor
    {
        /// <summary>Conversions averaged per reading.</summary>
        public const int ReadsAveraged = 16;

        private readonly AdcChannel _channel;

        public GroveGsrSensor(AdcController adc)
        {
            _channel = adc.OpenChannel(PinMap.GsrAdcChannel);
        }

        /// <summary>Always true: a constructed ADC channel does not go away.</summary>
        public override bool Available { get { return true; } }

        /// <summary>One 12-bit reading 0..4095: the rounded mean of ReadsAveraged conversions.</summary>
        protected override bool TryConvert(long nowUs, out int raw)
        {
            int sum = 0;
            for (int i = 0; i < ReadsAveraged; i++) sum += _channel.ReadValue();
            raw = (sum + ReadsAveraged / 2) / ReadsAveraged;
            return true;
        }
    }
}
