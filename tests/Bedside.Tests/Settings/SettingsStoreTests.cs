using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.TestShared;
using Xunit;

namespace Bedside.Tests.Settings;

public class SettingsStoreTests
{
    /// <summary>
    /// The validation messages spell their ranges out (the device has no string formatting to spare); they must say the
    /// ranges the checks enforce.
    /// </summary>
    [Fact]
    public void Validation_messages_state_the_ranges_the_checks_enforce()
    {
        string Db(int centiDb) => (centiDb / 100.0).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"level cap must be {Db(DeviceSettings.MinLevelCentiDb)}..{Db(DeviceSettings.FactoryMaxLevelCentiDb)} dB",
            DeviceSettings.CheckLevelCap(DeviceSettings.FactoryMaxLevelCentiDb + 1));
        Assert.Equal(DeviceSettings.CheckLevelCap(DeviceSettings.MinLevelCentiDb - 1), DeviceSettings.CheckLevelCap(DeviceSettings.FactoryMaxLevelCentiDb + 1));
        Assert.Null(DeviceSettings.CheckLevelCap(DeviceSettings.MinLevelCentiDb));
        Assert.Null(DeviceSettings.CheckLevelCap(DeviceSettings.FactoryMaxLevelCentiDb));
        Assert.Equal($"sleep timer must be {DeviceSettings.MinSleepTimerMinutes}..{DeviceSettings.MaxSleepTimerMinutes} min",
            DeviceSettings.CheckSleepTimer(DeviceSettings.MaxSleepTimerMinutes + 1));
        var s = new DeviceSettings { DefaultLevelCentiDb = DeviceSettings.MinLevelCentiDb - 1 };
        Assert.Equal($"default level must be {Db(DeviceSettings.MinLevelCentiDb)} dB..cap", s.Validate());
    }

    [Fact]
    public void The_numbered_test_records_are_valid_settings()
    {
        for (int i = 0; i < 2000; i++) Assert.Null(TestSettings.Numbered(i).Validate());
    }

    [Fact]
    public void Blank_store_loads_factory_defaults_and_says_so()
    {
        var st = new SettingsStore(RamStorage.CreateDefault());
        var s = TestSettings.Numbered(3);
        Assert.Equal(SettingsSource.FactoryDefaults, st.Load(s));
        Assert.True(s.SameAs(new DeviceSettings()));
    }

    [Fact]
    public void Saves_alternate_slots_and_load_takes_the_newest()
    {
        var ram = RamStorage.CreateDefault();
        var st = new SettingsStore(ram);
        var got = new DeviceSettings();
        st.Load(got);
        for (int i = 1; i <= 7; i++)
        {
            Assert.Null(st.Save(TestSettings.Numbered(i)));
            Assert.Equal(i % 2 == 1 ? SettingsSource.SlotA : SettingsSource.SlotB, st.Source);
            var fresh = new SettingsStore(ram);
            Assert.Equal(st.Source, fresh.Load(got));
            Assert.True(got.SameAs(TestSettings.Numbered(i)));
            Assert.Equal((uint)i, fresh.Sequence);
        }
    }

    [Fact]
    public void Invalid_settings_are_refused_and_nothing_is_written()
    {
        var ram = RamStorage.CreateDefault();
        var st = new SettingsStore(ram);
        st.Load(new DeviceSettings());
        Assert.Null(st.Save(TestSettings.Numbered(1)));
        var bad = TestSettings.Numbered(2); bad.LevelCapCentiDb = 0; // above the factory maximum
        Assert.NotNull(st.Save(bad));
        bad = TestSettings.Numbered(2); bad.DefaultLevelCentiDb = bad.LevelCapCentiDb + 100;
        Assert.NotNull(st.Save(bad));
        bad = TestSettings.Numbered(2); bad.SleepTimerMinutes = 5;
        Assert.NotNull(st.Save(bad));
        var got = new DeviceSettings();
        new SettingsStore(ram).Load(got);
        Assert.True(got.SameAs(TestSettings.Numbered(1)));
    }

    [Fact]
    public void A_corrupt_newest_slot_falls_back_to_the_other_and_both_bad_gives_defaults()
    {
        var ram = RamStorage.CreateDefault();
        var st = new SettingsStore(ram);
        st.Load(new DeviceSettings());
        st.Save(TestSettings.Numbered(1)); // A
        st.Save(TestSettings.Numbered(2)); // B (newest)
        var one = new byte[1];
        ram.Read(StorageRegion.SettingsB, 12, one, 0, 1); one[0] ^= 0x10; ram.Write(StorageRegion.SettingsB, 12, one, 0, 1);
        var got = new DeviceSettings();
        Assert.Equal(SettingsSource.SlotA, new SettingsStore(ram).Load(got));
        Assert.True(got.SameAs(TestSettings.Numbered(1)));
        ram.Read(StorageRegion.SettingsA, 20, one, 0, 1); one[0] ^= 0x01; ram.Write(StorageRegion.SettingsA, 20, one, 0, 1);
        Assert.Equal(SettingsSource.FactoryDefaults, new SettingsStore(ram).Load(got));
        Assert.True(got.SameAs(new DeviceSettings()));
    }

    [Fact]
    public void A_record_with_valid_crc_but_out_of_range_fields_is_rejected()
    {
        var ram = RamStorage.CreateDefault();
        var s = TestSettings.Numbered(1); s.LevelCapCentiDb = 500; // invalid: louder than the factory maximum
        var buf = new byte[SettingsStore.SlotSize];
        SettingsStore.Encode(s, 9, buf);
        ram.Write(StorageRegion.SettingsA, 0, buf, 0, buf.Length);
        Assert.Equal(SettingsSource.FactoryDefaults, new SettingsStore(ram).Load(new DeviceSettings()));
    }

    [Fact]
    public void Sequence_wraparound_still_picks_the_newest()
    {
        var ram = RamStorage.CreateDefault();
        var buf = new byte[SettingsStore.SlotSize];
        SettingsStore.Encode(TestSettings.Numbered(1), 0xFFFFFFFFu, buf); ram.Write(StorageRegion.SettingsA, 0, buf, 0, buf.Length);
        SettingsStore.Encode(TestSettings.Numbered(2), 0u, buf); ram.Write(StorageRegion.SettingsB, 0, buf, 0, buf.Length);
        var got = new DeviceSettings();
        Assert.Equal(SettingsSource.SlotB, new SettingsStore(ram).Load(got));
        Assert.True(got.SameAs(TestSettings.Numbered(2)));
    }

    /// <summary>
    /// Power cut at EVERY byte operation of a save (erase bytes and written bytes), for the first save on a
    /// blank store and for saves into slot A and slot B: after the "reboot" the loaded settings are exactly the
    /// old or exactly the new ones (never corrupt, never defaults-by-accident when an old record existed).
    /// </summary>
    [Theory]
    [InlineData(0)] // first save on blank flash: old = factory defaults
    [InlineData(1)] // second save (goes to slot B)
    [InlineData(2)] // third save (slot A again, B holds the newest)
    [InlineData(5)]
    public void Power_cut_at_every_byte_leaves_old_or_new(int priorSaves)
    {
        var baseRam = RamStorage.CreateDefault();
        var pre = new SettingsStore(baseRam);
        pre.Load(new DeviceSettings());
        for (int i = 1; i <= priorSaves; i++) Assert.Null(pre.Save(TestSettings.Numbered(i)));
        var oldS = new DeviceSettings();
        new SettingsStore(baseRam).Load(oldS);
        var newS = TestSettings.Numbered(100 + priorSaves);

        // measure the operations of one uncut save
        var probe = new CutStorage(CutStorage.Clone(baseRam));
        var ps = new SettingsStore(probe); ps.Load(new DeviceSettings());
        Assert.Null(ps.Save(newS));
        long total = probe.Used;
        Assert.True(total >= 2 * SettingsStore.SlotSize, "erase + write of one slot");

        int olds = 0, news = 0;
        for (long cut = 0; cut <= total; cut++)
        {
            var cs = new CutStorage(CutStorage.Clone(baseRam)) { Budget = cut };
            var store = new SettingsStore(cs);
            store.Load(new DeviceSettings());
            string r = store.Save(newS);
            Assert.Equal(cut >= total, r == null);

            var got = new DeviceSettings();
            var src = new SettingsStore(cs.Inner).Load(got);
            bool isOld = got.SameAs(oldS), isNew = got.SameAs(newS);
            Assert.True(isOld || isNew, "cut at op " + cut + " of " + total + " gave neither old nor new");
            if (priorSaves > 0) Assert.NotEqual(SettingsSource.FactoryDefaults, src);
            if (isNew) news++; else olds++;

            // and the unit keeps working: the next save after the reboot lands and is loaded
            var again = new SettingsStore(cs.Inner);
            again.Load(new DeviceSettings());
            Assert.Null(again.Save(TestSettings.Numbered(500)));
            var after = new DeviceSettings();
            new SettingsStore(cs.Inner).Load(after);
            Assert.True(after.SameAs(TestSettings.Numbered(500)));
        }
        Assert.Equal(total + 1, olds + news);
        Assert.Equal(1, news); // only the complete write (CRC last) yields the new record
    }

    [Fact]
    public void Restart_level_is_the_lower_of_stored_and_default()
    {
        var ram = RamStorage.CreateDefault();
        var st = new SettingsStore(ram); st.Load(new DeviceSettings());
        var s = new DeviceSettings { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3000, StoredLevelCentiDb = -2700 };
        Assert.Null(st.Save(s));
        Assert.Equal(-3000, new BedsideController(ram).Machine.Level.UserCentiDb);
        s.StoredLevelCentiDb = -4200;
        Assert.Null(st.Save(s));
        Assert.Equal(-4200, new BedsideController(ram).Machine.Level.UserCentiDb);
    }
}
