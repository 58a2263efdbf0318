namespace Bedside.Core.Audio
{
    /// <summary>
    /// Phase-accumulator oscillator over a one-period table of 8192 Q15 entries (default <see cref="Tables.SineQ15"/>)
    /// with linear interpolation. Phase Q32 (one period = 2^32), so the pitch resolution is fs/2^32 Hz.
    /// Not used per sample by <see cref="AudioEngine"/> (whose tones are period-locked loops); available for
    /// control-rate or ahead-of-time rendering. Init(sampleRate) → SetFrequency → Process.
    /// </summary>
    public sealed class WavetableOscillator
    {
        private short[] _table = Tables.SineQ15;
        private int _fs = AudioEngine.DefaultSampleRate;
        private uint _phaseQ32;
        private uint _incQ32;

        /// <summary>sampleRate clamped 8000..48000 Hz; phase reset to 0.</summary>
        public void Init(int sampleRate)
        {
            _fs = sampleRate < 8000 ? 8000 : (sampleRate > 48000 ? 48000 : sampleRate);
            _phaseQ32 = 0;
        }

        /// <summary>Table of exactly 8192 entries (one period, Q15); anything else is ignored.</summary>
        public void SetTable(short[] table) { if (table != null && table.Length == Tables.Length) _table = table; }

        /// <summary>Frequency Hz Q16.16, clamped 0..fs/2. inc = f·2^32/fs = freqHzQ16·65536/fs.</summary>
        public void SetFrequency(int freqHzQ16)
        {
            long f = freqHzQ16 < 0 ? 0 : freqHzQ16;
            long max = (long)_fs << 15;
            if (f > max) f = max;
            _incQ32 = (uint)((f << 16) / _fs);
        }

        /// <summary>
        /// Write count samples (Q15) into dst[offset..]: i = phase &gt;&gt; 19, frac = (phase &gt;&gt; 3) &amp; 0xFFFF,
        /// y = t[i] + ((t[i+1] - t[i])·frac) &gt;&gt; 16.
        /// </summary>
        public void Process(int[] dst, int offset, int count)
        {
            short[] t = _table;
            uint ph = _phaseQ32, inc = _incQ32;
            int end = offset + count;
            for (int k = offset; k < end; k++)
            {
                int i = (int)(ph >> 19);
                int frac = (int)((ph >> 3) & 0xFFFF);
                int a = t[i];
                int b = t[(i + 1) & 8191];
                dst[k] = a + (((b - a) * frac) >> 16);
                ph += inc;
            }
            _phaseQ32 = ph;
        }
    }
}
