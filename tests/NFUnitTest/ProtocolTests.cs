using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Therapy;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>The BLE protocol decoder on the device runtime (same cases as the host tests, in short).</summary>
    [TestClass]
    public class ProtocolTests
    {
        [TestMethod]
        public void Preset_write_validation_gives_att_codes_and_no_change()
        {
            BedsideProtocol proto = new BedsideProtocol();
            byte[] before = new byte[Preset.WireSize];
            proto.ReadPreset(before);

            byte[] w = new byte[Preset.WireSize];
            new Preset().WriteTo(w, 0);
            w[1] = 12; // key root out of range
            Assert.AreEqual(AttError.OutOfRange, proto.WritePreset(w, 9, 0));
            Assert.AreEqual(AttError.InvalidAttributeValueLength, proto.WritePreset(w, 8, 0));
            Assert.AreEqual(AttError.InvalidOffset, proto.WritePreset(w, 9, 1));
            byte[] after = new byte[Preset.WireSize];
            proto.ReadPreset(after);
            for (int i = 0; i < after.Length; i++) Assert.AreEqual(before[i], after[i], "unchanged");
            Assert.AreEqual(0, proto.PresetVersion);

            w[1] = 4;
            Assert.AreEqual(AttError.None, proto.WritePreset(w, 9, 0));
            Assert.AreEqual(1, proto.PresetVersion);
        }

        [TestMethod]
        public void Settings_negative_levels_decode()
        {
            SettingsPatch s = new SettingsPatch();
            s.LevelCapCentiDb = -4000;
            s.DefaultLevelCentiDb = -6000;
            byte[] w = new byte[SettingsPatch.WireSize];
            s.WriteTo(w, 0);
            BedsideProtocol proto = new BedsideProtocol();
            Assert.AreEqual(AttError.None, proto.WriteSettings(w, SettingsPatch.WireSize, 0));
            SettingsPatch got = new SettingsPatch();
            proto.CopySettingsTo(got);
            Assert.AreEqual(-4000, got.LevelCapCentiDb);
            Assert.AreEqual(-6000, got.DefaultLevelCentiDb);
        }

        [TestMethod]
        public void Log_chunks_carry_offset_length_and_crc()
        {
            byte[] image = new byte[300];
            for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7);
            BedsideProtocol proto = new BedsideProtocol();
            Assert.AreEqual(AttError.None, proto.WriteLogRequest(new byte[] { 0, 0, 0, 0, 160, 0 }, 6, 0, image, 300));
            byte[] dst = new byte[LogChunker.MaxReadBytes];
            Assert.AreEqual(LogChunker.HeaderBytes + 160, proto.ReadLogChunk(image, 300, dst));
            Assert.AreEqual(LogChunker.HeaderBytes + 140, proto.ReadLogChunk(image, 300, dst));
            Assert.AreEqual(160, dst[0] | (dst[1] << 8));
            uint crc = (uint)(dst[10] | (dst[11] << 8) | (dst[12] << 16) | (dst[13] << 24));
            Assert.AreEqual(Crc32.Compute(image, 0, 300), crc);
            Assert.AreEqual(LogChunker.HeaderBytes, proto.ReadLogChunk(image, 300, dst), "end of log");
        }

        [TestMethod]
        public void Settings_writes_go_to_the_controller_with_the_DeviceSettings_ranges()
        {
            RamStorage ram = RamStorage.CreateDefault();
            BedsideController c = new BedsideController(ram);
            BedsideProtocol proto = new BedsideProtocol(c, new object());
            SettingsPatch p = new SettingsPatch();
            p.LevelCapCentiDb = -2700;
            p.DefaultLevelCentiDb = -3300;
            p.SleepTimerMinutes = 90;
            p.DefaultProgram = ProgramKind.Pain;
            byte[] w = new byte[SettingsPatch.WireSize];
            p.WriteTo(w, 0);
            Assert.AreEqual(AttError.None, proto.WriteSettings(w, w.Length, 0));
            Assert.AreEqual(-2700, c.Settings.LevelCapCentiDb, "applied to the controller");
            Assert.AreEqual(90, c.Settings.SleepTimerMinutes);
            Assert.AreEqual(-2700, new BedsideController(ram).Settings.LevelCapCentiDb, "stored");

            int[] badCap = new int[] { -2699, 0, -6001 };
            for (int i = 0; i < badCap.Length; i++)
            {
                p.LevelCapCentiDb = badCap[i];
                p.DefaultLevelCentiDb = -6000;
                p.WriteTo(w, 0);
                Assert.AreEqual(AttError.OutOfRange, proto.WriteSettings(w, w.Length, 0), "cap " + badCap[i].ToString());
            }
            p.LevelCapCentiDb = -2700;
            p.SleepTimerMinutes = 0; // no "off": the timer is always on
            p.WriteTo(w, 0);
            Assert.AreEqual(AttError.OutOfRange, proto.WriteSettings(w, w.Length, 0), "timer 0");
            Assert.AreEqual(-2700, c.Settings.LevelCapCentiDb, "unchanged after rejections");
            Assert.AreEqual(1, proto.SettingsVersion);
            byte[] r = new byte[SettingsPatch.WireSize];
            proto.ReadSettings(r);
            Assert.AreEqual(-2700, (int)(short)(r[0] | (r[1] << 8)), "read back from the controller");
        }

        [TestMethod]
        public void Log_request_without_a_finished_session_is_rejected()
        {
            BedsideProtocol proto = new BedsideProtocol();
            Assert.AreEqual(AttError.RequestRejected, proto.WriteLogRequest(new byte[] { 0, 0, 0, 0, 160, 0 }, 6, 0));
            byte[] dst = new byte[LogChunker.MaxReadBytes];
            Assert.AreEqual(LogChunker.HeaderBytes, proto.ReadLogChunk(dst));
        }

        [TestMethod]
        public void Live_status_encoding()
        {
            byte[] b = new byte[LiveStatus.WireSize];
            LiveStatus.Encode(b, 0, 2, 1, 6250, 12000, 20000, 6400, -2350, 2, 3);
            Assert.AreEqual((byte)0x6A, b[2]);
            Assert.AreEqual((byte)0x18, b[3]);
            Assert.AreEqual(-2350, (int)(short)(b[8] | (b[9] << 8)));
        }
    }
}
