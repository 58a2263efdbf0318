namespace Bedside.Core.Audio
{
    /// <summary>
    /// Control-rate linear ramp of a Q15 gain (0..32767). Internal value Q30 (= Q15 &lt;&lt; 15) so slow ramps
    /// (minutes) still move every tick. Init → Set(target, ticks) → Step() once per control tick.
    /// A ramp always takes at least one tick, so every change is smoothed.
    /// </summary>
    public sealed class LinearRamp
    {
        private int _curQ30;
        private int _stepQ30;
        private int _ticksLeft;
        private int _targetQ15;

        /// <summary>Jump to valueQ15 (clamped 0..32767) with no ramp. Use only while silent.</summary>
        public void Reset(int valueQ15)
        {
            valueQ15 = ClampQ15(valueQ15);
            _curQ30 = valueQ15 << 15; _targetQ15 = valueQ15; _stepQ30 = 0; _ticksLeft = 0;
        }

        /// <summary>Ramp linearly to targetQ15 (clamped 0..32767) over ticks (clamped 1..2^24) control ticks.</summary>
        public void Set(int targetQ15, int ticks)
        {
            targetQ15 = ClampQ15(targetQ15);
            if (ticks < 1) ticks = 1;
            if (ticks > (1 << 24)) ticks = 1 << 24;
            _targetQ15 = targetQ15;
            _ticksLeft = ticks;
            // step = (target - current) / ticks, truncated toward zero so the ramp never overshoots
            _stepQ30 = ((targetQ15 << 15) - _curQ30) / ticks;
        }

        /// <summary>Advance one tick; returns the new value, Q15. The last tick lands exactly on the target.</summary>
        public int Step()
        {
            if (_ticksLeft > 0)
            {
                _ticksLeft--;
                if (_ticksLeft == 0) _curQ30 = _targetQ15 << 15;
                else _curQ30 += _stepQ30;
            }
            return _curQ30 >> 15;
        }

        /// <summary>Current value, Q15.</summary>
        public int ValueQ15 { get { return _curQ30 >> 15; } }

        /// <summary>Target value, Q15.</summary>
        public int TargetQ15 { get { return _targetQ15; } }

        /// <summary>True while the ramp has not reached its target.</summary>
        public bool Moving { get { return _ticksLeft > 0; } }

        private static int ClampQ15(int v) { return v < 0 ? 0 : (v > 32767 ? 32767 : v); }
    }
}
