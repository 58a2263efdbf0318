using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.LogTool;
using Bedside.Tests.Therapy;
using Xunit;

namespace Bedside.Tests.Session;

public class SessionLogTests
{
    private static byte[] Serialize(SessionLog log)
    {
        log.Seal();
        var b = new byte[log.SerializedLength];
        Assert.Equal(b.Length, log.CopySerialized(0, b, 0, b.Length));
        return b;
    }

    private static void AddMinute(SessionLog log, int minute, int hrCenti, int tempo)
    {
        var p = new PhysioSnapshot { Pulse = PulseStatus.Ok, HeartRateCentiBpm = hrCenti, RmssdMs = 42, Eda = EdaStatus.Ok, SclNanoSiemens = 5230,
            ScrPerMinuteCenti = 150, ArousalQ15 = 12000, ConfidenceQ15 = 30000, PulseQuality = 90 };
        for (int i = 0; i < 1200; i++) log.AddTick(p);
        log.AddGesture();
        var c = new MusicControls { TempoCentiBpm = tempo, BrightnessQ15 = 7000, DensityQ15 = 3000, LevelCentiDb = -3150 };
        log.CommitMinute(minute, ProgramKind.Sleep, (byte)TherapyState.Guide, c, false);
    }

    [Fact]
    public void Record_round_trips_through_the_wire_format()
    {
        var log = new SessionLog();
        log.Begin(0);
        log.AddFlags(LogFlags.OpenLoop);
        AddMinute(log, 1, 6543, 6210);
        var b = Serialize(log);
        Assert.Null(SessionLogFormat.Check(b, b.Length));
        Assert.Equal(1, SessionLogFormat.RecordCount(b));
        var r = new LogRecord();
        SessionLogFormat.ReadRecord(b, 0, r);
        Assert.Equal(1, r.Minute);
        Assert.Equal(ProgramKind.Sleep, r.Program);
        Assert.Equal((byte)TherapyState.Guide, r.State);
        Assert.Equal(6543, r.HeartRateCentiBpm);
        Assert.Equal(42, r.RmssdMs);
        Assert.Equal(5230, r.SclNanoSiemens);
        Assert.Equal(150, r.ScrPerMinuteCenti);
        Assert.Equal(12000, r.ArousalQ15);
        Assert.Equal(30000, r.ConfidenceQ15);
        Assert.Equal(6210, r.TempoCentiBpm);
        Assert.Equal(7000, r.BrightnessQ15);
        Assert.Equal(3000, r.DensityQ15);
        Assert.Equal(-3150, r.LevelCentiDb);
        Assert.Equal(90, r.PulseQuality);
        Assert.Equal((byte)PulseStatus.Ok, r.PulseStatus);
        Assert.Equal((byte)EdaStatus.Ok, r.EdaStatus);
        Assert.Equal(1, r.ButtonEvents);
        Assert.Equal(LogFlags.OpenLoop, r.Flags);
        Assert.Equal(LogHeaderFlags.OpenLoop, SessionLogFormat.HeaderFlags(b));
    }

    [Fact]
    public void Ring_holds_more_than_12_hours_and_drops_the_oldest_when_full()
    {
        Assert.True(SessionLog.CapacityRecords >= 12 * 60);
        var log = new SessionLog();
        log.Begin(0);
        int n = SessionLog.CapacityRecords + 32;
        for (int m = 1; m <= n; m++) AddMinute(log, m, 6000 + m % 100, 5000 + m % 1000);
        var b = Serialize(log);
        Assert.Null(SessionLogFormat.Check(b, b.Length));
        Assert.Equal(SessionLog.CapacityRecords, SessionLogFormat.RecordCount(b));
        Assert.Equal(32, SessionLogFormat.DroppedRecords(b));
        Assert.True((SessionLogFormat.HeaderFlags(b) & LogHeaderFlags.Wrapped) != 0);
        var r = new LogRecord();
        for (int i = 0; i < SessionLog.CapacityRecords; i++)
        {
            SessionLogFormat.ReadRecord(b, i, r);
            Assert.Equal(33 + i, r.Minute);
            Assert.Equal(5000 + r.Minute % 1000, r.TempoCentiBpm);
        }
        Assert.Equal(SessionLog.MaxSerializedSize, b.Length);
        // storage copy is the same bytes
        var ram = RamStorage.CreateDefault();
        Assert.True(log.SaveTo(ram, StorageRegion.SessionLog));
        var back = new byte[b.Length];
        ram.Read(StorageRegion.SessionLog, 0, back, 0, back.Length);
        Assert.Equal(b, back);
    }

    [Fact]
    public void Any_flipped_bit_or_truncation_is_detected()
    {
        var log = new SessionLog();
        log.Begin(0);
        for (int m = 1; m <= 5; m++) AddMinute(log, m, 6100, 6000);
        var b = Serialize(log);
        for (int i = 0; i < b.Length; i++)
        {
            var c = (byte[])b.Clone();
            c[i] ^= (byte)(1 << (i % 8));
            Assert.NotNull(SessionLogFormat.Check(c, c.Length));
        }
        for (int len = 0; len < b.Length; len++) Assert.NotNull(SessionLogFormat.Check(b, len));
        Assert.NotNull(SessionLogFormat.Check(null, 0));
    }

    [Fact]
    public void Chunked_copy_equals_one_shot()
    {
        var log = new SessionLog();
        log.Begin(0);
        for (int m = 1; m <= 40; m++) AddMinute(log, m, 6100, 6000 + m);
        var whole = Serialize(log);
        var ms = new MemoryStream();
        var chunk = new byte[20]; // BLE-sized pieces
        for (int off = 0; ; off += chunk.Length)
        {
            int n = log.CopySerialized(off, chunk, 0, chunk.Length);
            if (n == 0) break;
            ms.Write(chunk, 0, n);
        }
        Assert.Equal(whole, ms.ToArray());
        Assert.Equal(0, log.CopySerialized(-1, chunk, 0, 5));
    }

    [Fact]
    public void A_twelve_hour_calm_session_is_logged_minute_by_minute_and_decodes_to_csv()
    {
        var r = new Rig(new DeviceSettings { DefaultProgram = ProgramKind.Calm });
        r.TickMs = 250;
        r.Arousal = t => 12000;
        r.Run(1000);
        r.Start();
        r.Press(1); // one volume step, logged as a button event
        r.RunMinutes(12 * 60 + 1); // calm runs until the 12 h session limit, then fades
        Assert.Equal(TherapyState.Standby, r.C.State);
        Assert.Equal(TransitionReason.SessionLimit, r.C.Trace.ReasonAt(r.C.Trace.Count - 2));
        Assert.True(r.C.LastLogSaved);

        string dir = Path.Combine(Path.GetTempPath(), "bedside-log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            int len = r.C.Log.SerializedLength;
            var bytes = new byte[SessionLog.MaxSerializedSize];
            Assert.Equal(len, Bedside.Tests.Session.SavedLog.ReadNewest(r.Store, bytes));
            Array.Resize(ref bytes, len);
            string path = Path.Combine(dir, "session.log");
            File.WriteAllBytes(path, bytes);
            var csv = new StringWriter(); var err = new StringWriter();
            Assert.Equal(0, LogDecoder.DecodeToCsv(path, csv, err));
            Assert.Equal("", err.ToString());
            var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // 720 full minutes, then the few ticks of the fade's last step in a partial minute 721
            Assert.StartsWith("# bedside session log v1, 721 records, 721 min", lines[0]);
            Assert.Equal(LogDecoder.CsvHeader, lines[1].TrimEnd('\r'));
            Assert.Equal(721 + 2, lines.Length);
            Assert.EndsWith("partial", lines[^1].TrimEnd('\r'));
            Assert.Equal("FadeOut", lines[^2].Split(',')[2]);
            var first = lines[2].Split(',');
            Assert.Equal("1", first[0]);
            Assert.Equal("calm", first[1]);
            Assert.Equal("1", first[16]); // one button event in minute 1 (the volume step)
            Assert.Equal("-33.00", first[12]); // -30 dB default, one 3 dB step down

            // a damaged file: one clear line, non-zero exit
            bytes[100] ^= 0x55;
            File.WriteAllBytes(path, bytes);
            err = new StringWriter();
            Assert.Equal(2, LogDecoder.DecodeToCsv(path, new StringWriter(), err));
            Assert.Contains("CRC", err.ToString());
            err = new StringWriter();
            Assert.Equal(2, LogDecoder.DecodeToCsv(Path.Combine(dir, "missing.log"), new StringWriter(), err));
            Assert.StartsWith("log: cannot read", err.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Both_settings_slots_bad_is_flagged_in_the_session_log()
    {
        var ram = RamStorage.CreateDefault();
        var junk = new byte[64];
        new Random(1).NextBytes(junk);
        ram.Write(StorageRegion.SettingsA, 0, junk, 0, 64);
        ram.Write(StorageRegion.SettingsB, 0, junk, 0, 64);
        var r = new Rig(store: ram);
        Assert.Equal(SettingsSource.FactoryDefaults, r.C.BootSettingsSource);
        r.Run(1000); r.Start(); r.RunMinutes(2); r.Hold(1600); r.Run(5000);
        var b = new byte[SessionLog.MaxSerializedSize];
        Array.Resize(ref b, Bedside.Tests.Session.SavedLog.ReadNewest(ram, b));
        Assert.Null(SessionLogFormat.Check(b, b.Length));
        Assert.True((SessionLogFormat.HeaderFlags(b) & LogHeaderFlags.SettingsDefaulted) != 0);
        var rec = new LogRecord();
        SessionLogFormat.ReadRecord(b, 0, rec);
        Assert.True((rec.Flags & LogFlags.SettingsDefaulted) != 0);
        var csv = new StringWriter();
        Assert.Equal(0, LogDecoder.DecodeToCsv(b, csv, new StringWriter()));
        Assert.Contains("settings were factory defaults", csv.ToString());
    }
}
