namespace Bedside.Core.Audio
{
    /// <summary>
    /// One-pole lowpass y += a·(x - y) whose -3 dB cutoff is exact (no bilinear/approximation error): for
    /// w = 2π·fc/fs, b = (2 - cos w) - √((2 - cos w)² - 1) and a = 1 - b give |H(fc)|² = 1/2. cos w comes from
    /// <see cref="Tables.SineQ15"/> with linear interpolation; the square root is an integer Newton iteration.
    /// The coefficient glides linearly to a new cutoff over rampMs (updated once per Process call = control rate),
    /// so a fast sweep cannot click. State y is Q15 with 16 extra fraction bits. Not used per sample by
    /// <see cref="AudioEngine"/> (its tonal brightness is applied as partial amplitudes); for rendering ahead.
    /// Init(sampleRate) → SetCutoff(hz, rampMs) (20..0.45·fs) → Process.
    /// </summary>
    public sealed class OnePoleLowpass
    {
        private int _fs = AudioEngine.DefaultSampleRate;
        private long _yQ31;
        private int _aQ30;
        private int _targetQ30;
        private int _stepQ30;
        private int _blocksLeft;

        /// <summary>sampleRate clamped 8000..48000; cutoff 1 kHz, state 0.</summary>
        public void Init(int sampleRate)
        {
            _fs = sampleRate < 8000 ? 8000 : (sampleRate > 48000 ? 48000 : sampleRate);
            _yQ31 = 0;
            _aQ30 = CoefficientQ30(1000);
            _targetQ30 = _aQ30; _blocksLeft = 0;
        }

        /// <summary>Cutoff Hz clamped 20..0.45·fs; reached linearly (in coefficient) over rampMs, applied per 64-sample block.</summary>
        public void SetCutoff(int cutoffHz, int rampMs)
        {
            _targetQ30 = CoefficientQ30(cutoffHz);
            if (rampMs < 0) rampMs = 0;
            int blocks = (int)(((long)rampMs * _fs) / (64 * 1000L));
            if (blocks < 1) blocks = 1;
            _blocksLeft = blocks;
            _stepQ30 = (_targetQ30 - _aQ30) / blocks;
        }

        /// <summary>Current coefficient a, Q30.</summary>
        public int CoefficientQ30Now { get { return _aQ30; } }

        /// <summary>a for a cutoff (Hz), Q30: a = 1 - (2 - cos w) + √((2 - cos w)² - 1).</summary>
        public int CoefficientQ30(int cutoffHz)
        {
            int maxHz = _fs * 45 / 100;
            if (cutoffHz < 20) cutoffHz = 20;
            if (cutoffHz > maxHz) cutoffHz = maxHz;
            // table position of w + π/2 (cos), Q16 fractional index: pos = (fc·N/fs + N/4)·65536
            long posQ16 = (((long)cutoffHz * Tables.Length) << 16) / _fs + ((long)(Tables.Length / 4) << 16);
            int i = (int)(posQ16 >> 16) & (Tables.Length - 1);
            int frac = (int)(posQ16 & 0xFFFF);
            short[] t = Tables.SineQ15;
            long cosQ15 = t[i] + (((long)(t[(i + 1) & (Tables.Length - 1)] - t[i]) * frac) >> 16);
            long cQ30 = (cosQ15 << 30) / 32767;
            long tQ30 = (2L << 30) - cQ30;                  // 2 - cos w, in [1, 3)
            ulong rad = (ulong)(tQ30 * tQ30 - (1L << 60));   // (2 - cos w)² - 1, Q60
            long root = (long)IntMath.SqrtFloor(rad);                  // Q30
            long a = (1L << 30) - tQ30 + root;
            if (a < 1) a = 1;
            if (a > (1L << 30)) a = 1L << 30;
            return (int)a;
        }

        /// <summary>
        /// Filter x[offset..offset+count) in place (Q15 in, Q15 out): y += a·(x - y), per 64-sample block the
        /// coefficient moves one ramp step. Saturates to ±32767.
        /// </summary>
        public void Process(int[] x, int offset, int count)
        {
            long y = _yQ31;
            int end = offset + count;
            for (int k = offset; k < end; k += 64)
            {
                if (_blocksLeft > 0)
                {
                    _blocksLeft--;
                    _aQ30 = _blocksLeft == 0 ? _targetQ30 : _aQ30 + _stepQ30;
                }
                long a = _aQ30;
                int e = k + 64 < end ? k + 64 : end;
                for (int n = k; n < e; n++)
                {
                    long xin = (long)x[n] << 16;
                    y += ((xin - y) * a) >> 30;
                    int o = (int)(y >> 16);
                    x[n] = o > 32767 ? 32767 : (o < -32767 ? -32767 : o);
                }
            }
            _yQ31 = y;
        }
    }
}
