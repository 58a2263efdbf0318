namespace Bedside.Core.Drivers
{
    /// <summary>
    /// Fixed-size single-producer / single-consumer queue of button edges (pressed flag + timestamp in ms).
    /// The GPIO interrupt handler pushes, the control thread pops. Arrays sized in the constructor; a full
    /// queue drops the newest edge and counts it (never blocks, never allocates).
    /// </summary>
    public sealed class EdgeQueue
    {
        private readonly bool[] _pressed;
        private readonly long[] _tMs;
        private readonly int _mask;
        private int _head; // next write (producer)
        private int _tail; // next read (consumer)
        private int _dropped;

        /// <summary>capacityPow2 is rounded up to a power of two, 2..256.</summary>
        public EdgeQueue(int capacityPow2)
        {
            int c = 2;
            while (c < capacityPow2 && c < 256) c <<= 1;
            _pressed = new bool[c];
            _tMs = new long[c];
            _mask = c - 1;
        }

        public int Capacity { get { return _mask + 1; } }
        public int Count { get { return _head - _tail; } }
        public int Dropped { get { return _dropped; } }

        /// <summary>Producer side. Returns false (and counts a drop) when full.</summary>
        public bool Push(bool pressed, long tMs)
        {
            int head = _head;
            if (head - _tail >= _mask + 1) { _dropped++; return false; }
            _pressed[head & _mask] = pressed;
            _tMs[head & _mask] = tMs;
            _head = head + 1;
            return true;
        }

        /// <summary>Consumer side. Returns false when empty; otherwise the oldest edge.</summary>
        public bool TryPop(out bool pressed, out long tMs)
        {
            int tail = _tail;
            if (tail == _head) { pressed = false; tMs = 0; return false; }
            pressed = _pressed[tail & _mask];
            tMs = _tMs[tail & _mask];
            _tail = tail + 1;
            return true;
        }
    }
}
