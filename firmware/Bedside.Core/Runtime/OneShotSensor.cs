namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The <see cref="ISensor"/> contract for sensors read by a single conversion (the analog pulse sensor, the
    /// Grove GSR module on ADC1, the ADS1115): the first call with a new nowUs takes one reading through
    /// <see cref="TryConvert"/>, stamped nowUs; a further call with the same nowUs returns false (one reading per
    /// poll). The drivers implement only the conversion and their availability.
    /// </summary>
    public abstract class OneShotSensor : ISensor
    {
        private long _lastUs = long.MinValue;

        public abstract bool Available { get; }

        public bool TryRead(long nowUs, out int raw, out long tUs)
        {
            tUs = nowUs;
            raw = 0;
            if (nowUs == _lastUs) return false;
            _lastUs = nowUs;
            return TryConvert(nowUs, out raw);
        }

        /// <summary>Takes one reading at nowUs in the sensor's unit (see <see cref="ISensor"/>); false when the transfer failed.</summary>
        protected abstract bool TryConvert(long nowUs, out int raw);
    }
}
