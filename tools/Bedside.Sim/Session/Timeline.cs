using System.Globalization;
using System.Text;

namespace Bedside.Sim.Session;

/// <summary>
/// One row per simulated second: what the unit measured and decided (from the core), the audio level
/// actually rendered, and the listener model's true values (for comparison, written to listener.csv).
/// Invalid measurements are NaN here and empty cells in the CSV.
/// </summary>
public sealed class Timeline
{
    public const string Header = "t_s,program,state,hr_bpm,hr_quality,rmssd_ms,scl_us,scr_per_min,arousal,confidence,tempo_bpm,brightness,density,rms_dbfs";
    public const string ListenerHeader = "t_s,model_arousal,model_hr_bpm,model_rmssd_ms,model_scl_us,music_activation,music_audibility,event";
    /// <summary>Per-second output level reported for a silent second, dB re full scale.</summary>
    public const double SilenceDb = -120;

    public readonly List<int> TS = new();
    public readonly List<string> State = new();
    public readonly List<double> HrBpm = new(), HrQuality = new(), RmssdMs = new(), SclMicroS = new(), ScrPerMin = new();
    public readonly List<double> Arousal = new(), Confidence = new(), TempoBpm = new(), Brightness = new(), Density = new(), LevelDb = new();
    public readonly List<double> ModelArousal = new(), ModelHrBpm = new(), ModelRmssdMs = new(), ModelSclMicroS = new(), Activation = new(), Audibility = new();
    public readonly List<string> Event = new();

    public int Count => TS.Count;

    public static string Cell(double v, string format) => double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);

    public void AppendRow(StringBuilder sb, int i, string program)
    {
        sb.Append(TS[i]).Append(',').Append(program).Append(',').Append(State[i]).Append(',')
          .Append(Cell(HrBpm[i], "0.0")).Append(',').Append(Cell(HrQuality[i], "0")).Append(',')
          .Append(Cell(RmssdMs[i], "0")).Append(',').Append(Cell(SclMicroS[i], "0.000")).Append(',')
          .Append(Cell(ScrPerMin[i], "0.00")).Append(',').Append(Cell(Arousal[i], "0.000")).Append(',')
          .Append(Cell(Confidence[i], "0.000")).Append(',').Append(Cell(TempoBpm[i], "0.00")).Append(',')
          .Append(Cell(Brightness[i], "0.000")).Append(',').Append(Cell(Density[i], "0.000")).Append(',')
          .Append(Cell(LevelDb[i], "0.0")).Append('\n');
    }

    public void AppendListenerRow(StringBuilder sb, int i)
    {
        sb.Append(TS[i]).Append(',').Append(Cell(ModelArousal[i], "0.000")).Append(',').Append(Cell(ModelHrBpm[i], "0.0")).Append(',')
          .Append(Cell(ModelRmssdMs[i], "0.0")).Append(',').Append(Cell(ModelSclMicroS[i], "0.000")).Append(',')
          .Append(Cell(Activation[i], "0.000")).Append(',').Append(Cell(Audibility[i], "0.000")).Append(',').Append(Event[i]).Append('\n');
    }

    public void WriteCsv(string path, string program)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var sb = new StringBuilder(256);
        w.Write(Header); w.Write('\n');
        for (int i = 0; i < Count; i++) { sb.Clear(); AppendRow(sb, i, program); w.Write(sb); }
    }

    public void WriteListenerCsv(string path)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var sb = new StringBuilder(256);
        w.Write(ListenerHeader); w.Write('\n');
        for (int i = 0; i < Count; i++) { sb.Clear(); AppendListenerRow(sb, i); w.Write(sb); }
    }
}
