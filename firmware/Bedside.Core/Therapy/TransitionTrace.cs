namespace Bedside.Core.Therapy
{
    /// <summary>
    /// Fixed-size ring of the last transitions: (state entered, reason, time in ms as given by the host).
    /// Index 0 is the oldest kept entry. Allocated once; Add never allocates.
    /// </summary>
    public sealed class TransitionTrace
    {
        private readonly byte[] _state;
        private readonly byte[] _reason;
        private readonly long[] _tMs;
        private int _head, _count;
        private long _total;

        /// <param name="capacity">entries kept, 4..4096 (clamped)</param>
        public TransitionTrace(int capacity)
        {
            if (capacity < 4) capacity = 4;
            if (capacity > 4096) capacity = 4096;
            _state = new byte[capacity]; _reason = new byte[capacity]; _tMs = new long[capacity];
        }

        public int Capacity { get { return _state.Length; } }
        /// <summary>Entries currently kept (≤ Capacity).</summary>
        public int Count { get { return _count; } }
        /// <summary>Transitions ever added (older ones beyond Capacity are overwritten).</summary>
        public long Total { get { return _total; } }

        public void Add(TherapyState state, TransitionReason reason, long tMs)
        {
            int cap = _state.Length;
            int i;
            if (_count < cap) { i = (_head + _count) % cap; _count++; }
            else { i = _head; _head = (_head + 1) % cap; }
            _state[i] = (byte)state; _reason[i] = (byte)reason; _tMs[i] = tMs;
            _total++;
        }

        public TherapyState StateAt(int index) { return (TherapyState)_state[Slot(index)]; }
        public TransitionReason ReasonAt(int index) { return (TransitionReason)_reason[Slot(index)]; }
        public long TimeMsAt(int index) { return _tMs[Slot(index)]; }

        public void Clear() { _head = 0; _count = 0; }

        private int Slot(int index)
        {
            if (index < 0) index = 0;
            if (index >= _count) index = _count - 1;
            if (index < 0) return 0;
            return (_head + index) % _state.Length;
        }
    }
}
