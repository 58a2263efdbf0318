namespace Bedside.Core.Drivers
{
    /// <summary>
    /// When the amplifier may play. The I2S clocks run all the time; the amplifier's shutdown pin is released
    /// while the unit wants sound and is pulled low again only when the silence after a stop has actually
    /// reached the speaker: the engine has rendered its stop fade down to silence AND the samples queued in the
    /// DMA ring at that moment (which still hold the fade tail) have played, plus a margin. So the mute always
    /// lands on silence (no cut-off fade, no pop) and the amplifier is never off while sound is queued.
    /// Called once per written block, after the write. Time is an argument (µs).
    /// </summary>
    public sealed class AmpGate
    {
        private readonly int _sampleRateHz;
        private readonly long _marginUs;
        private bool _unmuted;
        private long _muteAtUs = -1;

        /// <summary>sampleRateHz 8000..48000, marginMs 0..1000 (clamped).</summary>
        public AmpGate(int sampleRateHz, int marginMs)
        {
            if (sampleRateHz < 8000) sampleRateHz = 8000; else if (sampleRateHz > 48000) sampleRateHz = 48000;
            if (marginMs < 0) marginMs = 0; else if (marginMs > 1000) marginMs = 1000;
            _sampleRateHz = sampleRateHz;
            _marginUs = marginMs * 1000L;
        }

        /// <summary>The decision of the last Update: true = amplifier on.</summary>
        public bool Unmuted { get { return _unmuted; } }

        /// <summary>
        /// audioRunning = BedsideUnit.AudioRunning, engineSilent = AudioEngine.IsSilent after the block was rendered,
        /// queuedSamples = samples in the DMA ring right after the write (AudioPacer estimate). Returns Unmuted.
        /// </summary>
        public bool Update(bool audioRunning, bool engineSilent, int queuedSamples, long nowUs)
        {
            if (audioRunning)
            {
                _muteAtUs = -1;
                _unmuted = true;
            }
            else if (_unmuted)
            {
                if (_muteAtUs < 0)
                {
                    // queuedSamples * 1e6 / rate: how long until the last rendered (silent) sample is played
                    if (engineSilent) _muteAtUs = nowUs + (long)(queuedSamples < 0 ? 0 : queuedSamples) * 1000000 / _sampleRateHz + _marginUs;
                }
                else if (nowUs >= _muteAtUs)
                {
                    _unmuted = false;
                    _muteAtUs = -1;
                }
            }
            return _unmuted;
        }

        /// <summary>Forces the muted state (after a fault or a re-init).</summary>
        public void Reset() { _unmuted = false; _muteAtUs = -1; }
    }
}
