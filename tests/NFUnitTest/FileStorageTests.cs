using Bedside.Core.Ports;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Storage;
using Bedside.TestShared;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// The file-region store the device runs on I:\ (FileRegionStorage), here over RAM files, on the device runtime:
    /// first-boot sizing, persistence across a "reboot", and a power cut at every byte of a settings save.
    /// </summary>
    [TestClass]
    public class FileStorageTests
    {
        private static RamFileBlock[] NewFiles()
        {
            return new RamFileBlock[] { new RamFileBlock(64), new RamFileBlock(64), new RamFileBlock(SessionLogStore.SlotSize), new RamFileBlock(SessionLogStore.SlotSize) };
        }

        private static FileRegionStorage Boot(RamFileBlock[] files)
        {
            for (int i = 0; i < files.Length; i++) files[i].Restore();
            FileRegionStorage st = new FileRegionStorage(new IFileBlock[] { files[0], files[1], files[2], files[3] },
                new int[] { 64, 64, SessionLogStore.SlotSize, SessionLogStore.SlotSize });
            Assert.AreEqual(StorageRegion.Count, st.Init());
            return st;
        }

        [TestMethod]
        public void First_boot_sizes_the_files_erased_and_settings_survive_a_reboot()
        {
            RamFileBlock[] files = NewFiles();
            FileRegionStorage st = Boot(files);
            Assert.AreEqual(64, files[0].LengthBytes);
            Assert.AreEqual(SessionLogStore.SlotSize, files[2].LengthBytes);
            byte[] b = new byte[64];
            Assert.AreEqual(64, st.Read(StorageRegion.SettingsB, 0, b, 0, 64));
            for (int i = 0; i < 64; i++) Assert.AreEqual((byte)0xFF, b[i]);

            SettingsStore store = new SettingsStore(st);
            store.Load(new DeviceSettings());
            Assert.IsNull(store.Save(TestSettings.Make(-2700, 30)));
            Assert.IsNull(store.Save(TestSettings.Make(-3600, 75)));

            DeviceSettings got = new DeviceSettings();
            Assert.AreEqual((int)SettingsSource.SlotB, (int)new SettingsStore(Boot(files)).Load(got));
            Assert.AreEqual(-3600, got.LevelCapCentiDb);
            Assert.AreEqual(75, got.SleepTimerMinutes);
        }

        [TestMethod]
        public void Power_cut_after_every_byte_of_a_save_leaves_old_or_new()
        {
            // one save into slot B = 64 bytes of 0xFF fill + 32 bytes of record
            for (int cut = 0; cut <= 96; cut++)
            {
                RamFileBlock[] files = NewFiles();
                SettingsStore pre = new SettingsStore(Boot(files));
                pre.Load(new DeviceSettings());
                Assert.IsNull(pre.Save(TestSettings.Make(-2700, 30)));   // old, slot A

                SettingsStore st = new SettingsStore(Boot(files));
                st.Load(new DeviceSettings());
                for (int i = 0; i < files.Length; i++) files[i].SetPowerCutAfter(cut);
                string why = st.Save(TestSettings.Make(-3000, 120));     // new, slot B

                DeviceSettings got = new DeviceSettings();
                SettingsSource src = new SettingsStore(Boot(files)).Load(got);
                string at = "cut after " + cut.ToString() + " bytes";
                Assert.IsTrue(src != SettingsSource.FactoryDefaults, at);
                if (cut >= 96)
                {
                    Assert.IsNull(why, at);
                    Assert.AreEqual(-3000, got.LevelCapCentiDb, at + ": new");
                }
                else
                {
                    Assert.IsNotNull(why, at);
                    Assert.AreEqual(-2700, got.LevelCapCentiDb, at + ": old");
                }
            }
        }
    }
}
