using Bedside.Core.Unit;

namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The sensor thread's body: a fixed-rate schedule per sensor in µs, one <see cref="Step"/> per wake-up.
    /// Each due sensor is read through <see cref="ISensor.TryRead"/> (all readings of one poll, outside the unit
    /// lock: a bus transfer must not hold it), then the batch is pushed to the unit under the lock, each reading
    /// with the time it was taken. A schedule that fell more than one period behind (GC, a bus recovery) restarts
    /// from now instead of bursting. Sensor availability (fitted and <see cref="ISensor.Available"/>) goes to the
    /// sensing hub whenever it changes, so the therapy falls back when a sensor fails. No allocation after construction.
    /// </summary>
    public sealed class SensorLoop
    {
        /// <summary>Most readings taken from one sensor per due time (the MAX30102 FIFO holds 32).</summary>
        public const int MaxReadsPerPoll = 64;
        /// <summary>Wait returned when no sensor is fitted, µs.</summary>
        public const long IdleWaitUs = 1000000;

        private readonly BedsideUnit _unit;
        private readonly object _sync;
        private readonly ISensor _pulse;
        private readonly ISensor _eda;
        private readonly long _pulsePeriodUs;
        private readonly long _edaPeriodUs;
        private readonly int[] _raw = new int[MaxReadsPerPoll];
        private readonly long[] _tUs = new long[MaxReadsPerPoll];
        private long _nextPulse;
        private long _nextEda;
        private bool _pulseAvailable;
        private bool _edaAvailable;

        /// <param name="unit">The unit the readings go to.</param>
        /// <param name="sync">The unit lock.</param>
        /// <param name="pulse">The pulse sensor, or null when none is fitted.</param>
        /// <param name="pulsePeriodUs">Time between pulse reads (a FIFO sensor: between polls).</param>
        /// <param name="eda">The skin-conductance sensor, or null.</param>
        /// <param name="edaPeriodUs">Time between EDA reads.</param>
        /// <param name="startUs">Time of the first reads.</param>
        public SensorLoop(BedsideUnit unit, object sync, ISensor pulse, long pulsePeriodUs, ISensor eda, long edaPeriodUs, long startUs)
        {
            _unit = unit;
            _sync = sync;
            _pulse = pulse;
            _eda = eda;
            _pulsePeriodUs = pulsePeriodUs < 1 ? 1 : pulsePeriodUs;
            _edaPeriodUs = edaPeriodUs < 1 ? 1 : edaPeriodUs;
            _nextPulse = startUs;
            _nextEda = startUs;
            UpdateAvailability(true);
        }

        /// <summary>Whether the hub was last told the pulse sensor is available.</summary>
        public bool PulseAvailable { get { return _pulseAvailable; } }

        /// <summary>Whether the hub was last told the EDA sensor is available.</summary>
        public bool EdaAvailable { get { return _edaAvailable; } }

        /// <summary>Reads and pushes every sensor due at nowUs; returns the time the next one is due, µs (the host sleeps until then).</summary>
        public long Step(long nowUs)
        {
            if (_pulse != null && nowUs >= _nextPulse) _nextPulse = Poll(_pulse, true, _nextPulse, _pulsePeriodUs, nowUs);
            if (_eda != null && nowUs >= _nextEda) _nextEda = Poll(_eda, false, _nextEda, _edaPeriodUs, nowUs);
            UpdateAvailability(false);

            if (_pulse == null && _eda == null) return nowUs + IdleWaitUs;
            long next = _eda != null ? _nextEda : _nextPulse;
            if (_pulse != null && _nextPulse < next) next = _nextPulse;
            return next;
        }

        /// <summary>Takes one poll's readings from a due sensor (outside the lock), pushes them under the lock; returns the next due time.</summary>
        private long Poll(ISensor sensor, bool pulse, long dueUs, long periodUs, long nowUs)
        {
            int n = 0;
            int raw;
            long t;
            while (n < MaxReadsPerPoll && sensor.TryRead(nowUs, out raw, out t))
            {
                _raw[n] = raw;
                _tUs[n] = t;
                n++;
            }
            if (n > 0)
            {
                lock (_sync)
                {
                    for (int k = 0; k < n; k++)
                    {
                        if (pulse) _unit.PushPulse(_raw[k], _tUs[k]);
                        else _unit.PushEda(_raw[k], _tUs[k]);
                    }
                }
            }
            return Advance(dueUs, periodUs, nowUs);
        }

        /// <summary>Next due time: one period on, or one period from now when more than a period was missed.</summary>
        public static long Advance(long dueUs, long periodUs, long nowUs)
        {
            long next = dueUs + periodUs;
            return next <= nowUs - periodUs ? nowUs + periodUs : next;
        }

        private void UpdateAvailability(bool force)
        {
            bool pulse = _pulse != null && _pulse.Available;
            bool eda = _eda != null && _eda.Available;
            if (!force && pulse == _pulseAvailable && eda == _edaAvailable) return;
            _pulseAvailable = pulse;
            _edaAvailable = eda;
            lock (_sync)
            {
                _unit.Sensing.SetPulseAvailable(pulse);
                _unit.Sensing.SetEdaAvailable(eda);
            }
        }
    }
}
