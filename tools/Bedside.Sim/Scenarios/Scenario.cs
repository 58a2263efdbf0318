namespace Bedside.Sim.Scenarios;

/// <summary>
/// One listener for one session: the listener model, the two sensor synthesizers and the scenario's script
/// of disturbances and detachments. Deterministic from the seed. Advance() is called once per control tick
/// with the music the listener heard during that tick; it emits every sensor reading due up to that time,
/// at the device sample rates with timestamp jitter (PPG ±0.3 ms, EDA ±1 ms).
///
/// Scripts (session length L):
/// - falling-asleep: starts aroused (0.70) in a ward that keeps an unaccompanied listener at 0.60; turns
///   over now and then (a few seconds of motion artefact, arousal +0.05).
/// - restless: starts at 0.65, a standing +0.20 disturbance, and restless episodes every ~4 min
///   (arousal +0.20..0.35, 4-20 s of motion artefact, a 0.3-0.8 µS SCR).
/// - pain-episode: falling-asleep until 35 % of L (at least 2 min), then pain for 25 % of L (1-8 min):
///   disturbance rises to +0.45 over 30 s with an SCR burst and brief movements, and fades over 60 s after.
/// - sensor-detach: falling-asleep physiology; the finger sensor is off from 30 % to 55 % of L and the EDA
///   electrodes from 45 % to 70 % (both off 45-55 %), reading a flat idle line / open circuit meanwhile.
/// - no-sensors: falling-asleep physiology, no sensor readings at all (the unit runs open-loop).
/// </summary>
public sealed class Scenario
{
    private readonly SimRandom _events;
    private readonly double _durationS;
    private long _ppgNextUs, _edaNextUs, _lastUs;
    private readonly long _ppgPeriodUs = 1_000_000 / Bedside.Sim.Session.DeviceRates.PpgHz;
    private readonly long _edaPeriodUs = 1_000_000 / Bedside.Sim.Session.DeviceRates.EdaHz;
    private double _nextMoveS, _motionEndS, _motionCounts;
    private readonly double _painStartS, _painEndS, _ppgOffS, _ppgOnS, _edaOffS, _edaOnS;
    private readonly SimRandom _jitter;

    public ScenarioKind Kind { get; }
    public ListenerModel Listener { get; }
    public PpgSynth Ppg { get; }
    public EdaSynth Eda { get; }
    public bool HasSensors => Kind != ScenarioKind.NoSensors;
    /// <summary>Label of what the script is doing now ("", "moving", "restless", "pain", "ppg off", ...), for the listener trace.</summary>
    public string Event { get; private set; } = "";

    public Scenario(ScenarioKind kind, uint seed, double durationS)
    {
        Kind = kind;
        _durationS = durationS;
        var root = new SimRandom(seed);
        var physio = root.Fork();
        _events = root.Fork();
        _jitter = root.Fork();
        Ppg = new PpgSynth(root.Fork());
        Eda = new EdaSynth(root.Fork());
        double a0 = 0.70, ward = 0.60;
        if (kind == ScenarioKind.Restless) { a0 = 0.65; }
        if (kind == ScenarioKind.PainEpisode) { a0 = 0.55; }
        Listener = new ListenerModel(a0, ward, 0.30, 0.10, physio);
        if (kind == ScenarioKind.Restless) Listener.Disturbance = 0.20;
        _painStartS = Math.Max(120, 0.35 * durationS);
        _painEndS = _painStartS + Math.Clamp(0.25 * durationS, 60, 480);
        _ppgOffS = 0.30 * durationS; _ppgOnS = 0.55 * durationS;
        _edaOffS = 0.45 * durationS; _edaOnS = 0.70 * durationS;
        _nextMoveS = kind == ScenarioKind.Restless ? 90 + _events.Exponential(180) : 120 + _events.Exponential(480);
        _ppgNextUs = _jitter.Uniform() < 0.5 ? 0 : 1000;
        _edaNextUs = 2000;
    }

    /// <summary>
    /// Advances to tUs with the music heard since the last call (tempo BPM, brightness 0..1, output level dB re
    /// full scale) and pushes every reading due up to tUs into sink.
    /// </summary>
    public void Advance(long tUs, double tempoBpm, double brightness01, double levelDb, ISensorSink sink)
    {
        if (tUs <= _lastUs) return;
        double tS = tUs / 1e6, dtS = (tUs - _lastUs) / 1e6;
        _lastUs = tUs;
        Script(tS);
        Listener.Step(tS, dtS, tempoBpm, brightness01, levelDb);
        if (!HasSensors) return;
        Ppg.MotionCounts = tS < _motionEndS ? _motionCounts : 0;
        while (_ppgNextUs <= tUs)
        {
            long stamp = _ppgNextUs;
            sink.PushPulse(Ppg.Sample(stamp / 1e6, Listener), stamp);
            _ppgNextUs += _ppgPeriodUs + (long)_jitter.Uniform(-300, 300);
        }
        while (_edaNextUs <= tUs)
        {
            long stamp = _edaNextUs;
            sink.PushEda(Eda.Sample(stamp / 1e6, Listener), stamp);
            _edaNextUs += _edaPeriodUs + (long)_jitter.Uniform(-1000, 1000);
        }
    }

    private void Script(double tS)
    {
        string ev = tS < _motionEndS ? Event : "";
        if (tS >= _nextMoveS)
        {
            if (Kind == ScenarioKind.Restless)
            {
                Listener.Kick(_events.Uniform(0.20, 0.35));
                StartMotion(tS, _events.Uniform(4, 20), _events.Uniform(300, 900));
                Eda.TriggerScr(tS + 1.5, _events.Uniform(0.3, 0.8));
                ev = "restless";
                _nextMoveS = tS + 60 + _events.Exponential(180);
            }
            else
            {
                Listener.Kick(0.05);
                StartMotion(tS, _events.Uniform(2, 6), _events.Uniform(200, 600));
                ev = "moving";
                _nextMoveS = tS + 120 + _events.Exponential(480);
            }
        }
        if (Kind == ScenarioKind.PainEpisode)
        {
            double d = 0;
            if (tS >= _painStartS && tS < _painEndS) d = 0.45 * Math.Min(1, (tS - _painStartS) / 30);
            else if (tS >= _painEndS && tS < _painEndS + 60) d = 0.45 * (1 - (tS - _painEndS) / 60);
            bool wasOff = Listener.Disturbance <= 0;
            Listener.Disturbance = d;
            if (d > 0)
            {
                ev = "pain";
                if (wasOff) { Listener.Kick(0.2); Eda.TriggerScr(tS + 1, 0.9); Eda.TriggerScr(tS + 6, 0.5); }
                if (tS < _painEndS && tS >= _motionEndS && _events.Uniform() < 0.0012) StartMotion(tS, _events.Uniform(1, 4), _events.Uniform(200, 500));
            }
        }
        if (Kind == ScenarioKind.SensorDetach)
        {
            Ppg.Detached = tS >= _ppgOffS && tS < _ppgOnS;
            Eda.Detached = tS >= _edaOffS && tS < _edaOnS;
            // a movement while a sensor is off keeps its label (it disturbs the sensor still attached)
            string moving = ev == "moving" ? "moving, " : "";
            if (Ppg.Detached && Eda.Detached) ev = "ppg+eda off";
            else if (Ppg.Detached) ev = moving + "ppg off";
            else if (Eda.Detached) ev = moving + "eda off";
        }
        Event = ev;
    }

    private void StartMotion(double tS, double durationS, double counts)
    {
        _motionEndS = tS + durationS;
        _motionCounts = counts;
    }
}
