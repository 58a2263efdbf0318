using Bedside.Core.Composer;
using Bedside.Core.Input;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Session;
using Bedside.Core.Settings;

namespace Bedside.Core.Therapy
{
    /// <summary>
    /// The therapy side's facade inside Unit.BedsideUnit (the object the hosts, device Program and simulator, build):
    /// button edges in, physiology and time in each control tick, music controls / cues / indicator / audio-run
    /// flag out, settings and the session log through the storage port. BedsideUnit feeds it and turns its outputs
    /// into sound; the BLE protocol reads and writes its settings and log. No audio types other than MusicControls.
    ///
    /// Threading: not thread-safe. Call OnButtonEdge and Tick from the control thread (queue GPIO interrupt
    /// edges with their timestamps and feed them before the tick) or under one lock.
    /// Tick rate: 20 Hz nominal (10-50 Hz fine, irregular ticks tolerated; see TherapyStateMachine).
    ///
    /// Button grammar (hardware/quick-card.md):
    ///   Standby: 1 press = start the selected program (fade in 4 s) · 3 presses = next program (cue counts it)
    ///            · hold 4 s = open the 60 s Bluetooth pairing window · hold 4 s again while it is open = forget all
    ///            clients (every access key and, on the device, every bond; four alternating notes).
    ///   Playing: 1 press = 3 dB quieter · 2 presses = 3 dB louder (never above the cap) · 3 presses = next program
    ///            · hold 1.5 s = stop (3 s fade).
    ///   Fading out (stop or sleep timer): 1 press = keep playing (fade back in, timer restarts);
    ///            hold 1.5 s during the slow timer fade = stop now (3 s fade).
    ///   Anything else (4+ presses, 2 presses in standby) = soft "not understood" cue, nothing changes.
    /// </summary>
    public sealed class BedsideController
    {
        public const int PairingWindowMs = 60000;
        public const int IndicatorOnMs = 10000;
        /// <summary>Indicator brightness while lit: about 4 % (a dim, warm, steady glow; never blinks).</summary>
        public const int IndicatorDimQ15 = 1311;

        /// <summary>Progress saves of the session log: every this many recorded minutes (and at the session end),
        /// so a power cut loses less than this plus one save's duration (see SessionLogStore).</summary>
        public const int ProgressSaveMinutes = 4;

        private readonly GuardedStorage _storage;
        private readonly SettingsStore _store;
        private readonly SessionLogStore _logStore;
        private readonly DeviceSettings _settings = new DeviceSettings();
        private readonly DeviceSettings _pending = new DeviceSettings();
        private readonly ButtonDecoder _button = new ButtonDecoder();
        private readonly TherapyStateMachine _machine = new TherapyStateMachine();
        private readonly SessionLog _log = new SessionLog();
        private readonly SettingsSource _bootSource;
        private readonly ClientKeyStore _clients;
        private bool _forgetRequested;

        private Cue _cue = Cue.None;
        private bool _pairingClosedCueDue;
        private int _cueArg;
        private bool _pairingOpen;
        private long _pairingUntilMs;
        private bool _sessionActive;
        private int _loggedMinutes;
        private bool _minuteHasTicks;
        private bool _lastLogSaved;
        private int _savedMinutes;
        private int _faultsSeen;
        private int _carryHeaderFlags;
        private int _stuckEvents;
        private int _carryFlags;
        private long _lastNowMs;
        private PhysioSnapshot _lastPhysio;

        /// <summary>Loads settings (newest valid A/B slot, else factory defaults) and the last saved session log
        /// (so it can be downloaded after a reboot), and starts in silent Standby with level = min(stored, default).
        /// The storage is used through a GuardedStorage: a store that throws costs a load or a save (factory
        /// defaults, no saved log), never the unit; the fault is flagged in the next session's log.</summary>
        public BedsideController(IStorage storage)
        {
            _storage = new GuardedStorage(storage);
            _store = new SettingsStore(_storage);
            _logStore = new SessionLogStore(_storage);
            _bootSource = _store.Load(_settings);
            _logStore.Load(_log);
            _clients = new ClientKeyStore(_storage);
            NoteStorageFaults();
            _machine.Configure(_settings);
            _machine.SelectProgram(_settings.DefaultProgram);
            int lvl = _settings.StoredLevelCentiDb < _settings.DefaultLevelCentiDb ? _settings.StoredLevelCentiDb : _settings.DefaultLevelCentiDb;
            _machine.Level.SetUserImmediate(lvl);
        }

        // ------------------------------------------------------------------ outputs
        public MusicControls Controls { get { return _machine.Controls; } }
        public ProgramKind Program { get { return _machine.Program; } }
        public TherapyState State { get { return _machine.State; } }
        /// <summary>False in Standby: the host may stop rendering and mute the amplifier (cues still play).</summary>
        public bool AudioShouldRun { get { return _machine.AudioShouldRun; } }
        public bool PairingWindowOpen { get { return _pairingOpen; } }
        /// <summary>Indicator LED level, Q15 (0 = off). Lit dimly for 10 s after the last press or release, steady.</summary>
        public int IndicatorLevelQ15
        {
            get
            {
                if (!_button.HasActivity || _button.IsStuck) return 0;
                return _lastNowMs - _button.LastActivityMs < IndicatorOnMs ? IndicatorDimQ15 : 0;
            }
        }
        /// <summary>The cue waiting to be played (latest wins), without taking it.</summary>
        public Cue PendingCue { get { return _cue; } }
        /// <summary>Argument of the pending cue (Program: the ProgramKind value).</summary>
        public int PendingCueArg { get { return _cueArg; } }
        /// <summary>Takes the pending cue (the audio side plays it once). Cue.None when there is none.</summary>
        public Cue TakeCue() { Cue c = _cue; _cue = Cue.None; return c; }

        public TherapyStateMachine Machine { get { return _machine; } }
        public TransitionTrace Trace { get { return _machine.Trace; } }
        public ButtonDecoder Button { get { return _button; } }
        public SessionLog Log { get { return _log; } }
        /// <summary>True when the last save of the session log (a progress save or the session end) reached storage.</summary>
        public bool LastLogSaved { get { return _lastLogSaved; } }
        /// <summary>Exceptions the storage threw since boot (each cost one load or save; the unit kept running).</summary>
        public int StorageFaults { get { return _storage.FaultCount; } }
        public int StuckButtonEvents { get { return _stuckEvents; } }

        // ------------------------------------------------------------------ settings
        /// <summary>Settings in force (read only: change them through ApplySettings).</summary>
        public DeviceSettings Settings { get { return _settings; } }
        /// <summary>Copies the settings in force into dst (for BLE reads), allocation-free.</summary>
        public void CopySettingsTo(DeviceSettings dst) { if (dst != null) dst.CopyFrom(_settings); }

        /// <summary>Where the settings came from at boot (FactoryDefaults when both slots were bad).</summary>
        public SettingsSource BootSettingsSource { get { return _bootSource; } }

        /// <summary>Validates, stores (A/B) and applies new settings (cap at once; tempo range and timer from the
        /// next tick). Null on success, else the reason and nothing changes. Keeps the current stored level if
        /// it still fits under the new cap.</summary>
        public string ApplySettings(DeviceSettings s)
        {
            if (s == null) return "no settings";
            string why = s.Validate();
            if (why != null) return why;
            _pending.CopyFrom(s);
            why = _store.Save(_pending);
            NoteStorageFaults();
            if (why != null) { Flag(LogFlags.SettingsSaveFailed); return why; }
            _settings.CopyFrom(_pending);
            _machine.Configure(_settings);
            if (_machine.State == TherapyState.Standby) _machine.SelectProgram(_settings.DefaultProgram);
            return null;
        }

        /// <summary>Closes the pairing window early (the BLE codec calls it once a client has enrolled).</summary>
        public void ClosePairingWindow() { _pairingOpen = false; }

        /// <summary>The enrolled clients' access keys (Protocol.GattOperations issues and checks them).</summary>
        public ClientKeyStore Clients { get { return _clients; } }

        /// <summary>
        /// True once after the caregiver's "forget all clients" gesture (the keys are already forgotten): the device
        /// host then deletes every bond (DeviceBonding.DeleteAllBonds).
        /// </summary>
        public bool TakeForgetClientsRequest() { bool r = _forgetRequested; _forgetRequested = false; return r; }

        // ------------------------------------------------------------------ inputs
        /// <summary>Raw button edge (pressed = contact closed), with the interrupt's timestamp in ms.</summary>
        public void OnButtonEdge(bool pressed, long tMs) { _button.OnEdge(pressed, tMs); }

        /// <summary>Starts a session as a single press in Standby would (for BLE/simulator scripts).</summary>
        public void StartSession(long nowMs) { if (_machine.State == TherapyState.Standby) BeginSession(nowMs); }

        /// <summary>Stops with a fade as a hold would.</summary>
        public void StopSession(long nowMs) { _machine.Stop(nowMs); }

        /// <summary>One control tick. physio may be null (no sensing): the therapy runs open-loop.</summary>
        public void Tick(long nowMs, PhysioSnapshot physio)
        {
            _lastNowMs = nowMs;
            _lastPhysio = physio;
            _button.Tick(nowMs);
            Gesture g = _button.Take();
            while (g != Gesture.None) { OnGesture(g, nowMs); g = _button.Take(); }

            _machine.Tick(nowMs, physio);

            if (_sessionActive)
            {
                _log.AddTick(physio);
                _minuteHasTicks = true;
                if (_machine.OpenLoop) _log.AddFlags(LogFlags.OpenLoop);
                while (_machine.SessionMs >= (long)(_loggedMinutes + 1) * 60000)
                {
                    _loggedMinutes++;
                    _log.CommitMinute(_loggedMinutes, _machine.Program, (byte)_machine.State, _machine.Controls, false);
                    _minuteHasTicks = false;
                }
                if (_machine.State == TherapyState.Standby) EndSession();
                else if (_loggedMinutes - _savedMinutes >= ProgressSaveMinutes)
                {
                    _savedMinutes = _loggedMinutes;
                    _lastLogSaved = _logStore.Save(_log);
                    NoteStorageFaults();
                }
            }

            if (_pairingOpen && nowMs - _pairingUntilMs >= 0)
            {
                _pairingOpen = false;
                _pairingClosedCueDue = true;
            }
            // the window's closing cue waits for a tick with no other cue pending: a gesture's cue is never replaced by it
            if (_pairingClosedCueDue && _cue == Cue.None)
            {
                _pairingClosedCueDue = false;
                SetCue(Cue.PairingClosed, 0);
            }
        }

        // ------------------------------------------------------------------ internals
        private void OnGesture(Gesture g, long nowMs)
        {
            if (_sessionActive) _log.AddGesture();
            TherapyState s = _machine.State;
            switch (g)
            {
                case Gesture.StuckDetected:
                    _stuckEvents++;
                    Flag(LogFlags.ButtonStuck);
                    return;
                case Gesture.StuckCleared:
                    return;
                case Gesture.PressMany:
                    SetCue(Cue.NotUnderstood, 0);
                    return;
            }
            if (s == TherapyState.Standby)
            {
                if (g == Gesture.Press1) { BeginSession(nowMs); return; }
                if (g == Gesture.Press3) { NextProgram(nowMs); return; }
                if (g == Gesture.Hold) { SetCue(Cue.HoldAck, 0); return; }
                if (g == Gesture.LongHold && _pairingOpen)
                {
                    // A second long hold inside the open window: forget every enrolled client.
                    _clients.ForgetAll();
                    _forgetRequested = true;
                    _pairingOpen = false;
                    SetCue(Cue.ClientsForgotten, 0);
                    return;
                }
                if (g == Gesture.LongHold)
                {
                    _pairingOpen = true; _pairingUntilMs = nowMs + PairingWindowMs; _pairingClosedCueDue = false;
                    Flag(LogFlags.PairingOpened);
                    SetCue(Cue.PairingOpen, 0);
                    return;
                }
                SetCue(Cue.NotUnderstood, 0);
                return;
            }
            if (s == TherapyState.FadeOut)
            {
                if (g == Gesture.Press1) { _machine.Resume(nowMs); SetCue(Cue.Start, 0); }
                else if (g == Gesture.Hold && _machine.TimerFadeActive) { _machine.Stop(nowMs); SetCue(Cue.Stop, 0); }
                return; // anything else during a fade-out changes nothing
            }
            // playing
            switch (g)
            {
                case Gesture.Press1:
                    if (_machine.Level.Step(-1)) SetCue(Cue.VolumeDown, 0);
                    else { SetCue(Cue.VolumeLimit, 0); Flag(LogFlags.VolumeLimit); }
                    break;
                case Gesture.Press2:
                    if (_machine.Level.Step(1)) SetCue(Cue.VolumeUp, 0);
                    else { SetCue(Cue.VolumeLimit, 0); Flag(LogFlags.VolumeLimit); }
                    break;
                case Gesture.Press3:
                    NextProgram(nowMs);
                    break;
                case Gesture.Hold:
                    _machine.Stop(nowMs);
                    SetCue(Cue.Stop, 0);
                    break;
            }
        }

        private void NextProgram(long nowMs)
        {
            ProgramKind next = (ProgramKind)(((int)_machine.Program + 1) % 4);
            if (_machine.State == TherapyState.Standby) _machine.SelectProgram(next);
            else { _machine.ChangeProgram(next, nowMs); Flag(LogFlags.ProgramChanged); }
            SetCue(Cue.Program, (int)_machine.Program);
        }

        private void BeginSession(long nowMs)
        {
            _log.Begin(_bootSource == SettingsSource.FactoryDefaults ? LogHeaderFlags.SettingsDefaulted : 0);
            if (_bootSource == SettingsSource.FactoryDefaults) _log.AddFlags(LogFlags.SettingsDefaulted);
            _log.AddFlags(_carryFlags); // events from Standby (stuck button, pairing) go into the first record
            _carryFlags = 0;
            _log.AddHeaderFlags(_carryHeaderFlags);
            _carryHeaderFlags = 0;
            _loggedMinutes = 0; _savedMinutes = 0; _minuteHasTicks = false;
            _sessionActive = true;
            _machine.Start(_machine.Program, _lastPhysio, nowMs);
            SetCue(Cue.Start, 0);
        }

        private void EndSession()
        {
            // remember the caregiver's level (restart takes min(stored, default))
            int user = _machine.Level.UserCentiDb;
            if (user != _settings.StoredLevelCentiDb)
            {
                _pending.CopyFrom(_settings);
                _pending.StoredLevelCentiDb = user;
                if (_store.Save(_pending) == null) _settings.StoredLevelCentiDb = user;
                else _log.AddFlags(LogFlags.SettingsSaveFailed);
                NoteStorageFaults(); // still this session's log
            }
            if (_minuteHasTicks || _log.PendingFlags != 0)
            {
                _loggedMinutes++;
                _log.CommitMinute(_loggedMinutes, _machine.Program, (byte)_machine.State, _machine.Controls, true);
            }
            _sessionActive = false;
            _lastLogSaved = _logStore.Save(_log);
            NoteStorageFaults(); // a fault while saving this log goes into the next one
        }

        /// <summary>New storage exceptions go into the log header: this session's, or (in Standby, or when the
        /// save at the end threw) the next session's.</summary>
        private void NoteStorageFaults()
        {
            int n = _storage.FaultCount;
            if (n == _faultsSeen) return;
            _faultsSeen = n;
            if (_sessionActive) _log.AddHeaderFlags(LogHeaderFlags.StorageFault);
            else _carryHeaderFlags |= LogHeaderFlags.StorageFault;
        }

        private void SetCue(Cue c, int arg) { _cue = c; _cueArg = arg; }

        /// <summary>Log flag for the minute in progress, or (in Standby) for the next session's first record.</summary>
        private void Flag(int f)
        {
            if (_sessionActive) _log.AddFlags(f);
            else _carryFlags |= f;
        }
    }
}
