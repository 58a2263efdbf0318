using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Bedside.Sim.Scenarios;

namespace Bedside.Sim.Session;

// =====================================================================================================
// THE COMPOSITION SEAM between the simulator and the portable core. This is the ONLY file that names
// the core's sensing / therapy / composer / engine / log parts. The session loop, scenarios, writers and
// CLI talk to ISessionCore and CoreParts only.
// =====================================================================================================

/// <summary>What the simulator hands the core when a session starts.</summary>
public sealed class SessionCoreConfig
{
    public ProgramKind Program = ProgramKind.Sleep;
    /// <summary>Audio output rate in Hz: 11025, 16000 or 22050 (the device rates).</summary>
    public int SampleRateHz = 16000;
    /// <summary>Seed for everything random inside the core (composer choices, noise beds).</summary>
    public uint Seed = 1;
    /// <summary>Therapist preset, already validated (Preset.Validate() == null).</summary>
    public Preset Preset = new Preset();
}

/// <summary>
/// One bedside unit as the simulator drives it, one control period per <see cref="Step"/>. Per step: push every
/// sensor reading with a timestamp up to the step's time (PushPulse/PushEda, timestamps non-decreasing), queue the
/// button edges due by then (OnButtonEdge), then Step(nowUs), which runs the control tick at nowUs and renders
/// <see cref="BlockSamples"/> samples into <see cref="Block"/>. Nothing here reads a clock.
/// </summary>
public interface ISessionCore : ISensorSink
{
    /// <summary>Starts the configured program at nowMs (what the caregiver's start press does on the device).</summary>
    void Start(long nowMs);

    // PushPulse(int rawCounts, long tUs) and PushEda(int rawCounts, long tUs) come from ISensorSink:
    // 12-bit ADC counts (0..4095) of the pulse sensor and of the GSR module (GsrTransfer), taken at tUs.

    /// <summary>A debounced-or-not button edge exactly as the GPIO interrupt would report it; delivered to the unit before the next control tick.</summary>
    void OnButtonEdge(bool pressed, long tMs);

    /// <summary>Samples each step renders: one control period (<see cref="Rates.ControlPeriodSamples"/> at the session rate).</summary>
    int BlockSamples { get; }

    /// <summary>One control period at nowUs (non-decreasing): sensor readings in, control tick, BlockSamples samples rendered into Block.</summary>
    void Step(long nowUs);

    /// <summary>The last step's audio: BlockSamples 16-bit little-endian mono samples.</summary>
    byte[] Block { get; }

    /// <summary>The latest sensing output (valid after Step).</summary>
    PhysioSnapshot Snapshot { get; }

    /// <summary>The music targets therapy set on the latest tick.</summary>
    MusicControls Controls { get; }

    /// <summary>Name of the current therapy state (e.g. "Guide", "Settled"); a constant string, no allocation.</summary>
    string StateName { get; }

    /// <summary>Moves state-transition trace lines ("t_ms,state,reason") produced since the last call to sink.</summary>
    void DrainTrace(TextWriter sink);

    /// <summary>The device's binary session log as it would be saved at the end of the session.</summary>
    byte[] GetSessionLogBytes(long nowMs);
}

/// <summary>Sensor sample rates of the device (the sensing part's choice; the session loop adds jitter).</summary>
public static class DeviceRates
{
    /// <summary>PPG (analog pulse sensor on ADC1) sample rate, Hz.</summary>
    public const int PpgHz = SensingHub.DefaultPulseRateHz;
    /// <summary>EDA (Grove-style GSR on ADC1) sample rate, Hz.</summary>
    public const int EdaHz = SensingHub.DefaultEdaRateHz;
}

/// <summary>Factories and host tools of the core.</summary>
public static class CoreParts
{
    /// <summary>Creates the core for one session.</summary>
    public static ISessionCore Create(SessionCoreConfig config)
    {
        return new UnitCore(config);
    }


    /// <summary>`replay`: Bedside.Host.Replay.ReplayRunner.Run (summary line on stdout, errors prefixed). Returns the exit code.</summary>
    public static int RunReplay(string inputCsv, string outDir, TextWriter stdout, TextWriter stderr, string prefix)
    {
        return Bedside.Host.Replay.ReplayRunner.Run(inputCsv, outDir, stdout, stderr, new Bedside.Host.Replay.ReplayOptions(), prefix);
    }

    /// <summary>`log`: Bedside.LogTool.LogDecoder.DecodeToCsv(logPath, csvOut, stderr). Returns the exit code.</summary>
    public static int DecodeLog(string logPath, TextWriter csvOut, TextWriter stderr, string prefix)
    {
        return Bedside.LogTool.LogDecoder.DecodeToCsv(logPath, csvOut, stderr, prefix);
    }
}

/// <summary>
/// The real portable core, run by the device's own loops: <see cref="BedsideUnit"/> (sensing → therapy → composer
/// → engine) over a RAM store, with the analog pulse sensor and the Grove GSR module at the simulator's sensor
/// rates. A step runs the core's <see cref="SensorLoop"/> over two <see cref="VirtualSensor"/>s (FIFOs holding the
/// scenario's readings, polled at every step) and then the core's <see cref="AudioLoop"/> over a
/// <see cref="ManualClock"/> and a <see cref="VirtualAudioOut"/> (the device's 4096-sample ring) with the queued
/// button edges as its edge source, in blocks of one control period: the audio loop drains the edges, runs the
/// control tick at the clock's time and renders the period. The simulator sets the clock to the end of the audio
/// the step renders, so the output never waits and the WAV, the sensor stamps and the ticks share one time axis.
/// </summary>
internal sealed class UnitCore : ISessionCore
{
    /// <summary>The device's I2S ring, samples.</summary>
    public const int RingSamples = 4096;
    /// <summary>Extra wait before the amplifier is muted (the device's Program.MuteMarginMs).</summary>
    public const int MuteMarginMs = 30;
    /// <summary>Readings each virtual sensor holds (a step brings about 7 PPG and 1 EDA reading).</summary>
    public const int SensorFifo = 256;
    /// <summary>Sensor poll period: half a control period, so the sensor loop polls both FIFOs at every step.</summary>
    public const long SensorPollUs = Rates.ControlPeriodMs * 1000L / 2;

    private static readonly string[] StateNames = Enum.GetNames<TherapyState>();
    private static readonly string[] ReasonNames = Enum.GetNames<TransitionReason>();
    private readonly BedsideUnit _unit;
    private readonly ManualClock _clock = new ManualClock(0);
    private readonly VirtualAudioOut _out;
    private readonly VirtualSensor _pulse = new VirtualSensor(SensorFifo), _eda = new VirtualSensor(SensorFifo);
    private readonly EdgeQueue _edges = new EdgeQueue();
    private readonly SensorLoop _sensors;
    private readonly AudioLoop _audio;
    private long _drained;

    /// <param name="sync">The unit lock (the serve command shares it with the GATT codec); null: a lock of its own.</param>
    public UnitCore(SessionCoreConfig config, object sync = null)
    {
        var storage = RamStorage.CreateDefault();
        var sensing = new SensingHub(DeviceRates.PpgHz, PulseSensorKind.AnalogAdc12, DeviceRates.EdaHz, EdaSensorKind.GroveAdc12);
        _unit = new BedsideUnit(storage, sensing, config.SampleRateHz, config.Seed);
        var settings = new DeviceSettings();
        _unit.Controller.CopySettingsTo(settings);
        settings.DefaultProgram = config.Program;
        settings.Preset.CopyFrom(config.Preset);
        string why = _unit.Controller.ApplySettings(settings);
        if (why != null) throw new ArgumentException("settings rejected by the core: " + why);
        sync ??= new object();
        // The simulated sensors are fitted (available); whether they deliver usable signal is the scenario's business.
        _sensors = new SensorLoop(_unit, sync, _pulse, SensorPollUs, _eda, SensorPollUs, 0);
        BlockSamples = Rates.ControlPeriodSamples(config.SampleRateHz);
        _out = new VirtualAudioOut(_clock, config.SampleRateHz, RingSamples, BlockSamples, 0, 0);
        _audio = new AudioLoop(_unit, sync, _edges, _out, _out, null, 0, BlockSamples, MuteMarginMs);
    }

    public int BlockSamples { get; }
    public byte[] Block => _audio.Block;
    /// <summary>The device's sensor loop over the virtual sensors (its availability feeds the control loop's sensor flags).</summary>
    public SensorLoop Sensors => _sensors;
    /// <summary>Times the virtual amplifier was switched (the audio loop's gate).</summary>
    public int AmpSwitches => _out.AmpSwitches;
    public PhysioSnapshot Snapshot => _unit.Physio;
    public MusicControls Controls => _unit.Controller.Controls;
    public string StateName => StateNames[(int)_unit.Controller.State];
    public BedsideUnit Unit => _unit;

    public void Start(long nowMs) => _unit.StartSession(nowMs);
    public void PushPulse(int rawCounts, long tUs) => Queue(_pulse, rawCounts, tUs);
    public void PushEda(int rawCounts, long tUs) => Queue(_eda, rawCounts, tUs);
    public void OnButtonEdge(bool pressed, long tMs) => _edges.Enqueue((pressed, tMs));

    public void Step(long nowUs)
    {
        _clock.Advance(nowUs - _clock.NowUs());
        _sensors.Step(_clock.NowUs());
        _audio.Step(_clock);
    }

    private static void Queue(VirtualSensor sensor, int raw, long tUs)
    {
        if (!sensor.Push(raw, tUs)) throw new InvalidOperationException("virtual sensor FIFO full: readings pushed without a step");
    }

    /// <summary>The caregiver button's edges as the simulator scripts them, drained by the audio loop before each control tick.</summary>
    private sealed class EdgeQueue : Queue<(bool pressed, long tMs)>, IEdgeSource
    {
        public bool TryGetEdge(out bool pressed, out long tMs)
        {
            if (TryDequeue(out var e)) { pressed = e.pressed; tMs = e.tMs; return true; }
            pressed = false; tMs = 0;
            return false;
        }
    }

    public void DrainTrace(TextWriter sink)
    {
        var trace = _unit.Controller.Trace;
        long fresh = trace.Total - _drained;
        if (fresh <= 0) return;
        if (fresh > trace.Count) fresh = trace.Count;
        for (int k = trace.Count - (int)fresh; k < trace.Count; k++)
            sink.Write($"{trace.TimeMsAt(k)},{StateNames[(int)trace.StateAt(k)]},{ReasonNames[(int)trace.ReasonAt(k)]}\n");
        _drained = trace.Total;
    }

    public byte[] GetSessionLogBytes(long nowMs)
    {
        var log = _unit.Controller.Log;
        if (!log.IsSealed) log.Seal();
        var bytes = new byte[log.SerializedLength];
        log.CopySerialized(0, bytes, 0, bytes.Length);
        return bytes;
    }
}
