namespace Bedside.Core.Drivers
{
    /// <summary>
    /// Decides whether the external watchdog (TPL5010) may be fed: only while every supervised thread
    /// (audio, control) has reported a heartbeat within its own deadline. A hung or dead thread stops the
    /// feeding, the watchdog pulls EN low and the board reboots into silent Standby. Time is an argument.
    /// Heartbeats are plain field stores (safe from any thread, no allocation).
    /// </summary>
    public sealed class HealthMonitor
    {
        public const int MaxThreads = 4;

        private readonly long[] _lastBeatMs = new long[MaxThreads];
        private readonly int[] _deadlineMs = new int[MaxThreads];
        private readonly bool[] _registered = new bool[MaxThreads];
        private bool _faulted;

        /// <summary>Registers thread slot 0..3 with its deadline in ms (1..60000, clamped), starting "alive" at nowMs.</summary>
        public void Register(int slot, int deadlineMs, long nowMs)
        {
            if (slot < 0 || slot >= MaxThreads) return;
            if (deadlineMs < 1) deadlineMs = 1; else if (deadlineMs > 60000) deadlineMs = 60000;
            _deadlineMs[slot] = deadlineMs;
            _lastBeatMs[slot] = nowMs;
            _registered[slot] = true;
        }

        public void Beat(int slot, long nowMs)
        {
            if (slot < 0 || slot >= MaxThreads) return;
            _lastBeatMs[slot] = nowMs;
        }

        /// <summary>Latches a fault (e.g. a thread caught an exception): the watchdog is never fed again.</summary>
        public void Fault() { _faulted = true; }

        public bool Faulted { get { return _faulted; } }

        /// <summary>True when no fault is latched, at least one thread is registered and all are within deadline.</summary>
        public bool ShouldFeed(long nowMs)
        {
            if (_faulted) return false;
            bool any = false;
            for (int i = 0; i < MaxThreads; i++)
            {
                if (!_registered[i]) continue;
                any = true;
                long age = nowMs - _lastBeatMs[i];
                if (age < 0 || age > _deadlineMs[i]) return false;
            }
            return any;
        }
    }
}
