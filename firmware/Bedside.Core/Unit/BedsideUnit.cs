using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Runtime;
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
    /// <see cref="ControlTick"/> once per <see cref="Rates.ControlPeriodMs"/> (irregular ticks are safe), <see cref="Render"/>
    /// whenever the audio sink wants bytes. On the device the control tick and the render run in the core's <see cref="AudioLoop"/> on the audio thread
    /// (the composer drives the engine, so they must not race); sensor pushes come from the sensor thread and
    /// the host serialises them against <see cref="ControlTick"/> with one lock.
    /// </summary>
    public sealed class BedsideUnit
    {
        /// <summary>How long the engine keeps running after a cue played in Standby, ms.</summary>
        public const int CueTailMs = 3000;

        /// <summary>
        /// A Start cue (keep playing, pressed during a fade-out) that a fade holds more than this far below the listening
        /// level (hundredths of a dB of tone-bus gain) cannot be raised to it on the music's own bus: the music, that quiet,
        /// ramps out and the session begins anew as after a tap in Standby (the cue alone, the music one cue step later).
        /// </summary>
        public const int ResumeAnewBelowCentiDb = 1800;

        /// <summary>
        /// A Stop cue due while a fade (the sleep timer's, a fade-in) holds the music more than this far below the listening
        /// level (hundredths of a dB): the stop fade (60 dB in 3 s) would take the cue down with the music, already that much
        /// lower, past 12 dB below the listening level, so the music ramps out and the cue plays alone, as in Standby. From a
        /// steady level the Stop cue plays inside the stop fade.
        /// </summary>
        public const int StopAloneBelowCentiDb = 200;

        /// <summary>Ramp of the music when a cue in a fade ends it early, ms (the engine's run gain, then silence).</summary>
        public const int DeepFadeRampMs = 250;

        public readonly SensingHub Sensing;
        public readonly BedsideController Controller;
        public readonly MusicComposer Composer = new MusicComposer();
        public readonly AudioEngine Engine = new AudioEngine();
        public readonly PhysioSnapshot Physio = new PhysioSnapshot();

        private readonly uint _seed;
        private uint _sessions;
        private bool _audioRunning;
        private bool _composing;
        private bool _sessionStartTick;
        private long _musicFromMs = long.MinValue; // MaxValue: a cue in a fade ended the music until the session resumes
        private long _cueUntilMs = long.MinValue;
        private bool _silencing, _silencingToResume, _cueAlone;
        private int _appliedCapCentiDb = int.MinValue;
        private ProgramKind _appliedProgram = (ProgramKind)255;
        private readonly Preset _appliedPreset = new Preset();

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
            bool musicJustStarted = false;
            if (_composing) CheckDeepFadeCue();
            if (_silencing)
            {
                // the music is ramping out under a deep-fade cue (see CheckDeepFadeCue): once silent, the engine starts
                // from a clean state (no voices, no bed) so the cue is heard alone, as in Standby
                if (!Engine.IsSilent) return;
                Engine.Init(Engine.SampleRate, _seed ^ (_sessions * 0x9E3779B9u) ^ 0x5EEDu);
                Engine.SetLevelCapCentiDb(_appliedCapCentiDb);
                _silencing = false;
                // keep playing begins the session anew; a stop (or a keep playing that a stop overtook) ends the music
                if (_silencingToResume && Controller.State != TherapyState.FadeOut) _musicFromMs = long.MinValue;
            }
            // pressed to keep playing after a Stop cue ended the music early: the session begins anew
            if (_musicFromMs == long.MaxValue && session && Controller.State != TherapyState.FadeOut) _musicFromMs = long.MinValue;
            if (!session) _musicFromMs = long.MinValue;
            else if (!_composing && _musicFromMs == long.MinValue)
            {
                // A session just started. When it was started by the button, its Start cue confirms the press first, as
                // it would in Standby (the master at the tone-bus gain the session will have, nothing else playing), and
                // the music joins one cue step later, at the fade-in's level by then: the cue is heard at once, at its
                // own level, whatever the fade.
                // Any other cue pending as a session begins (a press recognised in the tick a session was started from
                // outside) plays the same way: alone first, not on a bus that is only starting to rise.
                _musicFromMs = nowMs;
                Cue first = Controller.TakeCue();
                if (first != Cue.None)
                {
                    PlayCue(first, Controller.PendingCueArg, nowMs);
                    _musicFromMs = nowMs + CueStepMs;
                }
            }
            if (session && !_composing && nowMs >= _musicFromMs)
            {
                // A new session: fresh music from the next seed, the current preset and program.
                _sessions++;
                Composer.Init(_seed + _sessions * 0x9E3779B9u, Engine);
                Composer.SetSleepTimerMinutes(0); // the therapy layer owns the sleep timer and its fade
                Composer.SetPreset(Controller.Settings.Preset);
                _appliedPreset.CopyFrom(Controller.Settings.Preset);
                _appliedProgram = (ProgramKind)255;
                _composing = true;
                _sessionStartTick = true;
            }
            else if (!session && _composing)
            {
                // The session has faded out: clear its sustained layers so a later cue in Standby is heard alone
                // (the engine keeps drone and bed gains until told otherwise).
                for (int slot = 0; slot < AudioEngine.DroneSlots; slot++) Engine.SetDrone(slot, Timbre.Pad, 0, 0, 200);
                Engine.SetNoiseBed(NoiseColor.Off, 0, 200);
                _composing = false;
            }

            if (_composing)
            {
                // A therapist preset written over BLE mid-session takes effect at once; the composer brings the new
                // pitch set and instrumentation in at its next layer boundaries (no jumps).
                if (!Controller.Settings.Preset.SameAs(_appliedPreset))
                {
                    Composer.SetPreset(Controller.Settings.Preset);
                    _appliedPreset.CopyFrom(Controller.Settings.Preset);
                }
                if (Controller.Program != _appliedProgram)
                {
                    Composer.SetProgram(Controller.Program);
                    _appliedProgram = Controller.Program;
                }
                Composer.Tick(nowMs, Controller.Controls);
                if (_sessionStartTick)
                {
                    // The engine's master still holds whatever played last (boot: −20 dB; a Standby cue; the last session)
                    // and the composer glides it over 200 ms: start it at the fade-in's first level within one engine tick,
                    // so nothing is heard above the fade.
                    _sessionStartTick = false;
                    musicJustStarted = true;
                    ProgramKind p = Controller.Program;
                    Preset preset = Controller.Settings.Preset;
                    int trim = MusicComposer.LevelTrimCentiDb(p, MusicComposer.BedColor(p, preset), MusicComposer.BedGainQ15(p, preset));
                    Engine.SetMasterLevel(Controller.Machine.Level.OutputCentiDb + trim, 10);
                }
            }

            // In the tick a session's music sets its gains the engine's tone bus is not yet the session's: a new cue waits one
            // control tick, so that its scaling (BusCompensatedGain) reads the bus the music plays on. The figure that opened
            // the session (played alone) goes on unscaled: its next note joins the music at the fade-in's level.
            if (musicJustStarted) PlayDueCueSteps(nowMs, false);
            else
            {
                Cue cue = Controller.TakeCue();
                if (cue != Cue.None) PlayCue(cue, Controller.PendingCueArg, nowMs);
                else PlayDueCueSteps(nowMs, true);
            }

            bool wantAudio = _composing || nowMs < _cueUntilMs;
            if (wantAudio && !_audioRunning) { Engine.Start(10); _audioRunning = true; } // one engine tick: the bed's rise limit and the fade shape the start
            else if (!wantAudio && _audioRunning) { Engine.Stop(200); _audioRunning = false; }
        }

        /// <summary>
        /// Writes sampleCount samples of signed 16-bit LE mono PCM at dst[offset]. In Standby, once the engine's stop
        /// ramp has reached silence, the engine is not run at all (native Array.Clear writes the zeros), so an idle
        /// unit spends no interpreter time on audio; the engine resumes from the same silent state at the next start.
        /// </summary>
        public void Render(byte[] dst, int offset, int sampleCount)
        {
            if (!_audioRunning && Engine.IsSilent)
            {
                if (dst == null || offset < 0 || sampleCount < 0 || offset + 2 * sampleCount > dst.Length)
                    throw new System.ArgumentOutOfRangeException("sampleCount");
                System.Array.Clear(dst, offset, 2 * sampleCount);
                return;
            }
            Engine.Render(dst, offset, sampleCount);
        }

        private void ApplySettingsToAudio()
        {
            int cap = Controller.Settings.LevelCapCentiDb;
            if (cap != _appliedCapCentiDb)
            {
                Engine.SetLevelCapCentiDb(cap);
                _appliedCapCentiDb = cap;
            }
        }

        // ---- caregiver cues: short, soft bell / pluck figures below the listening level (also in Standby).
        // Cues play on the engine's tone bus, the bus the music plays on. In a session the cue's note gain is fixed per
        // program relative to that bus (CueNoteGainQ15), so the cue follows the music's level at every setting; in Standby
        // the engine's master is set to the tone-bus gain the session would have at the same level and program
        // (MusicComposer.ToneBusCentiDb), so a cue sounds the same in Standby as in the session.
        // A figure is up to four notes, one every two engine loops (plus a control period): each note sounds for one
        // loop at its gain and fades out over the next, so the notes of a figure never overlap and never add up.

        /// <summary>
        /// Cue note gain per program (Sleep, Calm, Pain, Noise), Q15 of the tone bus, for the loud cues (Start, Stop,
        /// volume steps, Program, pairing, clients forgotten): set so that the loudest 50 ms of the cue sits about 4 dB below the
        /// program's listening level (the median 50 ms RMS of its session), measured by tests/Bedside.Tests/Unit/CueLevelTests.
        /// The soft cues (volume limit, hold acknowledged, not understood) play 5 dB quieter.
        /// </summary>
        public static readonly short[] CueNoteGainQ15 = { 5430, 5350, 3840, 13600 };
        private const int CueLow = 196 << 16, CueMid = 294 << 16, CueHigh = 392 << 16;
        private readonly int[] _cueFreq = new int[4];
        private readonly int[] _cueGain = new int[4];
        private readonly byte[] _cueTimbre = new byte[4];
        private int _cueCount, _cueNext;
        private long _cueNextMs;

        /// <summary>Time between the notes of a cue figure, ms: two engine loops plus one control period (1074 ms at 16 kHz).</summary>
        public int CueStepMs { get { return (int)(2L * AudioEngine.LoopLength * 1000 / Engine.SampleRate) + Rates.ControlPeriodMs; } }

        /// <summary>Plays a cue at once, as ControlTick does for the controller's pending cue (tests, simulator scripts).</summary>
        public void PlayCue(Cue cue, int arg, long nowMs)
        {
            int prog = ProgramProfile.IndexOf(Controller.Program);
            if (!_composing)
            {
                // Standby (or a session's music not playing): the tone-bus gain the session has, or would start with, at
                // this level and program
                int level = Controller.Settings.StoredLevelCentiDb;
                if (level > Controller.Settings.DefaultLevelCentiDb) level = Controller.Settings.DefaultLevelCentiDb;
                if (Controller.State != TherapyState.Standby) level = Controller.Machine.Level.UserCentiDb;
                Engine.SetMasterLevel(level + MusicComposer.ToneBusCentiDb(Controller.Program, Controller.Settings.Preset), 20);
            }
            _cueAlone = !_composing;
            int loud = CueNoteGainQ15[prog];
            int soft = (loud * 18432) >> 15; // soft cues 5 dB quieter
            _cueCount = 0; _cueNext = 0; _cueNextMs = nowMs;
            switch (cue)
            {
                case Cue.Start: Step(Timbre.Bell, CueLow, loud); Step(Timbre.Bell, CueMid, loud); break;
                case Cue.Stop: Step(Timbre.Bell, CueMid, loud); Step(Timbre.Bell, CueLow, loud); break;
                case Cue.VolumeDown: Step(Timbre.Pluck, CueLow, loud); break;
                case Cue.VolumeUp: Step(Timbre.Pluck, CueMid, loud); Step(Timbre.Pluck, CueMid, loud); break;
                case Cue.VolumeLimit: Step(Timbre.Pluck, CueLow, soft); break;
                case Cue.Program:
                    // arg = ProgramKind: 1 note for Sleep .. 4 notes for Noise
                    for (int i = 0; i <= arg && i < 4; i++) Step(Timbre.Bell, CueMid, loud);
                    break;
                case Cue.PairingOpen: Step(Timbre.Bell, CueLow, loud); Step(Timbre.Bell, CueMid, loud); Step(Timbre.Bell, CueHigh, loud); break;
                case Cue.PairingClosed: Step(Timbre.Bell, CueHigh, loud); Step(Timbre.Bell, CueMid, loud); Step(Timbre.Bell, CueLow, loud); break;
                case Cue.ClientsForgotten: Step(Timbre.Bell, CueHigh, loud); Step(Timbre.Bell, CueLow, loud); Step(Timbre.Bell, CueHigh, loud); Step(Timbre.Bell, CueLow, loud); break;
                case Cue.HoldAck: Step(Timbre.Pluck, CueMid, soft); break;
                default: Step(Timbre.Pluck, CueLow, soft); break; // NotUnderstood
            }
            _cueUntilMs = nowMs + (long)_cueCount * CueStepMs + CueTailMs;
            PlayDueCueSteps(nowMs, true);
        }

        private void Step(Timbre timbre, int freqHzQ16, int gainQ15)
        {
            if (_cueCount >= 4) return;
            _cueTimbre[_cueCount] = (byte)timbre; _cueFreq[_cueCount] = freqHzQ16; _cueGain[_cueCount] = gainQ15;
            _cueCount++;
        }

        private void PlayDueCueSteps(long nowMs, bool scaleToBus)
        {
            while (_cueNext < _cueCount && nowMs >= _cueNextMs)
            {
                // fast attack, no hold, one release segment: one loop at full gain, then one loop fading out
                int gain = _composing && scaleToBus ? BusCompensatedGain(_cueGain[_cueNext]) : _cueGain[_cueNext];
                Engine.NoteOn((Timbre)_cueTimbre[_cueNext], _cueFreq[_cueNext], gain, 20, 0, 300);
                _cueNext++;
                _cueNextMs += CueStepMs;
            }
        }

        /// <summary>
        /// A cue note's gain in a session, scaled so the note sounds as it would on the tone bus at its gain at the listening
        /// level (the program's, with the bed where it is gliding to). Below that gain (a fade-in, a stop or timer fade) the
        /// note is raised, counted at its loudest moment: the end of its full-level loop, one loop after the next seam. By
        /// then the bus can have risen by at most the engine's rise limit (6 dB/s), so the note is raised for that bound and
        /// never ends above its level at the listening level; at most full scale (and the engine's free headroom): a fade
        /// deep enough is handled by <see cref="CheckDeepFadeCue"/> instead. Above that gain (a level step down, a change to
        /// a program whose bed takes more of the mix: the bus then falls to its gain) the note is lowered by as much.
        /// </summary>
        private int BusCompensatedGain(int gainQ15)
        {
            long nominal = NominalToneGainQ15();
            long now = Engine.ToneGainQ31 >> 16;
            if (now <= 0) return gainQ15; // nothing plays yet: no bus to scale against (the note rides the bus as it rises)
            if (now > nominal) return (int)(gainQ15 * nominal / now);
            int samples = Engine.SamplesToNextSeam + AudioEngine.LoopLength;
            int riseCentiDb = (int)((long)AudioEngine.MaxRiseCentiDbPerS * samples / Engine.SampleRate);
            long upper = now * 32767 / Gain.CentiDbToQ15(-riseCentiDb);
            if (upper >= nominal) return gainQ15;
            if (upper < 1) upper = 1;
            long g = gainQ15 * nominal / upper;
            return g > 32767 ? 32767 : (int)g;
        }

        /// <summary>
        /// A Start or Stop cue due while a fade holds the music far below the listening level (see ResumeAnewBelowCentiDb,
        /// StopAloneBelowCentiDb): the engine's rise limit (6 dB/s) would keep the cue on the music's bus too quiet to be
        /// heard, so the music ramps out (DeepFadeRampMs) and the cue is left pending until the engine is silent.
        /// </summary>
        private void CheckDeepFadeCue()
        {
            Cue due = Controller.PendingCue;
            if (due != Cue.Start && due != Cue.Stop) return;
            long nominal = NominalToneGainQ15();
            long now = Engine.ToneGainQ31 >> 16;
            int below = due == Cue.Start ? ResumeAnewBelowCentiDb : StopAloneBelowCentiDb;
            if (now * 32767 >= nominal * Gain.CentiDbToQ15(-below)) return;
            Engine.Stop(DeepFadeRampMs);
            _audioRunning = false;
            _composing = false;
            _silencing = true;
            _silencingToResume = due == Cue.Start;
            _musicFromMs = long.MaxValue;
            _cueCount = 0; _cueNext = 0; _cueUntilMs = long.MinValue;
        }

        /// <summary>The tone-bus gain, Q15, the session has at its listening level (the caregiver's level, no fade).</summary>
        private int NominalToneGainQ15()
        {
            return Engine.ToneGainAtMasterQ15(Controller.Machine.Level.UserCentiDb + Composer.LevelTrimNowCentiDb);
        }

        /// <summary>
        /// True when the last cue played alone on a silent bus, as in Standby (in Standby, before a session's music joins, or
        /// after a fade too deep for the music's bus ended the music); false when it played inside the session's music.
        /// </summary>
        public bool LastCuePlayedAlone { get { return _cueAlone; } }

        /// <summary>Notes of the current cue figure not yet played (0 when idle).</summary>
        public int CueNotesPending { get { return _cueCount - _cueNext; } }
    }
}
