using Bedside.Core.Drivers;
using Bedside.Core.Unit;

namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The audio thread's body, one block per <see cref="Step"/>. The device runs it forever on its audio thread;
    /// the tests, the on-device timing test and the budget meter run the same steps over virtual parts.
    ///
    /// A step fills one block of blockSamples samples: every <see cref="Rates.ControlPeriodSamples"/> rendered
    /// samples (800 at 16 kHz) it drains the button edges into the unit and runs <see cref="BedsideUnit.ControlTick"/>
    /// (both under the unit lock, at the clock's time); between control ticks it renders. The block then goes to
    /// <see cref="IAudioOut.WritePaced"/>, which waits until the output has room, so control ticks follow the audio
    /// clock: 20 per second of played audio. After the write the amplifier follows <see cref="AmpGate"/>: on while
    /// the unit reports AudioRunning, off once the stop fade has rendered to silence and the queued samples holding
    /// its tail have played (plus muteMarginMs). Last, the step reports a heartbeat to the health monitor.
    /// No allocation after construction.
    /// </summary>
    public sealed class AudioLoop
    {
        private readonly BedsideUnit _unit;
        private readonly object _sync;
        private readonly IEdgeSource _edges;
        private readonly IAudioOut _out;
        private readonly IAmplifier _amp;
        private readonly HealthMonitor _health;
        private readonly int _healthSlot;
        private readonly int _blockSamples;
        private readonly int _samplesPerTick;
        private readonly AmpGate _gate;
        private readonly byte[] _block;
        private int _untilTick;
        private long _ticks;

        /// <param name="unit">The unit (only this thread renders it).</param>
        /// <param name="sync">The unit lock shared with the other threads.</param>
        /// <param name="edges">Button edges, or null when there is no button.</param>
        /// <param name="output">The paced PCM output.</param>
        /// <param name="amp">The amplifier enable, or null.</param>
        /// <param name="health">Heartbeat target, or null.</param>
        /// <param name="healthSlot">The audio thread's slot in health.</param>
        /// <param name="blockSamples">Samples per block (≥ 1).</param>
        /// <param name="muteMarginMs">Extra wait after the last queued sample should have played before the amplifier is muted.</param>
        public AudioLoop(BedsideUnit unit, object sync, IEdgeSource edges, IAudioOut output, IAmplifier amp,
            HealthMonitor health, int healthSlot, int blockSamples, int muteMarginMs)
        {
            _unit = unit;
            _sync = sync;
            _edges = edges;
            _out = output;
            _amp = amp;
            _health = health;
            _healthSlot = healthSlot;
            _blockSamples = blockSamples < 1 ? 1 : blockSamples;
            _samplesPerTick = Rates.ControlPeriodSamples(unit.SampleRate);
            _gate = new AmpGate(unit.SampleRate, muteMarginMs);
            _block = new byte[_blockSamples * 2];
        }

        /// <summary>The block the last step wrote (16-bit little-endian mono).</summary>
        public byte[] Block { get { return _block; } }

        public int BlockSamples { get { return _blockSamples; } }

        /// <summary>Control ticks run so far.</summary>
        public long Ticks { get { return _ticks; } }

        /// <summary>One block: control ticks due + render, paced write, amplifier gate, heartbeat. Reads time only from clock.</summary>
        public void Step(IClock clock)
        {
            BedsideUnit unit = _unit;
            int filled = 0;
            while (filled < _blockSamples)
            {
                if (_untilTick == 0)
                {
                    long nowMs = clock.NowUs() / 1000;
                    lock (_sync)
                    {
                        if (_edges != null)
                        {
                            bool pressed;
                            long tMs;
                            while (_edges.TryGetEdge(out pressed, out tMs)) unit.OnButtonEdge(pressed, tMs);
                        }
                        unit.ControlTick(nowMs);
                    }
                    _ticks++;
                    _untilTick = _samplesPerTick;
                }
                int n = _blockSamples - filled;
                if (n > _untilTick) n = _untilTick;
                unit.Render(_block, filled * 2, n);
                filled += n;
                _untilTick -= n;
            }
            _out.WritePaced(_block, _blockSamples * 2);

            long nowUs = clock.NowUs();
            bool want = _gate.Update(unit.AudioRunning, unit.Engine.IsSilent, _out.QueuedSamples(nowUs), nowUs);
            if (_amp != null)
            {
                if (want && !_amp.Unmuted) _amp.Unmute(nowUs); // refuses until the output allows it; retried next block
                else if (!want && _amp.Unmuted) _amp.Mute();
            }
            if (_health != null) _health.Beat(_healthSlot, nowUs / 1000);
        }
    }
}
