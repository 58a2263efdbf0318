namespace Bedside.Core.Runtime
{
    /// <summary>
    /// One way to read every sensor. A reading is an integer in the unit the sensing hub was configured for
    /// (<see cref="Bedside.Core.Sensing.PulseSensorKind"/>, <see cref="Bedside.Core.Sensing.EdaSensorKind"/>):
    /// 12-bit ADC1 counts for the analog pulse sensor and the Grove GSR module (the ADS1115 driver converts its
    /// microvolts to the same counts at its edge), 18-bit IR counts for the MAX30102.
    ///
    /// Each call with a new nowUs takes a fresh reading (a conversion, or one poll of a sensor FIFO); further calls
    /// with the same nowUs return the rest of that poll's readings, oldest first, and then false. tUs is when the
    /// reading was taken (for a FIFO: the poll time minus the sample spacing for each later sample).
    /// </summary>
    public interface ISensor
    {
        /// <summary>False while the sensor is absent or given up (bus failures): the therapy then runs without it.</summary>
        bool Available { get; }

        /// <summary>Next reading at nowUs; false when there is none (nothing new, the transfer failed or the sensor is unavailable).</summary>
        bool TryRead(long nowUs, out int raw, out long tUs);
    }
}
