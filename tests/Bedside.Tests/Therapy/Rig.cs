using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;

namespace Bedside.Tests.Therapy;

/// <summary>One row per control tick.</summary>
public readonly record struct Row(long T, TherapyState State, int Tempo, int Bright, int Density, int Level, int ArousalSmooth, int ArousalTrue);

/// <summary>
/// Drives a BedsideController at 20 Hz with synthetic physiology: arousal(t) in Q15 from a scenario function
/// (plus deterministic noise), confidence 0.8 while sensors are attached, HR/SCL derived from arousal.
/// </summary>
public sealed class Rig
{
    public readonly RamStorage Store;
    public BedsideController C;
    public long T = 1000;
    public readonly PhysioSnapshot P = new();
    public readonly List<Row> Rows = new();
    public readonly List<Cue> Cues = new();
    public Func<long, int> Arousal = _ => 16384;
    public Func<long, bool> Attached = _ => true;
    public int NoiseQ15 = 1000;
    public int TickMs = 50;
    private readonly Rng _rng = new(12345);

    public Rig(DeviceSettings settings = null, RamStorage store = null)
    {
        Store = store ?? RamStorage.CreateDefault();
        if (settings != null)
        {
            var st = new SettingsStore(Store); st.Load(new DeviceSettings());
            if (st.Save(settings) != null) throw new InvalidOperationException("bad test settings");
        }
        C = new BedsideController(Store);
    }

    /// <summary>Session time origin: minutes since Start are measured from here.</summary>
    public long StartT;

    public void Fill(long t)
    {
        int a = Arousal(t);
        if (Attached(t))
        {
            a += _rng.Range(-NoiseQ15, NoiseQ15);
            a = Math.Clamp(a, 0, 32767);
            P.Pulse = PulseStatus.Ok; P.PulseQuality = 85;
            P.HeartRateCentiBpm = 5500 + (int)(3000L * a / 32768);
            P.RmssdMs = 60 - (int)(40L * a / 32768);
            P.Eda = EdaStatus.Ok; P.SclNanoSiemens = 3000 + (int)(8000L * a / 32768);
            P.ScrPerMinuteCenti = 100 + (int)(400L * a / 32768);
            P.ArousalQ15 = a; P.ConfidenceQ15 = 26000;
        }
        else
        {
            P.Pulse = PulseStatus.NoContact; P.PulseQuality = 0; P.HeartRateCentiBpm = 0; P.RmssdMs = 0;
            P.Eda = EdaStatus.Detached; P.SclNanoSiemens = 0; P.ScrPerMinuteCenti = 0; P.ArousalQ15 = 0; P.ConfidenceQ15 = 0;
        }
    }

    public void Run(long ms)
    {
        long end = T + ms;
        while (T < end)
        {
            T += Math.Min(TickMs, end - T);
            Fill(T);
            C.Tick(T, P);
            var cue = C.TakeCue();
            if (cue != Cue.None) Cues.Add(cue);
            Rows.Add(new Row(T, C.State, C.Controls.TempoCentiBpm, C.Controls.BrightnessQ15, C.Controls.DensityQ15,
                C.Controls.LevelCentiDb, C.Machine.ArousalSmoothQ15, P.ArousalQ15));
        }
    }

    public void RunMinutes(double min) => Run((long)(min * 60000));

    /// <summary>n clean presses (120 ms down, 200 ms up), then 600 ms for the group to end.</summary>
    public void Press(int n)
    {
        for (int i = 0; i < n; i++) { C.OnButtonEdge(true, T); Run(120); C.OnButtonEdge(false, T); Run(200); }
        Run(600);
    }

    public void Hold(int ms) { C.OnButtonEdge(true, T); Run(ms); C.OnButtonEdge(false, T); Run(200); }

    public void Start() { StartT = T; Press(1); }

    public List<TherapyState> StatesReached()
    {
        var l = new List<TherapyState>();
        for (int i = 0; i < C.Trace.Count; i++) l.Add(C.Trace.StateAt(i));
        return l;
    }

    /// <summary>First trace time (ms) this state was entered, or -1.</summary>
    public long Entered(TherapyState s)
    {
        for (int i = 0; i < C.Trace.Count; i++) if (C.Trace.StateAt(i) == s) return C.Trace.TimeMsAt(i);
        return -1;
    }
}
