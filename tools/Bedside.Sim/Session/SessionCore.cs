using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Sensing;
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
    public const int PpgHz = 200;
    /// <summary>EDA (Grove-style GSR on ADC1) sample rate, Hz.</summary>
    public const int EdaHz = 20;
    /// <summary>Control (therapy + composer) tick period, ms.</summary>
    public const int ControlTickMs = 50;
}

/// <summary>Factories and host tools of the core. The integrator edits only this class.</summary>
public static class CoreParts
{
    /// <summary>Creates the core for one session.</summary>
    public static ISessionCore Create(SessionCoreConfig config)
    {
        // INTEGRATION: replaced by the real core (SensingHub + BedsideController + Composer + engine).
        return new PlaceholderCore(config);
    }

    /// <summary>True while Create returns the temporary stand-in (printed in the summary, so nobody mistakes it for the product).</summary>
    public static bool IsPlaceholder => true; // INTEGRATION: replaced by the real core (set to false)

    /// <summary>`replay`: Bedside.Host.Replay.ReplayRunner.Run(inputCsv, outDir, stderr). Returns the exit code.</summary>
    public static int RunReplay(string inputCsv, string outDir, TextWriter stderr)
    {
        // INTEGRATION: replaced by the real core: return Bedside.Host.Replay.ReplayRunner.Run(inputCsv, outDir, stderr);
        stderr.WriteLine("bedside-sim: replay is not available in this build: the sensing pipeline is not integrated yet");
        return 3;
    }

    /// <summary>`log`: Bedside.LogTool.LogDecoder.DecodeToCsv(logPath, csvOut, stderr). Returns the exit code.</summary>
    public static int DecodeLog(string logPath, TextWriter csvOut, TextWriter stderr)
    {
        // INTEGRATION: replaced by the real core: return Bedside.LogTool.LogDecoder.DecodeToCsv(logPath, csvOut, stderr) ? 0 : 1;
        stderr.WriteLine("bedside-sim: log decoding is not available in this build: the session log decoder is not integrated yet");
        return 3;
    }
}

// INTEGRATION: replaced by the real core. Everything below is a TEMPORARY stand-in so the simulator can be
// run and tested end to end before the core parts exist. It is not the product: no sensing (the snapshot
// only reports that samples arrive), controls from time alone, a plain tone instead of music, an empty log.
internal sealed class PlaceholderCore : ISessionCore
{
    private readonly SessionCoreConfig _cfg;
    private readonly PhysioSnapshot _snap = new PhysioSnapshot();
    private readonly MusicControls _controls = new MusicControls();
    private long _startMs = -1, _lastPulseUs = -1, _lastEdaUs = -1, _nowMs;
    private uint _phaseQ32;
    private int _gainQ23;
    private string _state = "Standby", _tracedState = null;

    public PlaceholderCore(SessionCoreConfig cfg) { _cfg = cfg; _controls.LevelCentiDb = -9600; }

    public PhysioSnapshot Snapshot => _snap;
    public MusicControls Controls => _controls;
    public string StateName => _state;

    public void Start(long nowMs) { _startMs = nowMs; }
    public void PushPulse(int rawCounts, long tUs) { _lastPulseUs = tUs; }
    public void PushEda(int rawCounts, long tUs) { _lastEdaUs = tUs; }
    public void OnButtonEdge(bool pressed, long tMs) { }

    public void Tick(long nowMs)
    {
        _nowMs = nowMs;
        _snap.Pulse = _lastPulseUs >= 0 && nowMs * 1000 - _lastPulseUs < 2_000_000 ? PulseStatus.Settling : PulseStatus.Absent;
        _snap.Eda = _lastEdaUs >= 0 && nowMs * 1000 - _lastEdaUs < 2_000_000 ? EdaStatus.Settling : EdaStatus.Absent;
        if (_startMs < 0) { _state = "Standby"; _controls.LevelCentiDb = -9600; return; }
        long t = nowMs - _startMs;
        _state = t < 5000 ? "FadeIn" : t < 600_000 ? "Guide" : "Settled";
        // Trivial rule: tempo 72 -> 50 BPM and brightness down over 10 minutes, level -30 dB after a 5 s fade-in.
        int progQ15 = (int)Math.Min(32767, t * 32767 / 600_000);
        _controls.TempoCentiBpm = 7200 - (2200 * progQ15 >> 15);
        _controls.BrightnessQ15 = 20000 - (14000 * progQ15 >> 15);
        _controls.DensityQ15 = 16000 - (10000 * progQ15 >> 15);
        _controls.LevelCentiDb = t < 5000 ? (int)(-6000 + 3000 * t / 5000) : -3000;
        if (!ReferenceEquals(_state, _tracedState)) { _pendingTrace += nowMs + "," + _state + ",time\n"; _tracedState = _state; }
    }

    private string _pendingTrace = "";

    public void Render(byte[] dst, int offset, int sampleCount)
    {
        // 220 Hz sine, level from the controls (table-free: parabolic sine approximation).
        int target = _controls.LevelCentiDb <= -9000 ? 0 : (int)(32767 * Math.Pow(10, _controls.LevelCentiDb / 2000.0));
        uint inc = (uint)(220.0 * 4294967296.0 / _cfg.SampleRateHz);
        for (int i = 0; i < sampleCount; i++)
        {
            _gainQ23 += ((target << 8) - _gainQ23) >> 10; // one-pole glide, about 64 ms at 16 kHz
            _phaseQ32 += inc;
            int x = (int)(_phaseQ32 >> 17) - 16384; // -16384..16383 over one period (saw)
            int tri = (x < 0 ? -x : x) * 2 - 16384; // triangle -16384..16384
            int s = (int)(((long)tri * _gainQ23) >> 23);
            dst[offset + 2 * i] = (byte)s;
            dst[offset + 2 * i + 1] = (byte)(s >> 8);
        }
    }

    public void DrainTrace(TextWriter sink) { if (_pendingTrace.Length > 0) { sink.Write(_pendingTrace); _pendingTrace = ""; } }

    public byte[] GetSessionLogBytes(long nowMs) => Array.Empty<byte>();
}
