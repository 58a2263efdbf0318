namespace Bedside.Core.Drivers
{
    /// <summary>
    /// Paces writes into the I2S DMA ring so that I2sDevice.Write never has to block. On nanoFramework a
    /// blocking Write stalls every managed thread (they share one native task), so the audio thread asks
    /// this pacer before each write and sleeps instead when the ring has no room. The ring's fill level is
    /// estimated from the samples written and the time elapsed (the DMA drains exactly sampleRate samples
    /// per second): queued = written - elapsedUs * rate / 1e6. A negative estimate means the ring ran dry
    /// (the driver played zeros): the pacer re-anchors and reports the underrun. Time is an argument (µs).
    /// </summary>
    public sealed class AudioPacer
    {
        private readonly int _sampleRateHz;
        private readonly int _ringSamples;
        private readonly int _blockSamples;
        private long _anchorUs;
        private long _writtenSinceAnchor;
        private bool _started;
        private int _underruns;

        /// <summary>
        /// sampleRateHz 8000..48000, ringSamples = DMA ring capacity in samples (≥ 2 blocks), blockSamples =
        /// samples per Write (≥ 1). Values are clamped into these ranges.
        /// </summary>
        public AudioPacer(int sampleRateHz, int ringSamples, int blockSamples)
        {
            if (sampleRateHz < 8000) sampleRateHz = 8000; else if (sampleRateHz > 48000) sampleRateHz = 48000;
            if (blockSamples < 1) blockSamples = 1;
            if (ringSamples < 2 * blockSamples) ringSamples = 2 * blockSamples;
            _sampleRateHz = sampleRateHz;
            _ringSamples = ringSamples;
            _blockSamples = blockSamples;
        }

        public int Underruns { get { return _underruns; } }
        public int BlockSamples { get { return _blockSamples; } }

        /// <summary>Estimated samples still queued in the ring at nowUs (0..ringSamples).</summary>
        public int QueuedSamples(long nowUs)
        {
            if (!_started) return 0;
            long played = (nowUs - _anchorUs) * _sampleRateHz / 1000000;
            long q = _writtenSinceAnchor - played;
            if (q < 0) return 0;
            if (q > _ringSamples) return _ringSamples;
            return (int)q;
        }

        /// <summary>
        /// Microseconds to wait before one block fits without blocking (0 = write now). Also detects underruns.
        /// </summary>
        public int MicrosUntilWritable(long nowUs)
        {
            if (!_started) return 0;
            long played = (nowUs - _anchorUs) * _sampleRateHz / 1000000;
            long q = _writtenSinceAnchor - played;
            if (q < 0)
            {
                _underruns++;
                _anchorUs = nowUs;
                _writtenSinceAnchor = 0;
                return 0;
            }
            long free = _ringSamples - q;
            if (free >= _blockSamples) return 0;
            return (int)((_blockSamples - free) * 1000000 / _sampleRateHz) + 1;
        }

        /// <summary>Records that one block of <paramref name="samples"/> was handed to Write at nowUs.</summary>
        public void Wrote(int samples, long nowUs)
        {
            if (!_started)
            {
                _started = true;
                _anchorUs = nowUs;
                _writtenSinceAnchor = 0;
            }
            _writtenSinceAnchor += samples;
        }

        /// <summary>Forget the stream (after stop or re-init).</summary>
        public void Reset() { _started = false; _writtenSinceAnchor = 0; }
    }
}
