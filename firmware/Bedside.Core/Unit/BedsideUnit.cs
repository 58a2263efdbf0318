using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Therapy;

namespace Bedside.Core.Unit
{
    /// <summary>
    /// The whole portable core wired together: sensing → therapy → composer → engine, plus the caregiver cues.
    /// Both hosts (the ESP32 <c>Program</c> and the PC simulator) construct exactly this object and only feed it
    /// sensor readings, button edges and time, and pull PCM from it; neither copies any of this logic.
    ///
    /// Rates: <see cref="PushPulse"/>/<see cref="PushEda"/> at the sensor rates (with µs timestamps),
    /// <see cref="ControlTick"/> at <see cref="ControlTickMs"/> (irregular ticks are safe), <see cref="Render"/>
    /// whenever the audio sink wants bytes. On the device the control tick and the render run on the audio thread
    /// (the composer drives the engine, so they must not race); sensor pushes come from the sensor thread and
    /// the host serialises them against <see cref="ControlTick"/> with one lock.
    /// </summary>
    public sealed class BedsideUnit
    {
        /// <summary>Nominal control tick, ms (20 Hz): the therapy machine and the composer are designed for it.</summary>
        public const int ControlTickMs = 50;
        /// <summary>Cues play this far below the listening level, hundredths of a dB.</summary>
        public const int CueBelowLevelCentiDb = 600;
        /// <summary>How long the engine keeps running after a cue played in Standby, ms.</summary>
        public const int CueTailMs = 3000;

        public readonly SensingHub Sensing;
        public readonly BedsideController Controller;
        public readonly MusicComposer Composer = new MusicComposer();
        public readonly AudioEngine Engine = new AudioEngine();
        public readonly PhysioSnapshot Physio = new PhysioSnapshot();

        private readonly uint _seed;
        private uint _sessions;
        private bool _audioRunning;
        private bool _composing;
        private long _cueUntilMs = long.MinValue;
        private int _appliedCapCentiDb = int.MinValue;
        private ProgramKind _appliedProgram = (ProgramKind)255;

        /// <param name="storage">Settings and session-log storage (flash on the device, RAM in the simulator).</param>
        /// <param name="sensing">The sensing hub configured for the fitted sensors.</param>
        /// <param name="sampleRate">11025, 16000 or 22050 Hz.</param>
        /// <param name="seed">Base seed; each session's music uses seed + session number (the device passes a fresh random seed per boot).</param>
        public BedsideUnit(IStorage storage, SensingHub sensing, int sampleRate, uint seed)
        {
            Sensing = sensing;
            Controller = new BedsideController(storage);
            _seed = seed;
            Engine.Init(sampleRate, seed);
            Composer.Init(seed, Engine);
            ApplySettingsToAudio();
        }

        public int SampleRate { get { return Engine.SampleRate; } }

        /// <summary>True while the engine is producing sound (session or a cue).</summary>
        public bool AudioRunning { get { return _audioRunning; } }

        public void PushPulse(int raw, long tUs) { Sensing.PushPulse(raw, tUs); }

        public void PushEda(int raw, long tUs) { Sensing.PushEda(raw, tUs); }

        public void OnButtonEdge(bool pressed, long tMs) { Controller.OnButtonEdge(pressed, tMs); }

        /// <summary>Starts a session as if the button had been pressed in Standby.</summary>
        public void StartSession(long nowMs) { Controller.StartSession(nowMs); }

        /// <summary>Control-rate step: sensing summary → therapy → composer → engine targets. No allocation.</summary>
        public void ControlTick(long nowMs)
        {
            Sensing.Update(nowMs, Physio);
            Controller.Tick(nowMs, Physio);
            ApplySettingsToAudio();

            bool session = Controller.AudioShouldRun;
            if (session && !_composing)
            {
                // A new session: fresh music from the next seed, the current preset and program.
                _sessions++;
                Composer.Init(_seed + _sessions * 0x9E3779B9u, Engine);
                Composer.SetSleepTimerMinutes(0); // the therapy layer owns the sleep timer and its fade
                Composer.SetPreset(Controller.Settings.Preset);
                _appliedProgram = (ProgramKind)255;
                _composing = true;
            }
            else if (!session && _composing)
            {
                _composing = false;
            }

            if (_composing)
            {
                if (Controller.Program != _appliedProgram)
                {
                    Composer.SetProgram(Controller.Program);
                    _appliedProgram = Controller.Program;
                }
                Composer.Tick(nowMs, Controller.Controls);
            }

            Cue cue = Controller.TakeCue();
            if (cue != Cue.None) PlayCue(cue, Controller.PendingCueArg, nowMs);

            bool wantAudio = _composing || nowMs < _cueUntilMs;
            if (wantAudio && !_audioRunning) { Engine.Start(20); _audioRunning = true; }
            else if (!wantAudio && _audioRunning) { Engine.Stop(200); _audioRunning = false; }
        }

        /// <summary>Writes sampleCount samples of signed 16-bit LE mono PCM at dst[offset].</summary>
        public void Render(byte[] dst, int offset, int sampleCount) { Engine.Render(dst, offset, sampleCount); }

        private void ApplySettingsToAudio()
        {
            int cap = Controller.Settings.LevelCapCentiDb;
            if (cap != _appliedCapCentiDb)
            {
                Engine.SetLevelCapCentiDb(cap);
                _appliedCapCentiDb = cap;
            }
        }

        // ---- caregiver cues: short, soft bell / pluck figures below the listening level (also in Standby)

        private void PlayCue(Cue cue, int arg, long nowMs)
        {
            int level = Controller.Settings.StoredLevelCentiDb;
            if (level > Controller.Settings.DefaultLevelCentiDb) level = Controller.Settings.DefaultLevelCentiDb;
            if (!_composing) Engine.SetMasterLevel(level - CueBelowLevelCentiDb, 20);
            const int low = 196 << 16, mid = 294 << 16, high = 392 << 16;
            const int gain = 9000;
            switch (cue)
            {
                case Cue.Start: Note(Timbre.Bell, low, gain); Note(Timbre.Bell, mid, gain); break;
                case Cue.Stop: Note(Timbre.Bell, mid, gain); Note(Timbre.Bell, low, gain); break;
                case Cue.VolumeDown: Note(Timbre.Pluck, low, gain); break;
                case Cue.VolumeUp: Note(Timbre.Pluck, mid, gain); Note(Timbre.Pluck, high, gain / 2); break;
                case Cue.VolumeLimit: Note(Timbre.Pluck, low, gain / 3); break;
                case Cue.Program:
                    Note(Timbre.Bell, mid, gain);
                    if (arg >= 1) Note(Timbre.Bell, high, gain / 2);
                    if (arg >= 2) Note(Timbre.Bell, low, gain / 2);
                    if (arg >= 3) Note(Timbre.Bell, 588 << 16, gain / 3);
                    break;
                case Cue.PairingOpen: Note(Timbre.Bell, low, gain); Note(Timbre.Bell, mid, gain); Note(Timbre.Bell, high, gain); break;
                case Cue.PairingClosed: Note(Timbre.Bell, high, gain / 2); Note(Timbre.Bell, low, gain / 2); break;
                default: Note(Timbre.Pluck, low, gain / 3); break;
            }
            _cueUntilMs = nowMs + CueTailMs;
        }

        private void Note(Timbre timbre, int freqHzQ16, int gainQ15)
        {
            Engine.NoteOn(timbre, freqHzQ16, gainQ15, 20, 300, 900);
        }
    }
}
