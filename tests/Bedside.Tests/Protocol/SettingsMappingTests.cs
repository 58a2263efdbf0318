using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Sensing;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.TestShared;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Protocol;

/// <summary>
/// BLE ↔ settings: the codec serves and changes only BedsideController.Settings, accepts exactly what
/// ApplySettings accepts (both directions), stores A/B, and rejects without any change.
/// </summary>
public class SettingsMappingTests
{
    private static byte[] Wire(SettingsPatch p) { var b = new byte[SettingsPatch.WireSize]; p.WriteTo(b, 0); return b; }

    private static BedsideController ControllerWith(DeviceSettings s, RamStorage ram)
    {
        var st = new SettingsStore(ram); st.Load(new DeviceSettings());
        Assert.Null(st.Save(s));
        return new BedsideController(ram);
    }

    private static readonly Gen<DeviceSettings> GenValidSettings =
        Gen.Select(Gen.OneOf(Gen.Int[DeviceSettings.MinLevelCentiDb, DeviceSettings.FactoryMaxLevelCentiDb], Pick(DeviceSettings.MinLevelCentiDb, DeviceSettings.FactoryMaxLevelCentiDb)),
                   Gen.OneOf(Gen.Int[0, 1000], Pick(0, 1000)), Gen.OneOf(Gen.Int[0, 1000], Pick(0, 1000)),
                   Gen.OneOf(Gen.Int[DeviceSettings.MinSleepTimerMinutes, DeviceSettings.MaxSleepTimerMinutes], Pick(DeviceSettings.MinSleepTimerMinutes, DeviceSettings.MaxSleepTimerMinutes)),
                   Gen.Int[0, 3])
           .Select(t =>
           {
               var (cap, d, st, timer, prog) = t;
               int span = cap - DeviceSettings.MinLevelCentiDb;
               return new DeviceSettings
               {
                   LevelCapCentiDb = cap,
                   DefaultLevelCentiDb = DeviceSettings.MinLevelCentiDb + span * d / 1000,
                   StoredLevelCentiDb = DeviceSettings.MinLevelCentiDb + span * st / 1000,
                   SleepTimerMinutes = timer,
                   DefaultProgram = (ProgramKind)prog,
               };
           });

    private static Gen<int> Pick(params int[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>Field values around and beyond every boundary of both the old and the new ranges.</summary>
    private static readonly Gen<SettingsPatch> GenPatch =
        Gen.Select(Gen.OneOf(Gen.Int[-7000, 500], Pick(-6001, -6000, -4001, -4000, -2701, -2700, -2699, 0)),
                   Gen.OneOf(Gen.Int[-7000, 500], Pick(-6001, -6000, -2700, -2699, 0)),
                   Gen.OneOf(Gen.Int[0, 300], Pick(0, 4, 5, 9, 10, 240, 241)),
                   Gen.Int[0, 5])
           .Select(t => new SettingsPatch
           {
               LevelCapCentiDb = t.Item1, DefaultLevelCentiDb = t.Item2, SleepTimerMinutes = t.Item3, DefaultProgram = (ProgramKind)t.Item4,
           });

    [Fact]
    public void Patch_ranges_are_the_DeviceSettings_ranges()
    {
        Assert.Equal(DeviceSettings.MinLevelCentiDb, SettingsPatch.MinLevelCapCentiDb);
        Assert.Equal(DeviceSettings.FactoryMaxLevelCentiDb, SettingsPatch.MaxLevelCapCentiDb);
        Assert.Equal(DeviceSettings.MinLevelCentiDb, SettingsPatch.MinDefaultLevelCentiDb);
        Assert.Equal(DeviceSettings.MinSleepTimerMinutes, SettingsPatch.MinSleepTimerMinutes);
        Assert.Equal(DeviceSettings.MaxSleepTimerMinutes, SettingsPatch.MaxSleepTimerMinutes);
        // the mismatches of the first protocol version are gone
        Assert.NotNull(new SettingsPatch { LevelCapCentiDb = -2699, DefaultLevelCentiDb = -3000 }.Validate()); // above the factory max
        Assert.Null(new SettingsPatch { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3000 }.Validate());
        Assert.Null(new SettingsPatch { LevelCapCentiDb = -6000, DefaultLevelCentiDb = -6000 }.Validate());
        Assert.NotNull(new SettingsPatch { SleepTimerMinutes = 0 }.Validate());  // "off" no longer exists: the unit must not play all night
        Assert.NotNull(new SettingsPatch { SleepTimerMinutes = 9 }.Validate());
        Assert.Null(new SettingsPatch { SleepTimerMinutes = 10 }.Validate());
        // factory defaults of both sides agree
        var f = new DeviceSettings(); f.SetFactoryDefaults();
        var p = new SettingsPatch();
        Assert.Equal(f.LevelCapCentiDb, p.LevelCapCentiDb);
        Assert.Equal(f.DefaultLevelCentiDb, p.DefaultLevelCentiDb);
        Assert.Equal(f.SleepTimerMinutes, p.SleepTimerMinutes);
        Assert.Equal(f.DefaultProgram, p.DefaultProgram);
    }

    [Fact]
    public void Codec_accepts_exactly_what_ApplySettings_accepts_and_rejections_change_nothing()
    {
        // 1500 cases: a patch field sits on one named boundary in 1 case of 16 (half the draws pick from the 5-8
        // boundary values), two given fields on theirs together in 1 of about 230: such a pair is drawn 6 times.
        Property.Check(Gen.Select(GenValidSettings, GenPatch), (current, patch) =>
        {
            var ram = RamStorage.CreateDefault();
            var c = ControllerWith(current, ram);
            var proto = new BedsideProtocol(c, new object());
            var before = new DeviceSettings(); c.CopySettingsTo(before);
            var imageA = new byte[64]; ram.Read(StorageRegion.SettingsA, 0, imageA, 0, 64);
            var imageB = new byte[64]; ram.Read(StorageRegion.SettingsB, 0, imageB, 0, 64);

            bool codecValid = patch.Validate() == null;
            // what ApplySettings would say about the mapped candidate, asked of an identical controller
            var twin = ControllerWith(current, RamStorage.CreateDefault());
            var candidate = new DeviceSettings();
            string mapWhy = SettingsMapping.ToSettings(patch, twin.Settings, candidate);
            bool applyValid = twin.ApplySettings(candidate) == null;
            Assert.Equal(codecValid, applyValid);
            Assert.Equal(codecValid, mapWhy == null);

            byte r = proto.WriteSettings(Wire(patch), SettingsPatch.WireSize, 0);
            if (codecValid)
            {
                Assert.Equal(AttError.None, r);
                Assert.Equal(patch.LevelCapCentiDb, c.Settings.LevelCapCentiDb);
                Assert.Equal(patch.DefaultLevelCentiDb, c.Settings.DefaultLevelCentiDb);
                Assert.Equal(patch.SleepTimerMinutes, c.Settings.SleepTimerMinutes);
                Assert.Equal(patch.DefaultProgram, c.Settings.DefaultProgram);
                Assert.Equal(Math.Min(before.StoredLevelCentiDb, patch.LevelCapCentiDb), c.Settings.StoredLevelCentiDb);
                Assert.True(before.Preset.Validate() == null && c.Settings.Preset.TempoMinCentiBpm == before.Preset.TempoMinCentiBpm);
                // stored A/B: a fresh controller on the same storage boots with the new settings
                var reboot = new BedsideController(ram);
                Assert.True(reboot.Settings.SameAs(c.Settings));
                var back = new byte[SettingsPatch.WireSize]; proto.ReadSettings(back);
                Assert.Equal(Wire(patch), back);
            }
            else
            {
                Assert.Equal(AttError.OutOfRange, r);
                Assert.True(c.Settings.SameAs(before));
                var a2 = new byte[64]; ram.Read(StorageRegion.SettingsA, 0, a2, 0, 64);
                var b2 = new byte[64]; ram.Read(StorageRegion.SettingsB, 0, b2, 0, 64);
                Assert.Equal(imageA, a2);
                Assert.Equal(imageB, b2);
                Assert.Equal(0, proto.SettingsVersion);
            }
        }, cases: 1500);
    }

    [Fact]
    public void Every_settings_the_controller_holds_reads_as_a_value_the_codec_accepts()
    {
        // 400 cases: every field is at its minimum or maximum in 1 case of 4, so each bound is drawn about 100 times.
        Property.Check(GenValidSettings, s =>
        {
            Assert.Null(s.Validate());
            var c = ControllerWith(s, RamStorage.CreateDefault());
            var proto = new BedsideProtocol(c, null);
            var wire = new byte[SettingsPatch.WireSize]; proto.ReadSettings(wire);
            var target = new BedsideProtocol();
            Assert.Equal(AttError.None, target.WriteSettings(wire, wire.Length, 0));
            var p = new SettingsPatch(); SettingsMapping.ToPatch(s, p);
            Assert.Equal(Wire(p), wire);
            Assert.Equal(s.LevelCapCentiDb, target.Controller.Settings.LevelCapCentiDb);
            Assert.Equal(s.SleepTimerMinutes, target.Controller.Settings.SleepTimerMinutes);
        }, cases: 400);
    }

    [Fact]
    public void Lowering_the_cap_below_the_stored_level_lowers_the_stored_level()
    {
        var s = new DeviceSettings { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3000, StoredLevelCentiDb = -2800 };
        var c = ControllerWith(s, RamStorage.CreateDefault());
        var proto = new BedsideProtocol(c, null);
        Assert.Equal(AttError.None, proto.WriteSettings(Wire(new SettingsPatch { LevelCapCentiDb = -3000, DefaultLevelCentiDb = -3600 }), 7, 0));
        Assert.Equal(-3000, c.Settings.StoredLevelCentiDb);
        Assert.Equal(-3000, c.Settings.LevelCapCentiDb);
    }

    [Fact]
    public void Preset_write_goes_through_ApplySettings_and_is_stored()
    {
        var ram = RamStorage.CreateDefault();
        var c = new BedsideController(ram);
        var proto = new BedsideProtocol(c, null);
        var p = new Preset { Mood = Mood.Neutral, KeyRootSemitone = 9, TempoMinCentiBpm = 4200, TempoMaxCentiBpm = 5000, InstrumentSet = Instruments.Pad, NoiseLevelPercent = 0 };
        var w = new byte[Preset.WireSize]; p.WriteTo(w, 0);
        Assert.Equal(AttError.None, proto.WritePreset(w, w.Length, 0));
        Assert.Equal(9, c.Settings.Preset.KeyRootSemitone);
        Assert.Equal(4200, new BedsideController(ram).Settings.Preset.TempoMinCentiBpm);
        var back = new byte[Preset.WireSize]; proto.ReadPreset(back);
        Assert.Equal(w, back);
    }

    [Fact]
    public void A_valid_write_that_cannot_be_stored_gives_StoreFailed_and_changes_nothing()
    {
        var cut = new CutStorage(RamStorage.CreateDefault());
        var c = new BedsideController(cut);
        var before = new DeviceSettings(); c.CopySettingsTo(before);
        cut.Budget = 10; // power "fails" during the erase of the new slot
        var proto = new BedsideProtocol(c, null);
        Assert.Equal(AttError.StoreFailed, proto.WriteSettings(Wire(new SettingsPatch { LevelCapCentiDb = -3000, DefaultLevelCentiDb = -3300 }), 7, 0));
        Assert.True(c.Settings.SameAs(before));
        Assert.Equal(1, proto.StoreFailures);
        var pw = new byte[Preset.WireSize]; new Preset { KeyRootSemitone = 5 }.WriteTo(pw, 0);
        Assert.Equal(AttError.StoreFailed, proto.WritePreset(pw, pw.Length, 0));
        Assert.True(c.Settings.SameAs(before));
    }

    /// <summary>Runs a session of about two minutes and stops it, so the controller's log is sealed.</summary>
    private static long RunSession(BedsideController c, long t, int hrCentiBpm = 6500)
    {
        var phys = new PhysioSnapshot { Pulse = PulseStatus.Ok, HeartRateCentiBpm = hrCentiBpm, PulseQuality = 90, Eda = EdaStatus.Absent, ArousalQ15 = 12000, ConfidenceQ15 = 20000 };
        c.StartSession(t);
        for (int i = 0; i < 2 * 60 * 20 + 200; i++) { c.Tick(t, phys); t += 50; }
        c.StopSession(t);
        for (int i = 0; i < 200 && c.State != TherapyState.Standby; i++) { c.Tick(t, phys); t += 50; }
        Assert.Equal(TherapyState.Standby, c.State);
        return t;
    }

    private static (byte[] image, uint crc, int total) Download(BedsideProtocol proto)
    {
        var dst = new byte[LogChunker.MaxReadBytes];
        var got = new List<byte>();
        uint crc = 0; int total = 0;
        while (true)
        {
            int n = proto.ReadLogChunk(dst);
            int cnt = BitConverter.ToUInt16(dst, 4);
            total = BitConverter.ToInt32(dst, 6);
            crc = BitConverter.ToUInt32(dst, 10);
            Assert.Equal(LogChunker.HeaderBytes + cnt, n);
            if (cnt == 0) break;
            got.AddRange(dst.AsSpan(LogChunker.HeaderBytes, cnt).ToArray());
        }
        return (got.ToArray(), crc, total);
    }

    [Fact]
    public void Session_log_download_serves_the_controllers_sealed_log()
    {
        var c = new BedsideController(RamStorage.CreateDefault());
        var proto = new BedsideProtocol(c, null);
        var req = new byte[] { 0, 0, 0, 0, 160, 0 };
        Assert.Equal(AttError.RequestRejected, proto.WriteLogRequest(req, 6, 0)); // no finished session yet

        long t = RunSession(c, 1000);
        Assert.True(c.Log.IsSealed);
        Assert.Equal(AttError.None, proto.WriteLogRequest(req, 6, 0));
        var (image, crc, total) = Download(proto);
        Assert.Equal(c.Log.SerializedLength, total);
        Assert.Equal(total, image.Length);
        Assert.Null(SessionLogFormat.Check(image, image.Length));
        Assert.True(SessionLogFormat.RecordCount(image) >= 2);
        var whole = new byte[total]; c.Log.CopySerialized(0, whole, 0, total);
        Assert.Equal(whole, image);
        Assert.Equal(Crc32.Compute(image, 0, total - 4), crc);

        // a session in progress is not downloadable (unsealed after its first minute)
        c.StartSession(t);
        var phys = new PhysioSnapshot();
        for (int i = 0; i < 61 * 20; i++) { c.Tick(t, phys); t += 50; }
        Assert.False(c.Log.IsSealed);
        Assert.Equal(AttError.RequestRejected, proto.WriteLogRequest(req, 6, 0));
        Assert.Equal(LogChunker.HeaderBytes, proto.ReadLogChunk(new byte[LogChunker.MaxReadBytes]));
    }

    [Fact]
    public void A_log_replaced_between_chunks_stops_the_download()
    {
        var c = new BedsideController(RamStorage.CreateDefault());
        var proto = new BedsideProtocol(c, null);
        long t = RunSession(c, 1000);
        Assert.Equal(AttError.None, proto.WriteLogRequest(new byte[] { 0, 0, 0, 0, 20, 0 }, 6, 0));
        var dst = new byte[LogChunker.MaxReadBytes];
        Assert.Equal(LogChunker.HeaderBytes + 20, proto.ReadLogChunk(dst));
        RunSession(c, t + 1000, 7200); // a new session ends: a different sealed log
        Assert.True(c.Log.IsSealed);
        Assert.Equal(LogChunker.HeaderBytes, proto.ReadLogChunk(dst)); // count 0: the client must request again
    }
}

public class LiveStatusFromUnitTests
{
    [Fact]
    public void Status_comes_from_the_units_controller_and_physio()
    {
        var unit = new Bedside.Core.Unit.BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), 16000, 5u);
        var b = new byte[LiveStatus.WireSize];
        unit.ControlTick(1000);
        LiveStatus.EncodeFrom(unit, b, 0);
        Assert.Equal((byte)TherapyState.Standby, b[0]);
        Assert.Equal(-9600, (short)(b[8] | b[9] << 8));          // silent in Standby
        Assert.Equal((byte)PulseStatus.Absent, b[10]);
        Assert.Equal(0xFFFF, b[4] | b[5] << 8);                  // no sensors: arousal unknown
        unit.StartSession(1000);
        for (long t = 1050; t < 9000; t += 50) unit.ControlTick(t);
        LiveStatus.EncodeFrom(unit, b, 0);
        Assert.Equal((byte)unit.Controller.State, b[0]);
        Assert.NotEqual((byte)TherapyState.Standby, b[0]);
        Assert.Equal((byte)unit.Controller.Program, b[1]);
        Assert.Equal(unit.Controller.Controls.TempoCentiBpm, b[6] | b[7] << 8);
        Assert.Equal(unit.Controller.Controls.LevelCentiDb, (short)(b[8] | b[9] << 8));
    }
}
