using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Sensing;
using Bedside.Core.Session;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Bedside.Tests.Session;
using Bedside.Tests.Settings;
using Bedside.TestShared;
using Bedside.Tests.Therapy;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Storage;

/// <summary>
/// Storage that misbehaves (a flaky read-back, a driver that throws) and power cuts during a session:
/// the answers the unit gives match what a reboot finds, nothing escapes the core, and the session log
/// survives a cut with at most a few minutes lost.
/// </summary>
public class StorageFaultTests
{
    private readonly ITestOutputHelper _out;
    public StorageFaultTests(ITestOutputHelper output) { _out = output; }

    /// <summary>RAM store whose next read after a write returns one corrupted byte (the stored bytes are fine).</summary>
    private sealed class FlakyReadStorage : IStorage
    {
        public readonly RamStorage Inner = RamStorage.CreateDefault();
        public bool Armed;
        private bool _afterWrite;
        public int RegionCount => Inner.RegionCount;
        public int RegionSize(int region) => Inner.RegionSize(region);
        public int Read(int region, int offset, byte[] dst, int dstOffset, int count)
        {
            int n = Inner.Read(region, offset, dst, dstOffset, count);
            if (Armed && _afterWrite && n > 5) { dst[dstOffset + 5] ^= 0x10; Armed = false; }
            _afterWrite = false;
            return n;
        }
        public bool Write(int region, int offset, byte[] src, int srcOffset, int count) { _afterWrite = true; return Inner.Write(region, offset, src, srcOffset, count); }
        public bool Erase(int region) { _afterWrite = true; return Inner.Erase(region); }
    }

    /// <summary>RAM store that throws from the operations switched on.</summary>
    private sealed class ThrowingStorage : IStorage
    {
        public readonly RamStorage Inner = RamStorage.CreateDefault();
        public bool ThrowOnRead, ThrowOnWrite;
        public int RegionCount => Inner.RegionCount;
        public int RegionSize(int region) => Inner.RegionSize(region);
        public int Read(int region, int offset, byte[] dst, int dstOffset, int count)
            => ThrowOnRead ? throw new System.IO.IOException("flash read error") : Inner.Read(region, offset, dst, dstOffset, count);
        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
            => ThrowOnWrite ? throw new System.IO.IOException("flash write error") : Inner.Write(region, offset, src, srcOffset, count);
        public bool Erase(int region) => ThrowOnWrite ? throw new System.IO.IOException("flash erase error") : Inner.Erase(region);
    }

    private static byte[] PresetBytes(byte keyRoot)
    {
        var p = new Preset { KeyRootSemitone = keyRoot };
        var b = new byte[Preset.WireSize];
        p.WriteTo(b, 0);
        return b;
    }

    [Fact]
    public void A_preset_write_refused_with_store_failed_is_not_what_a_reboot_loads()
    {
        var store = new FlakyReadStorage();
        var proto = new BedsideProtocol(new BedsideController(store), null);
        Assert.Equal(AttError.None, proto.WritePreset(PresetBytes(5), Preset.WireSize, 0)); // seq 1 in slot A
        store.Armed = true;
        var refused = PresetBytes(9);
        Assert.Equal(AttError.StoreFailed, proto.WritePreset(refused, Preset.WireSize, 0));
        Assert.Equal(5, proto.Controller.Settings.Preset.KeyRootSemitone); // nothing changed now ...
        var rebooted = new BedsideController(store.Inner);
        Assert.Equal(5, rebooted.Settings.Preset.KeyRootSemitone); // ... and nothing changes at the next boot
        // and the store still works: the next write goes through and is what a reboot loads
        Assert.Equal(AttError.None, proto.WritePreset(PresetBytes(7), Preset.WireSize, 0));
        Assert.Equal(7, new BedsideController(store.Inner).Settings.Preset.KeyRootSemitone);
    }

    private static int Peak(byte[] pcm)
    {
        int peak = 0;
        for (int i = 0; i + 1 < pcm.Length; i += 2) peak = System.Math.Max(peak, System.Math.Abs((short)(pcm[i] | (pcm[i + 1] << 8))));
        return peak;
    }

    [Fact]
    public void A_storage_that_throws_never_escapes_the_unit_and_is_logged()
    {
        var store = new ThrowingStorage { ThrowOnRead = true };
        var unit = new BedsideUnit(store, new SensingHub(), 16000, 3u); // boot: every read throws
        Assert.Equal(SettingsSource.FactoryDefaults, unit.Controller.BootSettingsSource);
        Assert.True(unit.Controller.StorageFaults > 0);
        store.ThrowOnRead = false;
        store.ThrowOnWrite = true;

        var block = new byte[800 * 2];
        long t = 0;
        void Run(long ms) { for (long end = t + ms; t < end; t += 50) { unit.ControlTick(t); unit.Render(block, 0, 800); } }
        unit.StartSession(0);
        Run(6 * 60_000); // a progress save at minute 4 throws
        Run(100);
        Assert.True(unit.AudioRunning && Peak(block) > 50, $"the unit keeps playing ({unit.Controller.State}, peak {Peak(block)})");
        Assert.False(unit.Controller.LastLogSaved);
        unit.Controller.StopSession(t);
        Run(10_000); // session end: the level save and the log save throw inside ControlTick
        Assert.Equal(TherapyState.Standby, unit.Controller.State);
        int faults = unit.Controller.StorageFaults;
        Assert.True(faults >= 3);

        // the store recovers: the next session's log says storage failed before it
        store.ThrowOnWrite = false;
        unit.StartSession(t);
        Run(60_000);
        unit.Controller.StopSession(t);
        Run(10_000);
        Assert.True(unit.Controller.LastLogSaved);
        var image = SavedLog.Newest(store.Inner);
        Assert.Null(SessionLogFormat.Check(image, image.Length));
        Assert.NotEqual(0, SessionLogFormat.HeaderFlags(image) & LogHeaderFlags.StorageFault);
    }

    /// <summary>Downloads the controller's log over the protocol; null when the request is refused.</summary>
    private static byte[] Download(BedsideProtocol proto)
    {
        var req = new byte[] { 0, 0, 0, 0, LogChunker.MaxChunkBytes, 0 };
        if (proto.WriteLogRequest(req, 6, 0) != AttError.None) return null;
        var got = new List<byte>();
        var chunk = new byte[LogChunker.MaxReadBytes];
        while (true)
        {
            int n = proto.ReadLogChunk(chunk);
            int count = chunk[4] | (chunk[5] << 8);
            if (count == 0) break;
            got.AddRange(chunk.Skip(LogChunker.HeaderBytes).Take(count));
        }
        return got.ToArray();
    }

    [Fact]
    public void After_a_reboot_BLE_log_download_serves_the_last_saved_log()
    {
        var r = new Rig();
        r.Start();
        r.RunMinutes(3);
        r.Hold(1600);
        r.Run(5000);
        Assert.Equal(TherapyState.Standby, r.C.State);
        var saved = SavedLog.Newest(r.Store);
        Assert.Equal(4, SessionLogFormat.RecordCount(saved)); // 3 full minutes + the partial one

        var proto = new BedsideProtocol(new BedsideController(r.Store), null); // reboot
        Assert.Equal(saved, Download(proto));
    }

    [Fact]
    public void A_power_cut_mid_session_loses_at_most_ProgressSaveMinutes_of_the_log()
    {
        var r = new Rig();
        r.TickMs = 250;
        r.Start();
        double worstLossMin = 0;
        for (int step = 0; step < 6 * 45; step++) // a cut every 10 s for 45 min
        {
            r.Run(10_000);
            double sessionMin = (r.T - r.StartT) / 60000.0;
            var image = SavedLog.Newest(CutStorage.Clone(r.Store)); // what a reboot after a cut now finds
            int savedMin = image.Length == 0 ? 0 : SessionLogFormat.SessionMinutes(image);
            worstLossMin = System.Math.Max(worstLossMin, sessionMin - savedMin);
        }
        _out.WriteLine($"worst log loss on a cut (outside a save): {worstLossMin:F2} min");
        Assert.True(worstLossMin < BedsideController.ProgressSaveMinutes + 0.5, $"lost {worstLossMin:F2} min");
        // and the reboot serves it over BLE
        var proto = new BedsideProtocol(new BedsideController(CutStorage.Clone(r.Store)), null);
        var got = Download(proto);
        Assert.NotNull(got);
        Assert.True(SessionLogFormat.SessionMinutes(got) >= 40);
    }
}
