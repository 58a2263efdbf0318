using Bedside.Core.Composer;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;

namespace Bedside.Core.Therapy
{
    /// <summary>
    /// The therapy state machine: explicit states (TherapyState) and one transition table (TherapyTransitions:
    /// (from, event, guard) → to, transition actions, per-state entry and exit actions). Tick's per-state step and the
    /// commands (Start, Stop, Resume, ChangeProgram) only raise events; Dispatch is the one place the state changes,
    /// and each change records (state, reason, tMs) in a fixed trace ring.
    ///
    /// Tick rate: designed for 20 Hz (50 ms), correct for any tick interval. Each tick's dt is clamped to
    /// 0..1000 ms (a stalled host or a clock going backwards can never make a control jump), and every timer
    /// (dwell, sleep timer, minute log) runs on the accumulated clamped session time. All continuous values
    /// carry 16 extra fraction bits (x_Q16 = value &lt;&lt; 16), so a rate of 2 BPM/min is exact at 50 Hz too.
    ///
    /// Iso principle: FadeIn/Attune set tempo (60-80 BPM, within the preset range), brightness, density and
    /// energy from the smoothed arousal (τ 20 s). Guide then leads down at ≤ 2 BPM/min (brightness ≤ 0.06/min,
    /// density ≤ 0.08/min) toward the program floor. When arousal rises by ≥ 0.05 over its reference it holds;
    /// by ≥ 0.15 (and not falling again) it eases back toward the matched values at half the rate (≤ 1 BPM/min);
    /// it never rises while the smoothed arousal is falling by more than RiseEpsQ15 per 5 s (the hysteresis). Only a caregiver's program change or resume may retarget upward
    /// (still rate-limited). No state ever locks tempo to the heartbeat.
    ///
    /// Settled is relative to the listener, like the arousal index it reads (which is scored against the listener's
    /// own baseline, learned at the start of the session): at the end of Attune the smoothed arousal is kept as the
    /// attune level A. Guide → Settled when the controls are at the floor and the slow arousal (a second one-pole,
    /// τ SlowTauMs = 60 s, on the smoothed one: minute-scale fluctuations of the index must not reset the dwell) has
    /// stayed at or below S = min(A − SettledDropQ15, SettledCeilingQ15) for SettleEnterMs (a clear fall from where this listener
    /// started, and never a high absolute value), and so has the smoothed arousal itself (the index spans the listener's
    /// range, so a restless episode during the dwell shows within seconds and restarts it before the slow one notices);
    /// Settled → Guide when it stays above S + SettledExitHystQ15 for
    /// SettleHoldMs (hysteresis + dwell, so noise cannot flap the state). "Settled" names the music's state
    /// (floor reached, listener calmer than at the start); it does not claim sleep or any medical state.
    /// </summary>
    public sealed class TherapyStateMachine
    {
        // ---- rates, per minute of session time ----
        public const int TempoDownCentiBpmPerMin = 200;
        public const int TempoAttuneCentiBpmPerMin = 300;
        public const int TempoUpCentiBpmPerMin = 100;
        public const int BrightDownQ15PerMin = 2000;
        public const int BrightUpQ15PerMin = 1000;
        public const int DensityDownQ15PerMin = 2600;
        public const int DensityUpQ15PerMin = 1300;
        /// <summary>Upper bound of any tempo change per minute of session time (tests assert it).</summary>
        public const int MaxTempoCentiBpmPerMin = 300;
        public const int MaxBrightQ15PerMin = 2000;

        // ---- thresholds (Q15) and dwell times (ms) ----
        public const int ConfUseQ15 = 8192;        // below: arousal not trusted (0.25)
        public const int ConfRecoverQ15 = 16384;   // recover from SensorLost at ≥ 0.5
        public const int HoldHystQ15 = 1638;       // 0.05
        public const int EaseHystQ15 = 4915;       // 0.15
        /// <summary>Settle threshold: this far below the attune level (0.15) ...</summary>
        public const int SettledDropQ15 = 4915;
        /// <summary>... and never above this (0.40).</summary>
        public const int SettledCeilingQ15 = 13107;
        /// <summary>Leave Settled only this far above the settle threshold (+0.10).</summary>
        public const int SettledExitHystQ15 = 3277;
        public const int PainEngageArousalQ15 = 16384; // 0.50
        public const int PainSpikeHystQ15 = 3277;  // +0.10
        public const int ArousalTauMs = 20000;
        public const int SlowTauMs = 60000;
        public const int RefRelaxTauMs = 300000;
        public const int RiseWindowMs = 5000;
        public const int RiseEpsQ15 = 160;
        public const int MinDwellMs = 30000;
        public const int AttuneMinMs = 60000;
        public const int AttuneMaxMs = 180000;
        public const int EngageMinMs = 180000;
        public const int LostAfterMs = 10000;
        public const int LostAfterAttuneMs = 30000;
        public const int RecoverAfterMs = 20000;
        /// <summary>Dwell to leave Settled (arousal back above the exit level), ms.</summary>
        public const int SettleHoldMs = 60000;
        /// <summary>Dwell to enter Settled: 3 min of the slow arousal at or below the settle threshold with the music
        /// at its floor. A restless listener calms briefly between episodes; settled means calmer and staying so.</summary>
        public const int SettleEnterMs = 180000;
        /// <summary>Dwell for Sustain → Engage: the smoothed and the slow arousal both above the spike level, ms.</summary>
        public const int SpikeHoldMs = 20000;
        public const int SessionLimitMinutes = 720;

        private readonly TransitionTrace _trace = new TransitionTrace(64);
        private readonly MusicControls _controls = new MusicControls();
        private readonly LevelControl _level = new LevelControl();

        private TherapyState _state = TherapyState.Standby;
        private ProgramKind _program = ProgramKind.Sleep;
        private int _presetMinCentiBpm = 4800, _presetMaxCentiBpm = 8000;
        private int _timerMinutes = 45;

        private bool _haveTime;
        private long _lastNowMs;
        private long _sessionMs;         // accumulated clamped time since Start
        private long _stateSinceMs;      // session time at state entry
        private long _timerStartMs;      // session time the sleep timer counts from
        private long _lowConfSinceMs = -1, _goodConfSinceMs = -1, _condSinceMs = -1;
        private bool _attuned, _retarget, _openLoopEver, _timerFade;

        private long _tempoQ16, _brightQ16, _densityQ16, _energyQ16;
        private long _arousalQ16;        // smoothed arousal, Q15 << 16
        private long _refQ16;            // Guide reference (trough, relaxing upward)
        private long _attuneLevelQ16;    // smoothed arousal at the end of Attune (Settled is relative to it)
        private long _slowQ16;           // smoothed arousal through a second one-pole (τ SlowTauMs): Settled entry
        private readonly long[] _riseRing = new long[8];
        private int _riseIdx, _riseFilled;
        private long _riseSampleAtMs;
        private bool _rising;            // smoothed arousal rose by > RiseEpsQ15 over the last RiseWindowMs
        private bool _notFalling;        // ... did not fall by more than RiseEpsQ15
        private int _confQ15;

        public TherapyStateMachine() { Enter(TherapyState.Standby, TransitionReason.Boot, 0); Publish(); }

        public TherapyState State { get { return _state; } }
        public ProgramKind Program { get { return _program; } }
        /// <summary>Targets for the composer (tempo, brightness, density, energy, level). Updated by Tick.</summary>
        public MusicControls Controls { get { return _controls; } }
        public TransitionTrace Trace { get { return _trace; } }
        public LevelControl Level { get { return _level; } }
        /// <summary>False only in Standby (after a fade-out has reached silence).</summary>
        public bool AudioShouldRun { get { return _state != TherapyState.Standby; } }
        /// <summary>True while running open-loop (SensorLost).</summary>
        public bool OpenLoop { get { return _state == TherapyState.SensorLost; } }
        /// <summary>True if this session ran open-loop at any time.</summary>
        public bool OpenLoopThisSession { get { return _openLoopEver; } }
        /// <summary>Session time (clamped, accumulated) in ms since the last Start.</summary>
        public long SessionMs { get { return _sessionMs; } }
        /// <summary>Smoothed arousal used for steering, Q15.</summary>
        public int ArousalSmoothQ15 { get { return (int)(_arousalQ16 >> 16); } }
        /// <summary>Smoothed arousal at the end of Attune, Q15 (the start arousal until then).</summary>
        public int AttuneLevelQ15 { get { return (int)(_attuneLevelQ16 >> 16); } }
        /// <summary>Settle threshold in force, Q15: min(attune level − SettledDropQ15, SettledCeilingQ15), ≥ 0.</summary>
        public int SettleThresholdQ15
        {
            get
            {
                int t = AttuneLevelQ15 - SettledDropQ15;
                if (t > SettledCeilingQ15) t = SettledCeilingQ15;
                return t < 0 ? 0 : t;
            }
        }
        /// <summary>True while the sleep timer's long fade is running.</summary>
        public bool TimerFadeActive { get { return _timerFade && _state == TherapyState.FadeOut; } }

        /// <summary>Applies settings: cap (at once), preset tempo range, sleep timer (10..240 min, clamped).</summary>
        public void Configure(DeviceSettings s)
        {
            _level.SetCap(s.LevelCapCentiDb);
            int lo = s.Preset.TempoMinCentiBpm, hi = s.Preset.TempoMaxCentiBpm;
            if (lo < Preset.MinTempoCentiBpm) lo = Preset.MinTempoCentiBpm;
            if (hi > Preset.MaxTempoCentiBpm) hi = Preset.MaxTempoCentiBpm;
            if (hi < lo) hi = lo;
            _presetMinCentiBpm = lo; _presetMaxCentiBpm = hi;
            int m = s.SleepTimerMinutes;
            if (m < DeviceSettings.MinSleepTimerMinutes) m = DeviceSettings.MinSleepTimerMinutes;
            if (m > DeviceSettings.MaxSleepTimerMinutes) m = DeviceSettings.MaxSleepTimerMinutes;
            _timerMinutes = m;
            Publish(); // a lowered cap reaches the controls at once
        }

        /// <summary>Selects the program while in Standby (no transition).</summary>
        public void SelectProgram(ProgramKind p) { if ((byte)p <= (byte)ProgramKind.Noise) _program = p; }

        /// <summary>Start a session (from Standby): controls matched to the listener at once (while silent), then fade in.</summary>
        public void Start(ProgramKind program, PhysioSnapshot physio, long nowMs)
        {
            _startProgram = program; _startPhysio = physio; _startNowMs = nowMs;
            if (Dispatch(TransitionReason.ButtonStart, nowMs)) Publish();
            _startPhysio = null;
        }

        /// <summary>Stop with a fade (≥ 2 s); from FadeIn too. A running timer fade is sped up to the stop fade.</summary>
        public void Stop(long nowMs) { Dispatch(TransitionReason.ButtonStop, nowMs); }

        /// <summary>During a fade-out: fade back in from the current level and restart the sleep timer.</summary>
        public void Resume(long nowMs) { Dispatch(TransitionReason.Resume, nowMs); }

        /// <summary>Change program during a session: controls glide (rate-limited) to the new program's targets.</summary>
        public void ChangeProgram(ProgramKind p, long nowMs)
        {
            if ((byte)p > (byte)ProgramKind.Noise) return;
            if (_state == TherapyState.Standby) { _program = p; return; }
            if (_state == TherapyState.FadeOut) return;
            bool wasPain = _program == ProgramKind.Pain;
            _program = p;
            _retarget = true;
            _timerStartMs = _sessionMs;
            // the table moves Attune/Guide/Settled to Engage and Engage/Sustain to Guide; FadeIn and open loop stay
            if ((p == ProgramKind.Pain) != wasPain) Dispatch(TransitionReason.ProgramChanged, nowMs);
        }

        /// <summary>One control tick. physio may be null (treated as no sensors).</summary>
        public void Tick(long nowMs, PhysioSnapshot physio)
        {
            int dtMs = SyncTime(nowMs);
            if (_state == TherapyState.Standby) { TrackIdle(physio, dtMs); Publish(); return; }
            _sessionMs += dtMs;
            UpdateArousal(physio, dtMs);
            Step(nowMs, dtMs);
            _level.Process(dtMs);
            Publish();
        }

        // ------------------------------------------------------------------ per-tick work and events
        /// <summary>One tick of the current state: moves the controls and raises the events whose conditions hold.</summary>
        private void Step(long nowMs, int dtMs)
        {
            long inState = _sessionMs - _stateSinceMs;
            bool pain = _program == ProgramKind.Pain;
            if (_state != TherapyState.FadeOut && _state != TherapyState.Standby && CheckTimer(nowMs)) return;
            switch (_state)
            {
                case TherapyState.FadeIn:
                    if (_level.FullyIn) Dispatch(TransitionReason.FadeInDone, nowMs);
                    break;
                case TherapyState.Attune:
                    Move(TherapyState.Attune, dtMs, true, _rising);
                    if (LostFor(_attuned ? LostAfterMs : LostAfterAttuneMs)) { Dispatch(TransitionReason.SensorsLost, nowMs); break; }
                    if ((inState >= AttuneMinMs && _confQ15 >= ConfUseQ15) || inState >= AttuneMaxMs)
                        Dispatch(TransitionReason.AttuneDone, nowMs);
                    break;
                case TherapyState.Guide:
                    GuideMove(dtMs);
                    if (LostFor(LostAfterMs)) { Dispatch(TransitionReason.SensorsLost, nowMs); break; }
                    if (inState >= MinDwellMs && Held(AtFloor() && (int)(_slowQ16 >> 16) <= SettleThresholdQ15 && ArousalQ15() <= SettleThresholdQ15, SettleEnterMs))
                        Dispatch(TransitionReason.ArousalLow, nowMs);
                    break;
                case TherapyState.Settled:
                    Move(TherapyState.Guide, dtMs, true, _retarget);
                    if (LostFor(LostAfterMs)) { Dispatch(TransitionReason.SensorsLost, nowMs); break; }
                    if (inState >= MinDwellMs && Held(ArousalQ15() > SettleThresholdQ15 + SettledExitHystQ15, SettleHoldMs))
                        Dispatch(TransitionReason.ArousalRose, nowMs); // keeps the settled reference
                    break;
                case TherapyState.SensorLost:
                    // open loop: descend on time alone (pain: toward the steady sustain values)
                    Move(pain ? TherapyState.Sustain : TherapyState.Guide, dtMs, true, _retarget);
                    if (inState >= MinDwellMs && GoodFor(RecoverAfterMs)) Dispatch(TransitionReason.SensorsBack, nowMs);
                    break;
                case TherapyState.Engage:
                    Move(TherapyState.Engage, dtMs, true, _rising || _retarget);
                    if (LostFor(LostAfterAttuneMs)) { Dispatch(TransitionReason.SensorsLost, nowMs); break; }
                    if (inState >= EngageMinMs && Held(ArousalQ15() < PainEngageArousalQ15, SpikeHoldMs))
                        Dispatch(TransitionReason.EngageDone, nowMs);
                    break;
                case TherapyState.Sustain:
                    Move(TherapyState.Sustain, dtMs, true, _retarget);
                    if (LostFor(LostAfterMs)) { Dispatch(TransitionReason.SensorsLost, nowMs); break; }
                    // a spike is a rise that lasts: the smoothed arousal and the slow one (τ SlowTauMs) both above
                    // the spike level for SpikeHoldMs. A pain episode lasts minutes; a startle, a movement or a burst
                    // of skin-conductance responses lifts the smoothed arousal for well under a minute, not the slow one.
                    int spikeQ15 = PainEngageArousalQ15 + PainSpikeHystQ15;
                    if (inState >= MinDwellMs && Held(ArousalQ15() > spikeQ15 && (int)(_slowQ16 >> 16) > spikeQ15, SpikeHoldMs))
                        Dispatch(TransitionReason.ArousalSpike, nowMs);
                    break;
                case TherapyState.FadeOut:
                    if (_level.Silent) Dispatch(TransitionReason.FadeOutDone, nowMs);
                    break;
                default:
                    // a state value outside the table (only a corrupted field): fail safe, silent standby
                    Enter(TherapyState.Standby, TransitionReason.FadeOutDone, nowMs);
                    break;
            }
        }

        private bool CheckTimer(long nowMs)
        {
            bool timed = _program == ProgramKind.Sleep || _program == ProgramKind.Noise;
            long limitMs = timed ? (long)_timerMinutes * 60000 : (long)SessionLimitMinutes * 60000;
            if (_sessionMs - _timerStartMs < limitMs - LevelControl.TimerFadeOutMs) return false;
            return Dispatch(timed ? TransitionReason.SleepTimer : TransitionReason.SessionLimit, nowMs);
        }

        // ------------------------------------------------------------------ dispatch (the table in TherapyTransitions)
        /// <summary>The one place an event is handled: the first table row from the current state on this event whose
        /// guard holds runs exit, transition action, the state change and entry. False if no row takes the event.</summary>
        private bool Dispatch(TransitionReason ev, long nowMs)
        {
            int n = TherapyTransitions.Count;
            for (int row = 0; row < n; row++)
            {
                if (TherapyTransitions.From(row) != _state || TherapyTransitions.Event(row) != ev) continue;
                if (!GuardHolds(TherapyTransitions.Guard(row))) continue;
                TherapyState to = TherapyTransitions.To(row);
                if (to == _state) { Run(TherapyTransitions.Action(row)); return true; } // internal: no exit, entry or trace
                Run(TherapyTransitions.Exit(_state));
                Run(TherapyTransitions.Action(row));
                Enter(to, ev, nowMs);
                return true;
            }
            return false;
        }

        private bool GuardHolds(TransitionGuard g)
        {
            switch (g)
            {
                case TransitionGuard.Pain: return _program == ProgramKind.Pain;
                case TransitionGuard.NotPain: return _program != ProgramKind.Pain;
                case TransitionGuard.Attuned: return _attuned;
                default: return true;
            }
        }

        /// <summary>The state change itself: state, its clocks, the trace entry, then the state's entry action.</summary>
        private void Enter(TherapyState next, TransitionReason reason, long nowMs)
        {
            _state = next;
            _stateSinceMs = _sessionMs;
            _condSinceMs = -1;
            _trace.Add(next, reason, nowMs);
            Run(TherapyTransitions.Entry(next));
        }

        private void Run(StateAction a)
        {
            switch (a)
            {
                case StateAction.Silence: _level.Silence(); break;
                case StateAction.FadeIn: _level.FadeIn(); break;
                case StateAction.MarkOpenLoop: _openLoopEver = true; break;
                case StateAction.EndTimerFade: _timerFade = false; break;
            }
        }

        private void Run(TransitionAction a)
        {
            switch (a)
            {
                case TransitionAction.BeginSession: BeginSession(); break;
                case TransitionAction.StopFade: _level.FadeOut(LevelControl.StopFadeOutMs); _timerFade = false; break;
                case TransitionAction.TimerFade: _timerFade = true; _level.FadeOut(LevelControl.TimerFadeOutMs); break;
                case TransitionAction.ResumeSession: _timerStartMs = _sessionMs; _timerFade = false; _retarget = true; break;
                case TransitionAction.KeepAttuneLevel: _attuned = true; _refQ16 = _arousalQ16; _attuneLevelQ16 = _arousalQ16; break;
                case TransitionAction.Rebase: _refQ16 = _arousalQ16; ResetSlope(); break;
            }
        }

        // arguments of the Start command, read by BeginSession
        private ProgramKind _startProgram;
        private PhysioSnapshot _startPhysio;
        private long _startNowMs;

        private void BeginSession()
        {
            SelectProgram(_startProgram);
            SyncTime(_startNowMs);
            _sessionMs = 0; _timerStartMs = 0; _attuned = false; _retarget = false; _openLoopEver = false; _timerFade = false;
            _lowConfSinceMs = -1; _goodConfSinceMs = -1; _condSinceMs = -1;
            PhysioSnapshot physio = _startPhysio;
            int conf = physio == null ? 0 : ClampQ15(physio.ConfidenceQ15);
            // matched to the listener: the arousal smoothed while waiting in Standby, else this snapshot, else mid
            if (!_idleArousalValid) _arousalQ16 = (long)(conf >= ConfUseQ15 ? ClampQ15(physio.ArousalQ15) : 16384) << 16;
            _refQ16 = _arousalQ16;
            _attuneLevelQ16 = _arousalQ16;
            _slowQ16 = _arousalQ16;
            ResetSlope();
            int t, b, d, e;
            Targets(TherapyState.Attune, out t, out b, out d, out e);
            _tempoQ16 = (long)t << 16; _brightQ16 = (long)b << 16; _densityQ16 = (long)d << 16; _energyQ16 = (long)e << 16;
            _level.Silence();
        }

        // ------------------------------------------------------------------ arousal
        private bool _idleArousalValid;

        /// <summary>In Standby: keep a smoothed arousal ready so a session starts matched to the listener.</summary>
        private void TrackIdle(PhysioSnapshot p, int dtMs)
        {
            int conf = p == null ? 0 : ClampQ15(p.ConfidenceQ15);
            if (conf < ConfUseQ15) { _idleArousalValid = false; return; }
            long x = (long)ClampQ15(p.ArousalQ15) << 16;
            if (!_idleArousalValid) { _arousalQ16 = x; _idleArousalValid = true; }
            else _arousalQ16 += (x - _arousalQ16) * dtMs / ArousalTauMs;
        }

        private void UpdateArousal(PhysioSnapshot p, int dtMs)
        {
            int conf = p == null ? 0 : ClampQ15(p.ConfidenceQ15);
            _confQ15 = conf;
            if (conf < ConfUseQ15) { if (_lowConfSinceMs < 0) _lowConfSinceMs = _sessionMs; }
            else _lowConfSinceMs = -1;
            if (conf >= ConfRecoverQ15) { if (_goodConfSinceMs < 0) _goodConfSinceMs = _sessionMs; }
            else _goodConfSinceMs = -1;
            if (conf >= ConfUseQ15)
            {
                long x = (long)ClampQ15(p.ArousalQ15) << 16;
                if (_state == TherapyState.SensorLost) _arousalQ16 = x; // re-seed while waiting to recover
                // one-pole: a += (x - a) * dt / tau
                else _arousalQ16 += (x - _arousalQ16) * dtMs / ArousalTauMs;
            }
            // slow arousal for the Settled entry: s += (a − s) * dt / tauSlow (re-seeded while SensorLost)
            if (_state == TherapyState.SensorLost) _slowQ16 = _arousalQ16;
            else _slowQ16 += (_arousalQ16 - _slowQ16) * dtMs / SlowTauMs;
            // reference follows troughs at once, relaxes upward slowly: ref += (a - ref) * dt / tauRef
            if (_arousalQ16 < _refQ16) _refQ16 = _arousalQ16;
            else _refQ16 += (_arousalQ16 - _refQ16) * dtMs / RefRelaxTauMs;
            // slope over the last 5-6 s: one sample per second in a ring of 8, compared with 5 samples back
            if (_sessionMs - _riseSampleAtMs >= 1000)
            {
                _riseSampleAtMs = _sessionMs;
                _riseIdx = (_riseIdx + 1) & 7;
                _riseRing[_riseIdx] = _arousalQ16;
                if (_riseFilled < 8) _riseFilled++;
            }
            if (_riseFilled > RiseWindowMs / 1000)
            {
                long d = _arousalQ16 - _riseRing[(_riseIdx - RiseWindowMs / 1000) & 7];
                _rising = d > ((long)RiseEpsQ15 << 16);
                _notFalling = d >= -((long)RiseEpsQ15 << 16);
            }
            else { _rising = false; _notFalling = false; }
        }

        private void ResetSlope() { _riseFilled = 0; _riseSampleAtMs = _sessionMs - 1000; _rising = false; _notFalling = false; }

        private int ArousalQ15() { return (int)(_arousalQ16 >> 16); }
        private bool LostFor(long ms) { return _lowConfSinceMs >= 0 && _sessionMs - _lowConfSinceMs >= ms; }
        private bool GoodFor(long ms) { return _goodConfSinceMs >= 0 && _sessionMs - _goodConfSinceMs >= ms; }

        /// <summary>True once cond has held continuously for ms (reset by any false tick or transition).</summary>
        private bool Held(bool cond, long ms)
        {
            if (!cond) { _condSinceMs = -1; return false; }
            if (_condSinceMs < 0) _condSinceMs = _sessionMs;
            return _sessionMs - _condSinceMs >= ms;
        }

        private bool AtFloor()
        {
            int t, b, d, e;
            Targets(TherapyState.Guide, out t, out b, out d, out e);
            return (_tempoQ16 >> 16) <= t + 50 && (_brightQ16 >> 16) <= b + 100;
        }

        // ------------------------------------------------------------------ controls
        private void GuideMove(int dtMs)
        {
            long rise = _arousalQ16 - _refQ16;
            if (_retarget) { Move(TherapyState.Guide, dtMs, true, true); return; }
            if (rise >= ((long)EaseHystQ15 << 16) && _notFalling) { Move(TherapyState.Attune, dtMs, false, true); return; }
            if (rise >= ((long)HoldHystQ15 << 16)) return; // hold
            Move(TherapyState.Guide, dtMs, true, false);
        }

        /// <summary>Slews the controls toward the targets of profile, down and/or up, at the bounded rates.</summary>
        private void Move(TherapyState profile, int dtMs, bool allowDown, bool allowUp)
        {
            int t, b, d, e;
            Targets(profile, out t, out b, out d, out e);
            int tDown = profile == TherapyState.Attune || profile == TherapyState.Engage ? TempoAttuneCentiBpmPerMin : TempoDownCentiBpmPerMin;
            bool done = true;
            _tempoQ16 = Slew(_tempoQ16, t, tDown, TempoUpCentiBpmPerMin, dtMs, allowDown, allowUp, 50, ref done);
            _brightQ16 = Slew(_brightQ16, b, BrightDownQ15PerMin, BrightUpQ15PerMin, dtMs, allowDown, allowUp, 100, ref done);
            _densityQ16 = Slew(_densityQ16, d, DensityDownQ15PerMin, DensityUpQ15PerMin, dtMs, allowDown, allowUp, 100, ref done);
            _energyQ16 = Slew(_energyQ16, e, DensityDownQ15PerMin, DensityUpQ15PerMin, dtMs, allowDown, allowUp, 100, ref done);
            if (_retarget && done) _retarget = false;
        }

        /// <summary>x_Q16 moved toward target by at most rate_per_min * dt / 60000 (Q16), only in allowed directions.
        /// Differences inside the dead band (hysteresis) are left alone.</summary>
        private static long Slew(long xQ16, int target, int downPerMin, int upPerMin, int dtMs, bool allowDown, bool allowUp, int deadBand, ref bool done)
        {
            long tQ16 = (long)target << 16;
            long diff = tQ16 - xQ16;
            long band = (long)deadBand << 16;
            if (diff > band || diff < -band) done = false;
            if (diff > 0)
            {
                if (!allowUp || diff <= band) return xQ16;
                long step = ((long)upPerMin << 16) * dtMs / 60000;
                return diff < step ? tQ16 : xQ16 + step;
            }
            if (diff < 0)
            {
                if (!allowDown) return xQ16;
                long step = ((long)downPerMin << 16) * dtMs / 60000;
                return -diff < step ? tQ16 : xQ16 - step;
            }
            return xQ16;
        }

        /// <summary>Targets of a profile for the current program, preset range and smoothed arousal a (Q15):
        /// Attune: tempo = lo + (hi - lo) * a / 32768 with lo/hi = 60/80 BPM clamped into the preset range;
        /// brightness = 0.35 + 0.5 a; density = 0.3 + 0.5 a; energy = 0.3 + 0.4 a.
        /// Guide (floor): Sleep/Noise 48 BPM, Calm 60 BPM (clamped into the preset range); dark, sparse.
        /// Engage (pain): tempo 66..80 BPM by arousal, brighter, busy. Sustain: 66 BPM, moderate.</summary>
        private void Targets(TherapyState profile, out int tempo, out int bright, out int dens, out int energy)
        {
            int a = (int)(_arousalQ16 >> 16);
            if (a < 0) a = 0;
            if (a > 32767) a = 32767;
            int lo, hi;
            switch (profile)
            {
                case TherapyState.Engage:
                    lo = ClampTempo(6600); hi = ClampTempo(8000);
                    tempo = lo + (int)(((long)(hi - lo) * a) >> 15);
                    bright = 16384 + (a >> 3); dens = 24576 + (a >> 3); energy = 16384 + (a >> 3);
                    return;
                case TherapyState.Sustain:
                    tempo = ClampTempo(6600); bright = 14746; dens = 21299; energy = 14746;
                    return;
                case TherapyState.Guide:
                case TherapyState.Settled:
                case TherapyState.SensorLost:
                    if (_program == ProgramKind.Calm) { tempo = ClampTempo(6000); bright = 9830; dens = 8192; energy = 9830; }
                    else if (_program == ProgramKind.Pain) { tempo = ClampTempo(6600); bright = 14746; dens = 21299; energy = 14746; }
                    else if (_program == ProgramKind.Noise) { tempo = ClampTempo(4800); bright = 3277; dens = 0; energy = 6554; }
                    else { tempo = ClampTempo(4800); bright = 3277; dens = 1638; energy = 4915; }
                    return;
                default: // Attune / iso match
                    lo = ClampTempo(6000); hi = ClampTempo(8000);
                    tempo = lo + (int)(((long)(hi - lo) * a) >> 15);
                    bright = 11469 + (a >> 1); dens = 9830 + (a >> 1); energy = 9830 + (int)(((long)a * 13107) >> 15);
                    return;
            }
        }

        private int ClampTempo(int t)
        {
            if (t < _presetMinCentiBpm) t = _presetMinCentiBpm;
            if (t > _presetMaxCentiBpm) t = _presetMaxCentiBpm;
            return t;
        }

        private void Publish()
        {
            _controls.TempoCentiBpm = (int)(_tempoQ16 >> 16);
            _controls.BrightnessQ15 = ClampQ15((int)(_brightQ16 >> 16));
            _controls.DensityQ15 = ClampQ15((int)(_densityQ16 >> 16));
            _controls.EnergyQ15 = ClampQ15((int)(_energyQ16 >> 16));
            _controls.LevelCentiDb = _level.OutputCentiDb;
            if (_controls.TempoCentiBpm < Preset.MinTempoCentiBpm) _controls.TempoCentiBpm = Preset.MinTempoCentiBpm;
            if (_controls.TempoCentiBpm > Preset.MaxTempoCentiBpm) _controls.TempoCentiBpm = Preset.MaxTempoCentiBpm;
        }

        /// <summary>Returns the clamped dt since the last call (0..1000 ms) and remembers nowMs.</summary>
        private int SyncTime(long nowMs)
        {
            if (!_haveTime) { _haveTime = true; _lastNowMs = nowMs; return 0; }
            long dt = nowMs - _lastNowMs;
            if (dt < 0) dt = 0;          // clock went backwards: no time passes, re-base on the new time
            if (dt > 1000) dt = 1000;    // stall: at most 1 s of change per tick
            _lastNowMs = nowMs;
            return (int)dt;
        }

        private static int ClampQ15(int v) { return v < 0 ? 0 : v > 32767 ? 32767 : v; }
    }
}
