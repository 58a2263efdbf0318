using System.Globalization;
using Bedside.Core;
using Bedside.Core.Session;
using Bedside.Core.Therapy;

namespace Bedside.LogTool;

/// <summary>Decodes a device session log (the bytes of StorageRegion.SessionLog or a downloaded file) to CSV,
/// using the core's decoder so device, BLE download and host tools agree on one format.</summary>
public static class LogDecoder
{
    public const string CsvHeader =
        "minute,program,state,hr_bpm,rmssd_ms,scl_us,scr_per_min,arousal,confidence,tempo_bpm,brightness,density,level_setting_db,pulse_quality,pulse_status,eda_status,button_events,flags";

    /// <summary>Reads logPath and writes one CSV row per minute record to csvOut. Returns 0 on success and 2
    /// (bad input, tools/README.md) when the file cannot be read or is not an intact log: one line on stderr,
    /// starting with prefix, says why.</summary>
    public static int DecodeToCsv(string logPath, TextWriter csvOut, TextWriter stderr, string prefix = "log: ")
    {
        byte[] data;
        try { data = File.ReadAllBytes(logPath); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            stderr.WriteLine(prefix + "cannot read '" + logPath + "': " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
            return 2;
        }
        return DecodeToCsv(data, csvOut, stderr, prefix);
    }

    /// <summary>Same as above for bytes already in memory.</summary>
    public static int DecodeToCsv(byte[] data, TextWriter csvOut, TextWriter stderr, string prefix = "log: ")
    {
        string why = SessionLogFormat.Check(data, data.Length);
        if (why != null) { stderr.WriteLine(prefix + why); return 2; }
        var inv = CultureInfo.InvariantCulture;
        int hf = SessionLogFormat.HeaderFlags(data);
        csvOut.WriteLine("# bedside session log v" + data[4] + ", " + SessionLogFormat.RecordCount(data) + " records, "
            + SessionLogFormat.SessionMinutes(data) + " min"
            + ((hf & LogHeaderFlags.SettingsDefaulted) != 0 ? ", settings were factory defaults (both slots bad)" : "")
            + ((hf & LogHeaderFlags.OpenLoop) != 0 ? ", ran open-loop (sensors missing)" : "")
            + ((hf & LogHeaderFlags.Wrapped) != 0 ? ", oldest " + SessionLogFormat.DroppedRecords(data) + " min dropped" : "")
            + ((hf & LogHeaderFlags.StorageFault) != 0 ? ", storage errors (a settings or log save was lost)" : ""));
        csvOut.WriteLine(CsvHeader);
        var r = new LogRecord();
        int n = SessionLogFormat.RecordCount(data);
        for (int i = 0; i < n; i++)
        {
            SessionLogFormat.ReadRecord(data, i, r);
            csvOut.WriteLine(string.Join(",",
                r.Minute.ToString(inv),
                ProgramName(r.Program),
                StateName(r.State),
                (r.HeartRateCentiBpm / 100.0).ToString("0.00", inv),
                r.RmssdMs.ToString(inv),
                (r.SclNanoSiemens / 1000.0).ToString("0.00", inv),
                (r.ScrPerMinuteCenti / 100.0).ToString("0.00", inv),
                (r.ArousalQ15 / 32768.0).ToString("0.000", inv),
                (r.ConfidenceQ15 / 32768.0).ToString("0.000", inv),
                (r.TempoCentiBpm / 100.0).ToString("0.00", inv),
                (r.BrightnessQ15 / 32768.0).ToString("0.000", inv),
                (r.DensityQ15 / 32768.0).ToString("0.000", inv),
                (r.LevelCentiDb / 100.0).ToString("0.00", inv),
                r.PulseQuality.ToString(inv),
                r.PulseStatus.ToString(inv),
                r.EdaStatus.ToString(inv),
                r.ButtonEvents.ToString(inv),
                FlagNames(r.Flags)));
        }
        return 0;
    }

    public static string ProgramName(ProgramKind p) => p switch
    {
        ProgramKind.Sleep => "sleep", ProgramKind.Calm => "calm", ProgramKind.Pain => "pain", ProgramKind.Noise => "noise",
        _ => "unknown(" + (int)p + ")",
    };

    public static string StateName(byte s) =>
        s <= (byte)TherapyState.FadeOut ? ((TherapyState)s).ToString() : "unknown(" + s + ")";

    public static string FlagNames(int f)
    {
        var parts = new List<string>();
        if ((f & LogFlags.OpenLoop) != 0) parts.Add("open-loop");
        if ((f & LogFlags.ButtonStuck) != 0) parts.Add("button-stuck");
        if ((f & LogFlags.PairingOpened) != 0) parts.Add("pairing");
        if ((f & LogFlags.SettingsDefaulted) != 0) parts.Add("settings-defaulted");
        if ((f & LogFlags.VolumeLimit) != 0) parts.Add("volume-limit");
        if ((f & LogFlags.ProgramChanged) != 0) parts.Add("program-changed");
        if ((f & LogFlags.SettingsSaveFailed) != 0) parts.Add("settings-save-failed");
        if ((f & LogFlags.PartialMinute) != 0) parts.Add("partial");
        return string.Join("|", parts);
    }
}
