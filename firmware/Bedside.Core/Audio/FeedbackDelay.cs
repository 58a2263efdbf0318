namespace Bedside.Core.Audio
{
    /// <summary>
    /// Space effect building block: a feedback delay (one comb of a delay network), Q15.
    /// w = x + (fb·d) &gt;&gt; 15 is written to the line, y = x + (mix·d) &gt;&gt; 15, with d the line output
    /// delaySamples ago. Feedback is clamped to 0.9 so the loop is always stable. The buffer (short[maxDelay])
    /// is allocated in the constructor: 2 bytes per sample, so it is NOT part of the engine's default 96 KB
    /// profile (the period-locked tonal loop cannot carry a time-varying tail); intended for a PSRAM profile
    /// or for rendering ahead. Construct(maxDelaySamples) → SetDelay/SetFeedback/SetMix → Process.
    /// </summary>
    public sealed class FeedbackDelay
    {
        /// <summary>Largest feedback, Q15 (0.9).</summary>
        public const int MaxFeedbackQ15 = 29491;

        private readonly short[] _line;
        private int _write;
        private int _delay;
        private int _fbQ15;
        private int _mixQ15;

        /// <summary>maxDelaySamples clamped 1..65536.</summary>
        public FeedbackDelay(int maxDelaySamples)
        {
            if (maxDelaySamples < 1) maxDelaySamples = 1;
            if (maxDelaySamples > 65536) maxDelaySamples = 65536;
            _line = new short[maxDelaySamples];
            _delay = maxDelaySamples;
        }

        /// <summary>Delay in samples, clamped 1..maxDelaySamples.</summary>
        public void SetDelay(int samples) { _delay = samples < 1 ? 1 : (samples > _line.Length ? _line.Length : samples); }

        /// <summary>Feedback Q15, clamped 0..MaxFeedbackQ15.</summary>
        public void SetFeedback(int fbQ15) { _fbQ15 = fbQ15 < 0 ? 0 : (fbQ15 > MaxFeedbackQ15 ? MaxFeedbackQ15 : fbQ15); }

        /// <summary>Wet level Q15, clamped 0..32767.</summary>
        public void SetMix(int mixQ15) { _mixQ15 = mixQ15 < 0 ? 0 : (mixQ15 > 32767 ? 32767 : mixQ15); }

        /// <summary>Clear the line.</summary>
        public void Reset() { System.Array.Clear(_line, 0, _line.Length); _write = 0; }

        /// <summary>In place over buf[offset..offset+count) (Q15 in; out saturated to ±32767).</summary>
        public void Process(int[] buf, int offset, int count)
        {
            short[] line = _line;
            int len = line.Length, w = _write, fb = _fbQ15, mix = _mixQ15;
            int r = w - _delay; if (r < 0) r += len;
            int end = offset + count;
            for (int k = offset; k < end; k++)
            {
                int x = buf[k];
                int d = line[r];
                int win = x + ((fb * d) >> 15);
                line[w] = (short)(win > 32767 ? 32767 : (win < -32767 ? -32767 : win));
                int y = x + ((mix * d) >> 15);
                buf[k] = y > 32767 ? 32767 : (y < -32767 ? -32767 : y);
                if (++w == len) w = 0;
                if (++r == len) r = 0;
            }
            _write = w;
        }
    }
}
