namespace Bedside.Core.Audio
{
    /// <summary>
    /// Soft limiter followed by a hard cap, for material rendered ahead of time (the engine's final loop guarantees
    /// its cap by construction instead: see <see cref="AudioEngine"/>). Below the knee the signal passes unchanged;
    /// above it, y = knee + (|x| - knee)·r / ((|x| - knee) + r) with r = cap - knee (a rational curve, slope 1 at
    /// the knee, approaching the cap asymptotically); then |y| ≤ cap is enforced. Monotonic, odd, any int input.
    /// Init → SetCap(capQ15, kneeQ15) → Process.
    /// </summary>
    public sealed class SoftLimiter
    {
        private int _cap = 32767;
        private int _knee = 24576;

        /// <summary>cap Q15 clamped 1..32767; knee Q15 clamped 0..cap-1.</summary>
        public void SetCap(int capQ15, int kneeQ15)
        {
            _cap = capQ15 < 1 ? 1 : (capQ15 > 32767 ? 32767 : capQ15);
            _knee = kneeQ15 < 0 ? 0 : (kneeQ15 >= _cap ? _cap - 1 : kneeQ15);
        }

        /// <summary>One sample (any int, e.g. a Q15 mix with headroom) → |y| ≤ cap.</summary>
        public int Process(int x)
        {
            long ax = x < 0 ? -(long)x : x;
            if (ax <= _knee) return x;
            long over = ax - _knee;
            long r = _cap - _knee;
            long y = _knee + (over * r) / (over + r);
            if (y > _cap) y = _cap;
            return x < 0 ? -(int)y : (int)y;
        }

        /// <summary>In place over buf[offset..offset+count).</summary>
        public void Process(int[] buf, int offset, int count)
        {
            int end = offset + count;
            for (int k = offset; k < end; k++) buf[k] = Process(buf[k]);
        }
    }
}
