namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The host's clock, in µs. The core's loops never read a clock of their own: the host passes this port to
    /// each loop step (the device's HighResTimer; a <see cref="ManualClock"/> in the tests and tools).
    /// </summary>
    public interface IClock
    {
        long NowUs();
    }

    /// <summary>A clock that only moves when told (tests, simulator, budget meter, virtual audio output).</summary>
    public sealed class ManualClock : IClock
    {
        private long _nowUs;

        public ManualClock(long startUs) { _nowUs = startUs; }

        public long NowUs() { return _nowUs; }

        /// <summary>Moves the clock on by us (negative values are ignored: the clock never runs backwards).</summary>
        public void Advance(long us) { if (us > 0) _nowUs += us; }
    }
}
