namespace Bedside.Core.Runtime
{
    /// <summary>
    /// A sensor without hardware, for hosts that run <see cref="SensorLoop"/> over virtual parts (the simulator,
    /// tests): a FIFO of timestamped readings that the host fills (<see cref="Push"/>) and the sensor loop drains
    /// through <see cref="ISensor.TryRead"/>, oldest first, each reading once its time tUs has come (tUs ≤ nowUs).
    /// Holds up to capacity readings; a push into a full FIFO is refused (returns false), as a hardware FIFO drops
    /// samples when it is not polled in time. No allocation after construction.
    /// </summary>
    public sealed class VirtualSensor : ISensor
    {
        private readonly int[] _raw;
        private readonly long[] _tUs;
        private int _head;
        private int _count;
        private bool _available = true;

        /// <param name="capacity">Most readings held (≥ 1).</param>
        public VirtualSensor(int capacity)
        {
            if (capacity < 1) capacity = 1;
            _raw = new int[capacity];
            _tUs = new long[capacity];
        }

        /// <summary>Whether the sensor reports itself available (true until set otherwise).</summary>
        public bool Available { get { return _available; } set { _available = value; } }

        /// <summary>Readings waiting to be read.</summary>
        public int Count { get { return _count; } }

        /// <summary>Queues one reading taken at tUs (times non-decreasing); false when the FIFO is full.</summary>
        public bool Push(int raw, long tUs)
        {
            if (_count == _raw.Length) return false;
            int at = _head + _count;
            if (at >= _raw.Length) at -= _raw.Length;
            _raw[at] = raw;
            _tUs[at] = tUs;
            _count++;
            return true;
        }

        public bool TryRead(long nowUs, out int raw, out long tUs)
        {
            raw = 0;
            tUs = 0;
            if (!_available || _count == 0 || _tUs[_head] > nowUs) return false;
            raw = _raw[_head];
            tUs = _tUs[_head];
            _head++;
            if (_head == _raw.Length) _head = 0;
            _count--;
            return true;
        }
    }
}
