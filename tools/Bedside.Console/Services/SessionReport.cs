using System.Globalization;
using System.Text;
using Bedside.Core.Session;
using Bedside.Core.Therapy;

namespace Bedside.Console.Services;

/// <summary>
/// The session report of a checked log, decoded by the core's SessionLogFormat: per-minute series for the panels
/// (the simulator's session.png: heart rate, skin conductance, arousal, state, tempo, brightness, level), minutes per
/// state, time to settle, and the CSV export (the same columns as `Bedside.Sim log`).
/// </summary>
public sealed class SessionReport
{
    public readonly List<LogRecord> Records = new();
    public int SessionMinutes;
    public int Dropped;
    public int HeaderFlags;

    public static string StateName(int s) => Enum.IsDefined(typeof(TherapyState), (byte)s) ? ((TherapyState)s).ToString() : "state " + s;
    public static string ProgramName(int p) => p switch { 0 => "Sleep", 1 => "Calm", 2 => "Pain relief", 3 => "Noise", _ => "program " + p };

    public static SessionReport From(byte[] log)
    {
        var r = new SessionReport
        {
            SessionMinutes = SessionLogFormat.SessionMinutes(log),
            Dropped = SessionLogFormat.DroppedRecords(log),
            HeaderFlags = SessionLogFormat.HeaderFlags(log),
        };
        int n = SessionLogFormat.RecordCount(log);
        for (int i = 0; i < n; i++)
        {
            var rec = new LogRecord();
            SessionLogFormat.ReadRecord(log, i, rec);
            r.Records.Add(rec);
        }
        return r;
    }

    public double[] Minutes => Records.Select(x => (double)x.Minute).ToArray();
    public double?[] HeartRate => Records.Select(x => x.HeartRateCentiBpm > 0 ? x.HeartRateCentiBpm / 100.0 : (double?)null).ToArray();
    public double?[] SkinConductance => Records.Select(x => x.SclNanoSiemens > 0 ? x.SclNanoSiemens / 1000.0 : (double?)null).ToArray();
    public double?[] Arousal => Records.Select(x => x.ConfidenceQ15 > 0 ? x.ArousalQ15 / 32767.0 : (double?)null).ToArray();
    public double?[] Tempo => Records.Select(x => (double?)(x.TempoCentiBpm / 100.0)).ToArray();
    public double?[] Brightness => Records.Select(x => (double?)(x.BrightnessQ15 / 32767.0)).ToArray();
    public double?[] Level => Records.Select(x => (double?)(x.LevelCentiDb / 100.0)).ToArray();
    public double?[] States => Records.Select(x => (double?)x.State).ToArray();

    /// <summary>(state name, minutes) in order of first appearance.</summary>
    public List<(string state, int minutes)> MinutesPerState()
    {
        var order = new List<int>();
        var count = new Dictionary<int, int>();
        foreach (var x in Records)
        {
            if (!count.ContainsKey(x.State)) { count[x.State] = 0; order.Add(x.State); }
            count[x.State]++;
        }
        return order.Select(s => (StateName(s), count[s])).ToList();
    }

    /// <summary>Minute of the first record in Settled, or null when the session never settled.</summary>
    public int? TimeToSettleMinutes => Records.FirstOrDefault(x => x.State == (byte)TherapyState.Settled)?.Minute;

    public string Program => Records.Count > 0 ? ProgramName((int)Records[0].Program) : "—";

    public string ToCsv()
    {
        var sb = new StringBuilder("minute,program,state,hr_bpm,rmssd_ms,scl_uS,scr_per_min,arousal,confidence,tempo_bpm,brightness,level_db,pulse_quality,pulse_status,eda_status,gestures,flags,density\n");
        var c = CultureInfo.InvariantCulture;
        foreach (var x in Records)
            sb.Append(string.Join(",", x.Minute.ToString(c), ProgramName((int)x.Program), StateName(x.State),
                (x.HeartRateCentiBpm / 100.0).ToString("0.00", c), x.RmssdMs.ToString(c), (x.SclNanoSiemens / 1000.0).ToString("0.000", c),
                (x.ScrPerMinuteCenti / 100.0).ToString("0.00", c), (x.ArousalQ15 / 32767.0).ToString("0.000", c), (x.ConfidenceQ15 / 32767.0).ToString("0.000", c),
                (x.TempoCentiBpm / 100.0).ToString("0.00", c), (x.BrightnessQ15 / 32767.0).ToString("0.000", c), (x.LevelCentiDb / 100.0).ToString("0.00", c),
                x.PulseQuality.ToString(c), x.PulseStatus.ToString(c), x.EdaStatus.ToString(c), x.ButtonEvents.ToString(c), x.Flags.ToString(c),
                (x.DensityQ15 / 32767.0).ToString("0.000", c))).Append('\n');
        return sb.ToString();
    }
}
