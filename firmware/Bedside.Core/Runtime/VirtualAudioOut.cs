using Bedside.Core.Drivers;

namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The device's paced I2S ring without the hardware, for hosts that run <see cref="AudioLoop"/> on a
    /// <see cref="ManualClock"/>: the same <see cref="AudioPacer"/> arithmetic decides how long a write waits, and
    /// the wait moves the clock instead of sleeping, so virtual time advances exactly as the played audio does.
    /// Also the amplifier enable, which (like the device's) refuses until the first write is clockSettleUs old.
    /// </summary>
    public sealed class VirtualAudioOut : IAudioOut, IAmplifier
    {
        private readonly ManualClock _clock;
        private readonly AudioPacer _pacer;
        private readonly long _settleUs;
        private readonly long _writeCostUs;
        private long _firstWriteUs = -1;
        private long _lastWriteUs = -1;
        private bool _unmuted;
        private int _switches;

        /// <param name="clock">The clock the waits move.</param>
        /// <param name="sampleRateHz">Playback rate.</param>
        /// <param name="ringSamples">Ring capacity, samples (4096 on the device).</param>
        /// <param name="blockSamples">Samples per write.</param>
        /// <param name="clockSettleUs">Time after the first write before the amplifier may be enabled.</param>
        /// <param name="writeCostUs">Time each write takes after its wait (the rest of the device's loop body).</param>
        public VirtualAudioOut(ManualClock clock, int sampleRateHz, int ringSamples, int blockSamples, long clockSettleUs, long writeCostUs)
        {
            _clock = clock;
            _pacer = new AudioPacer(sampleRateHz, ringSamples, blockSamples);
            _settleUs = clockSettleUs;
            _writeCostUs = writeCostUs;
        }

        /// <summary>Time of the first write, µs (-1 before it): with no underrun, sample i plays i / rate after it.</summary>
        public long FirstWriteUs { get { return _firstWriteUs; } }

        /// <summary>Time the last write went out, µs.</summary>
        public long LastWriteUs { get { return _lastWriteUs; } }

        public int Underruns { get { return _pacer.Underruns; } }

        /// <summary>Times the amplifier changed state.</summary>
        public int AmpSwitches { get { return _switches; } }

        public void WritePaced(byte[] pcm, int count)
        {
            _clock.Advance(_pacer.MicrosUntilWritable(_clock.NowUs()));
            long nowUs = _clock.NowUs();
            if (_firstWriteUs < 0) _firstWriteUs = nowUs;
            _lastWriteUs = nowUs;
            _pacer.Wrote(count / 2, nowUs);
            _clock.Advance(_writeCostUs);
        }

        public int QueuedSamples(long nowUs) { return _pacer.QueuedSamples(nowUs); }

        public bool Unmuted { get { return _unmuted; } }

        public bool Unmute(long nowUs)
        {
            if (_unmuted) return true;
            if (_firstWriteUs < 0 || nowUs - _firstWriteUs < _settleUs) return false;
            _unmuted = true;
            _switches++;
            return true;
        }

        public void Mute()
        {
            if (_unmuted) _switches++;
            _unmuted = false;
        }
    }
}
