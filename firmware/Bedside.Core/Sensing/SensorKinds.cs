namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Which pulse sensor delivers the raw readings. Sets the converter range, the rail limits and the
    /// flat-line threshold of <see cref="PulseBeatDetector"/>.
    /// </summary>
    public enum PulseSensorKind : byte
    {
        /// <summary>
        /// Analog PulseSensor-style front end (3.3 V supply, output centred near 1.65 V) on ESP32 ADC1,
        /// 12 dB attenuation: raw = 12-bit counts 0..4095, ≈ 0.806 mV per count, usable ~150..2450 mV
        /// (counts 186..3040); readings outside that band are treated as "at a rail".
        /// </summary>
        AnalogAdc12 = 0,
        /// <summary>
        /// MAX30102 IR channel over I2C, 18-bit ADC (0..262143 counts, 411 µs pulse width). Without a finger
        /// the IR reading collapses below ~50,000 counts (the usual finger-present test); near 262,143 the
        /// photodiode ADC is saturated (ambient light / LED current too high). The reading falls with each pulse
        /// (more blood absorbs more light): the detector inverts it.
        /// </summary>
        Max30102Ir18 = 1,
    }

    /// <summary>Which skin-conductance front end delivers the raw readings (see <see cref="EdaProcessor"/> for the transfer functions).</summary>
    public enum EdaSensorKind : byte
    {
        /// <summary>Grove GSR (LM324 bridge) on ESP32 ADC1, 12-bit counts 0..4095.</summary>
        GroveAdc12 = 0,
        /// <summary>Constant-voltage divider read by an ADS1115 (16-bit signed, PGA ±0.512 V), counts 0..32767.</summary>
        Ads1115 = 1,
    }
}
