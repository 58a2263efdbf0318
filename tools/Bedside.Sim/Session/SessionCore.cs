using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
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
/// One bedside unit as the simulator drives it. Call order per control tick: every sensor sample with
/// a timestamp up to now (PushPulse/PushEda, timestamps non-decreasing), button edges due by now,
/// then Tick(nowMs), then Render for the audio that covers the tick. Nothing here reads a clock.
/// </summary>
public interface ISessionCore : ISensorSink
{
    /// <summary>Starts the configured program at nowMs (what the caregiver's start press does on the device).</summary>
    void Start(long nowMs);

    // PushPulse(int rawCounts, long tUs) and PushEda(int rawCounts, long tUs) come from ISensorSink:
    // 12-bit ADC counts (0..4095) of the pulse sensor and of the GSR module (GsrTransfer), taken at tUs.

    /// <summary>A debounced-or-not button edge exactly as the GPIO interrupt would report it.</summary>
    void OnButtonEdge(bool pressed, long tMs);

    /// <summary>Control tick: sensing update, therapy state machine, composer. nowMs non-decreasing.</summary>
    void Tick(long nowMs);

    /// <summary>Renders sampleCount 16-bit little-endian mono samples into dst at offset (2 bytes each).</summary>
    void Render(byte[] dst, int offset, int sampleCount);

    /// <summary>The latest sensing output (valid after Tick).</summary>
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
/// The real portable core, exactly as the device wires it: <see cref="BedsideUnit"/> (sensing → therapy →
/// composer → engine) over a RAM store, with the analog pulse sensor and the Grove GSR module at the
/// simulator's sensor rates.
/// </summary>
internal sealed class UnitCore : ISessionCore
{
    private static readonly string[] StateNames = Enum.GetNames<TherapyState>();
    private static readonly string[] ReasonNames = Enum.GetNames<TransitionReason>();
    private readonly BedsideUnit _unit;
    private long _drained;

    public UnitCore(SessionCoreConfig config)
    {
        var storage = RamStorage.CreateDefault();
        var sensing = new SensingHub(DeviceRates.PpgHz, PulseSensorKind.AnalogAdc12, DeviceRates.EdaHz, EdaSensorKind.GroveAdc12);
        // The simulated sensors are fitted; whether they deliver usable signal is the scenario's business.
        sensing.SetPulseAvailable(true);
        sensing.SetEdaAvailable(true);
        _unit = new BedsideUnit(storage, sensing, config.SampleRateHz, config.Seed);
        var settings = new DeviceSettings();
        _unit.Controller.CopySettingsTo(settings);
        settings.DefaultProgram = config.Program;
        settings.Preset.CopyFrom(config.Preset);
        string why = _unit.Controller.ApplySettings(settings);
        if (why != null) throw new ArgumentException("settings rejected by the core: " + why);
    }

    public PhysioSnapshot Snapshot => _unit.Physio;
    public MusicControls Controls => _unit.Controller.Controls;
    public string StateName => StateNames[(int)_unit.Controller.State];
    public BedsideUnit Unit => _unit;

    public void Start(long nowMs) => _unit.StartSession(nowMs);
    public void PushPulse(int rawCounts, long tUs) => _unit.PushPulse(rawCounts, tUs);
    public void PushEda(int rawCounts, long tUs) => _unit.PushEda(rawCounts, tUs);
    public void OnButtonEdge(bool pressed, long tMs) => _unit.OnButtonEdge(pressed, tMs);
    public void Tick(long nowMs) => _unit.ControlTick(nowMs);
    public void Render(byte[] dst, int offset, int sampleCount) => _unit.Render(dst, offset, sampleCount);

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
