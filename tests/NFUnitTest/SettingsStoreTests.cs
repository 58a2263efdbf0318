using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Settings;
using Bedside.TestShared;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>The A/B settings store on the device runtime: alternation, CRC rejection, power cuts.</summary>
    [TestClass]
    public class SettingsStoreTests
    {
        [TestMethod]
        public void Empty_store_gives_factory_defaults_then_saves_alternate_slots()
        {
            RamStorage ram = RamStorage.CreateDefault();
            SettingsStore st = new SettingsStore(ram);
            DeviceSettings got = new DeviceSettings();
            Assert.AreEqual((int)SettingsSource.FactoryDefaults, (int)st.Load(got));
            Assert.IsNull(st.Save(TestSettings.Make(-2700, 30)));
            Assert.AreEqual((int)SettingsSource.SlotA, (int)st.Source);
            Assert.IsNull(st.Save(TestSettings.Make(-3300, 60)));
            Assert.AreEqual((int)SettingsSource.SlotB, (int)st.Source);
            Assert.AreEqual(2u, st.Sequence);
            Assert.AreEqual((int)SettingsSource.SlotB, (int)new SettingsStore(ram).Load(got));
            Assert.AreEqual(-3300, got.LevelCapCentiDb);
            Assert.AreEqual(60, got.SleepTimerMinutes);
            Assert.IsNotNull(st.Save(TestSettings.Make(-2600, 60)), "cap above the factory maximum is refused");
        }

        [TestMethod]
        public void A_corrupt_newest_slot_falls_back_to_the_older_one()
        {
            RamStorage ram = RamStorage.CreateDefault();
            SettingsStore st = new SettingsStore(ram);
            st.Load(new DeviceSettings());
            Assert.IsNull(st.Save(TestSettings.Make(-2700, 30)));   // A
            Assert.IsNull(st.Save(TestSettings.Make(-3900, 90)));   // B (newest)
            byte[] b = new byte[1];
            ram.Read(StorageRegion.SettingsB, 9, b, 0, 1);
            b[0] ^= 0x01;                              // one payload bit: the CRC no longer matches
            ram.Write(StorageRegion.SettingsB, 9, b, 0, 1);
            DeviceSettings got = new DeviceSettings();
            Assert.AreEqual((int)SettingsSource.SlotA, (int)new SettingsStore(ram).Load(got));
            Assert.AreEqual(-2700, got.LevelCapCentiDb);
        }

        [TestMethod]
        public void Power_cut_at_any_of_these_offsets_leaves_old_or_new_never_corrupt()
        {
            // one save = erase 64 bytes + 28 bytes of record + 4 bytes of CRC = 96 byte operations
            int[] cuts = new int[] { 0, 1, 32, 63, 64, 65, 80, 91, 92, 93, 95, 96, 200 };
            for (int c = 0; c < cuts.Length; c++)
            {
                RamStorage ram = RamStorage.CreateDefault();
                SettingsStore pre = new SettingsStore(ram);
                pre.Load(new DeviceSettings());
                Assert.IsNull(pre.Save(TestSettings.Make(-2700, 30)));    // the old record, in slot A

                CutStorage cut = new CutStorage(ram);
                SettingsStore st = new SettingsStore(cut);
                st.Load(new DeviceSettings());
                cut.Budget = cuts[c];
                string why = st.Save(TestSettings.Make(-3000, 120));      // the new record, into slot B

                DeviceSettings got = new DeviceSettings();
                SettingsSource src = new SettingsStore(ram).Load(got);
                string at = "cut after " + cuts[c].ToString() + " byte operations";
                Assert.IsTrue(src != SettingsSource.FactoryDefaults, at + ": a valid record survives");
                if (cuts[c] >= 96)
                {
                    Assert.IsNull(why, at);
                    Assert.AreEqual(-3000, got.LevelCapCentiDb, at + ": new");
                }
                else
                {
                    Assert.IsNotNull(why, at + ": the save reports the failure");
                    Assert.AreEqual(-2700, got.LevelCapCentiDb, at + ": old");
                    Assert.AreEqual(30, got.SleepTimerMinutes, at + ": old");
                }
            }
        }
    }
}
