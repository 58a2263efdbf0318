using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Storage;
using Bedside.Core.Therapy;
using Bedside.TestShared;
using Xunit;

namespace Bedside.Tests.Storage;

/// <summary>
/// FileRegionStorage (the logic the device runs on I:\ files) over RamFileBlock: sizing, reboot persistence,
/// range checks, erase, and the power-cut-at-every-byte guarantee of SettingsStore through the file layer.
/// </summary>
public class FileRegionStorageTests
{
    private static readonly int[] Sizes = { 64, 64, SessionLogStore.SlotSize, SessionLogStore.SlotSize };

    /// <summary>Empty "files" (the first boot), one per region, with room for their regions.</summary>
    private static RamFileBlock[] NewFiles()
        => new[] { new RamFileBlock(Sizes[0]), new RamFileBlock(Sizes[1]), new RamFileBlock(Sizes[2]), new RamFileBlock(Sizes[3]) };

    /// <summary>Boots a store over the files (what DeviceStorage.Create does); asserts every region came up.</summary>
    private static FileRegionStorage Boot(RamFileBlock[] files)
    {
        foreach (var f in files) f.Restore();
        var st = new FileRegionStorage(files, Sizes);
        Assert.Equal(StorageRegion.Count, st.Init());
        Assert.True(st.AllReady);
        return st;
    }

    private static byte[] ReadAll(IStorage s, int region)
    {
        var b = new byte[s.RegionSize(region)];
        Assert.Equal(b.Length, s.Read(region, 0, b, 0, b.Length));
        return b;
    }

    [Fact]
    public void First_boot_creates_each_file_at_its_region_size_erased()
    {
        var files = NewFiles();
        var st = new FileRegionStorage(files, Sizes);
        Assert.Equal(4, st.Init());
        Assert.Equal(4, st.RecreatedCount);
        for (int r = 0; r < 4; r++)
        {
            Assert.Equal(Sizes[r], files[r].LengthBytes);
            Assert.Equal(Sizes[r], st.RegionSize(r));
            Assert.All(ReadAll(st, r), b => Assert.Equal(0xFF, b));
        }
        Assert.Equal(0, st.RegionSize(4));
        Assert.Equal(0, st.RegionSize(-1));
    }

    [Fact]
    public void Contents_survive_a_reboot_and_a_normal_boot_rewrites_nothing()
    {
        var files = NewFiles();
        var st = Boot(files);
        var data = new byte[] { 1, 2, 3, 4, 5 };
        Assert.True(st.Write(StorageRegion.SettingsB, 10, data, 0, data.Length));
        Assert.True(st.Write(StorageRegion.SessionLog, Sizes[2] - 5, data, 0, 5));
        long writtenBefore = files[1].BytesWritten;

        var st2 = new FileRegionStorage(files, Sizes);
        Assert.Equal(4, st2.Init());
        Assert.Equal(0, st2.RecreatedCount);
        Assert.Equal(writtenBefore, files[1].BytesWritten);
        var back = new byte[5];
        Assert.Equal(5, st2.Read(StorageRegion.SettingsB, 10, back, 0, 5));
        Assert.Equal(data, back);
        Assert.Equal(5, st2.Read(StorageRegion.SessionLog, Sizes[2] - 5, back, 0, 5));
        Assert.Equal(data, back);
        Assert.Equal(0xFF, ReadAll(st2, StorageRegion.SettingsB)[9]);
    }

    [Fact]
    public void A_short_file_is_extended_with_FF_and_keeps_its_prefix()
    {
        var files = NewFiles();
        var st = Boot(files);
        var data = new byte[40];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)i;
        Assert.True(st.Write(StorageRegion.SettingsA, 0, data, 0, data.Length));
        files[0].ForceLength(20); // the file system lost the tail

        var st2 = new FileRegionStorage(files, Sizes);
        Assert.Equal(4, st2.Init());
        Assert.Equal(1, st2.RecreatedCount);
        var a = ReadAll(st2, StorageRegion.SettingsA);
        for (int i = 0; i < 20; i++) Assert.Equal((byte)i, a[i]);
        for (int i = 20; i < 64; i++) Assert.Equal(0xFF, a[i]);
    }

    [Fact]
    public void Bad_ranges_are_refused_and_change_nothing()
    {
        var files = NewFiles();
        var st = Boot(files);
        var buf = new byte[70];
        long w = files[0].BytesWritten;
        Assert.False(st.Write(0, 60, buf, 0, 5));
        Assert.False(st.Write(0, -1, buf, 0, 1));
        Assert.False(st.Write(0, 0, buf, 0, -1));
        Assert.False(st.Write(0, 0, buf, 66, 5));
        Assert.False(st.Write(0, 0, null!, 0, 1));
        Assert.False(st.Write(4, 0, buf, 0, 1));
        Assert.False(st.Erase(4));
        Assert.False(st.Erase(-1));
        Assert.Equal(0, st.Read(0, 60, buf, 0, 5));
        Assert.Equal(0, st.Read(0, 0, buf, 68, 5));
        Assert.Equal(0, st.Read(5, 0, buf, 0, 1));
        Assert.Equal(0, st.Read(0, 0, null!, 0, 1));
        Assert.Equal(w, files[0].BytesWritten);
        Assert.All(ReadAll(st, 0), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void Erase_fills_the_whole_region_with_FF_and_only_that_region()
    {
        var files = NewFiles();
        var st = Boot(files);
        var data = new byte[64];
        System.Array.Fill(data, (byte)0x5A);
        Assert.True(st.Write(0, 0, data, 0, 64));
        Assert.True(st.Write(1, 0, data, 0, 64));
        Assert.True(st.Erase(0));
        Assert.All(ReadAll(st, 0), b => Assert.Equal(0xFF, b));
        Assert.All(ReadAll(st, 1), b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void A_missing_or_failing_file_makes_only_its_region_unavailable()
    {
        // file 1 cannot grow to its region (capacity 10 < 64): Init leaves region 1 unavailable
        var files = new IFileBlock[] { new RamFileBlock(64), new RamFileBlock(10), null! };
        var st = new FileRegionStorage(files, Sizes);
        Assert.Equal(1, st.Init());
        Assert.False(st.AllReady);
        Assert.Equal(64, st.RegionSize(0));
        Assert.Equal(0, st.RegionSize(1));
        Assert.Equal(0, st.RegionSize(2));
        Assert.False(st.Write(1, 0, new byte[1], 0, 1));
        Assert.False(st.Erase(2));
        // SettingsStore on it: slot B unusable -> loads defaults, a save to A still works
        var store = new SettingsStore(st);
        Assert.Equal(SettingsSource.FactoryDefaults, store.Load(new DeviceSettings()));
        Assert.Null(store.Save(TestSettings.Numbered(1)));
        Assert.Equal("settings region too small", store.Save(TestSettings.Numbered(2)));
        var got = new DeviceSettings();
        Assert.Equal(SettingsSource.SlotA, new SettingsStore(st).Load(got));
        Assert.True(got.SameAs(TestSettings.Numbered(1)));
        // garbage arguments never throw
        Assert.Equal(0, new FileRegionStorage(null!, null!).Init());
        Assert.Equal(0, new FileRegionStorage(new IFileBlock[2], new[] { -5, int.MaxValue }).RegionSize(1));
    }

    [Fact]
    public void Settings_persist_across_reboots_of_the_file_store()
    {
        var files = NewFiles();
        for (int i = 1; i <= 5; i++)
        {
            var store = new SettingsStore(Boot(files));
            var prev = new DeviceSettings();
            var src = store.Load(prev);
            if (i == 1) Assert.Equal(SettingsSource.FactoryDefaults, src);
            else Assert.True(prev.SameAs(TestSettings.Numbered(i - 1)));
            Assert.Null(store.Save(TestSettings.Numbered(i)));
        }
        var last = new DeviceSettings();
        var s = new SettingsStore(Boot(files));
        Assert.Equal(SettingsSource.SlotA, s.Load(last)); // saves 1,3,5 went to A
        Assert.True(last.SameAs(TestSettings.Numbered(5)));
        Assert.Equal(5u, s.Sequence);
    }

    private static (RamFileBlock[] files, DeviceSettings old) Prepared(int priorSaves)
    {
        var files = NewFiles();
        var store = new SettingsStore(Boot(files));
        store.Load(new DeviceSettings());
        for (int i = 1; i <= priorSaves; i++) Assert.Null(store.Save(TestSettings.Numbered(i)));
        var old = new DeviceSettings();
        new SettingsStore(Boot(files)).Load(old);
        return (files, old);
    }

    /// <summary>
    /// The SettingsStore guarantee through the file layer: a power cut after EVERY written byte of a save
    /// (erase fill and record bytes, counted by the file blocks), then a reboot (new FileRegionStorage + Init on
    /// the same files): the loaded settings are exactly the old or exactly the new ones, and the unit saves again.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Power_cut_at_every_byte_of_a_settings_save_leaves_old_or_new(int priorSaves)
    {
        var newS = TestSettings.Numbered(100 + priorSaves);
        var (probeFiles, _) = Prepared(priorSaves);
        long before = probeFiles.Sum(f => f.BytesWritten);
        var probe = new SettingsStore(Boot(probeFiles));
        probe.Load(new DeviceSettings());
        Assert.Null(probe.Save(newS));
        long total = probeFiles.Sum(f => f.BytesWritten) - before;
        Assert.Equal(64 + 32, total); // erase fill of the 64-byte slot file + the 32-byte record

        int olds = 0, news = 0;
        for (long cut = 0; cut <= total; cut++)
        {
            var (files, oldS) = Prepared(priorSaves);
            var store = new SettingsStore(Boot(files));
            store.Load(new DeviceSettings());
            foreach (var f in files) f.SetPowerCutAfter(cut); // only the target slot's file is written
            string r = store.Save(newS);
            Assert.Equal(cut >= total, r == null);

            var got = new DeviceSettings();
            var src = new SettingsStore(Boot(files)).Load(got);
            bool isOld = got.SameAs(oldS), isNew = got.SameAs(newS);
            Assert.True(isOld || isNew, "cut after byte " + cut + " of " + total + " gave neither old nor new");
            if (priorSaves > 0) Assert.NotEqual(SettingsSource.FactoryDefaults, src);
            if (isNew) news++; else olds++;

            var again = new SettingsStore(Boot(files));
            again.Load(new DeviceSettings());
            Assert.Null(again.Save(TestSettings.Numbered(500)));
            var after = new DeviceSettings();
            new SettingsStore(Boot(files)).Load(after);
            Assert.True(after.SameAs(TestSettings.Numbered(500)));
        }
        Assert.Equal(total + 1, olds + news);
        Assert.Equal(1, news);
    }

    private static SessionLog MakeLog(int minutes)
    {
        var log = new SessionLog();
        log.Begin(0);
        for (int m = 1; m <= minutes; m++)
            log.CommitMinute(m, ProgramKind.Sleep, (byte)TherapyState.Guide, new MusicControls { TempoCentiBpm = 6000 + m }, false);
        log.Seal();
        return log;
    }

    private static byte[] Image(SessionLog log)
    {
        var b = new byte[log.SerializedLength];
        log.CopySerialized(0, b, 0, b.Length);
        return b;
    }

    /// <summary>
    /// The session-log progress save through the file layer: slot A holds the save at minute 4, the save at
    /// minute 8 goes to slot B and is cut after EVERY written byte (marker invalidation, image, marker), then the
    /// unit reboots. The settings files are never written, and the log a reboot loads is byte for byte the
    /// minute-4 log or (only when the save completed) the minute-8 log: never a mix, never nothing.
    /// After each cut the next save (to the slot not holding the loaded log) works again.
    /// </summary>
    [Theory]
    [InlineData(4, 8)]
    [InlineData(720, 724)]
    public void Power_cut_at_every_byte_of_a_session_log_save_leaves_the_previous_or_the_new_log(int before, int after)
    {
        byte[] oldImage = Image(MakeLog(before)), newImage = Image(MakeLog(after));
        long total = 2 * SessionLogStore.MarkerSize + newImage.Length;
        var cuts = new List<long>();
        for (long c = 0; c <= total; c++) if (before < 100 || c < 40 || c > total - 40 || c % 97 == 0) cuts.Add(c);
        int olds = 0, news = 0;
        foreach (long cut in cuts)
        {
            var (files, oldS) = Prepared(3);
            var st = Boot(files);
            Assert.True(new SessionLogStore(st).Save(MakeLog(before)));
            var store = new SessionLogStore(Boot(files));
            Assert.True(store.Load(new SessionLog()));
            long[] w0 = files.Select(f => f.BytesWritten).ToArray();
            foreach (var f in files) f.SetPowerCutAfter(0);
            files[StorageRegion.SessionLogB].SetPowerCutAfter(cut);
            Assert.Equal(cut >= total, store.Save(MakeLog(after)));
            for (int r = 0; r < files.Length; r++)
                if (r != StorageRegion.SessionLogB) Assert.Equal(w0[r], files[r].BytesWritten);

            var st2 = Boot(files);
            var got = new DeviceSettings();
            Assert.NotEqual(SettingsSource.FactoryDefaults, new SettingsStore(st2).Load(got));
            Assert.True(got.SameAs(oldS));
            var back = new byte[SessionLog.MaxSerializedSize];
            int len = Bedside.Tests.Session.SavedLog.ReadNewest(st2, back);
            byte[] loaded = back.Take(len).ToArray();
            if (loaded.SequenceEqual(newImage)) news++;
            else { Assert.Equal(oldImage, loaded); olds++; }

            var again = new SessionLogStore(st2);
            again.Load(new SessionLog());
            Assert.True(again.Save(MakeLog(after + 1)));
            len = Bedside.Tests.Session.SavedLog.ReadNewest(Boot(files), back);
            Assert.Equal(Image(MakeLog(after + 1)), back.Take(len).ToArray());
        }
        Assert.Equal(1, news);
        Assert.Equal(cuts.Count - 1, olds);
    }
}
