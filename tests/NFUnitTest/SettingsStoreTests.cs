using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Settings;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// RAM store that loses power after Budget byte operations (each erased or written byte costs one, in order):
    /// the write in progress stops at that byte and every later write/erase fails. Reads always work (the reboot).
    /// </summary>
    internal sealed class CutRamStorage : IStorage
    {
        public readonly RamStorage Inner;
        public int Budget = int.MaxValue;
        public int Used;
        private readonly byte[] _one = new byte[1];

        public CutRamStorage(RamStorage inner) { Inner = inner; }

        public int RegionCount { get { return Inner.RegionCount; } }
        public int RegionSize(int region) { return Inner.RegionSize(region); }
        public int Read(int region, int offset, byte[] dst, int dstOffset, int count) { return Inner.Read(region, offset, dst, dstOffset, count); }

        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > Inner.RegionSize(region)) return false;
            for (int i = 0; i < count; i++)
            {
                if (Used >= Budget) return false;
                Inner.Write(region, offset + i, src, srcOffset + i, 1);
                Used++;
            }
            return true;
        }

        public bool Erase(int region)
        {
            int n = Inner.RegionSize(region);
            if (n == 0) return false;
            _one[0] = 0xFF;
            for (int i = 0; i < n; i++)
            {
                if (Used >= Budget) return false;
                Inner.Write(region, i, _one, 0, 1);
                Used++;
            }
            return true;
        }
    }

    /// <summary>The A/B settings store on the device runtime: alternation, CRC rejection, power cuts.</summary>
    [TestClass]
    public class SettingsStoreTests
    {
        private static DeviceSettings Make(int cap, int timer)
        {
            DeviceSettings s = new DeviceSettings();
            s.LevelCapCentiDb = cap;
            s.DefaultLevelCentiDb = cap - 600;
            s.StoredLevelCentiDb = cap - 300;
            s.SleepTimerMinutes = timer;
            return s;
        }

        [TestMethod]
        public void Empty_store_gives_factory_defaults_then_saves_alternate_slots()
        {
            RamStorage ram = RamStorage.CreateDefault();
            SettingsStore st = new SettingsStore(ram);
            DeviceSettings got = new DeviceSettings();
            Assert.AreEqual((int)SettingsSource.FactoryDefaults, (int)st.Load(got));
            Assert.IsNull(st.Save(Make(-1200, 30)));
            Assert.AreEqual((int)SettingsSource.SlotA, (int)st.Source);
            Assert.IsNull(st.Save(Make(-1500, 60)));
            Assert.AreEqual((int)SettingsSource.SlotB, (int)st.Source);
            Assert.AreEqual(2u, st.Sequence);
            Assert.AreEqual((int)SettingsSource.SlotB, (int)new SettingsStore(ram).Load(got));
            Assert.AreEqual(-1500, got.LevelCapCentiDb);
            Assert.AreEqual(60, got.SleepTimerMinutes);
            Assert.IsNotNull(st.Save(Make(-500, 60)), "cap above the factory maximum is refused");
        }

        [TestMethod]
        public void A_corrupt_newest_slot_falls_back_to_the_older_one()
        {
            RamStorage ram = RamStorage.CreateDefault();
            SettingsStore st = new SettingsStore(ram);
            st.Load(new DeviceSettings());
            Assert.IsNull(st.Save(Make(-1200, 30)));   // A
            Assert.IsNull(st.Save(Make(-2400, 90)));   // B (newest)
            byte[] b = new byte[1];
            ram.Read(StorageRegion.SettingsB, 9, b, 0, 1);
            b[0] ^= 0x01;                              // one payload bit: the CRC no longer matches
            ram.Write(StorageRegion.SettingsB, 9, b, 0, 1);
            DeviceSettings got = new DeviceSettings();
            Assert.AreEqual((int)SettingsSource.SlotA, (int)new SettingsStore(ram).Load(got));
            Assert.AreEqual(-1200, got.LevelCapCentiDb);
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
                Assert.IsNull(pre.Save(Make(-1200, 30)));    // the old record, in slot A

                CutRamStorage cut = new CutRamStorage(ram);
                SettingsStore st = new SettingsStore(cut);
                st.Load(new DeviceSettings());
                cut.Budget = cuts[c];
                string why = st.Save(Make(-3000, 120));      // the new record, into slot B

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
                    Assert.AreEqual(-1200, got.LevelCapCentiDb, at + ": old");
                    Assert.AreEqual(30, got.SleepTimerMinutes, at + ": old");
                }
            }
        }
    }
}
