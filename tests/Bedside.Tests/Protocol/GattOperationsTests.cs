using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Xunit;

namespace Bedside.Tests.Protocol;

/// <summary>
/// The GATT operation map (GattOperations) that the device glue and the simulator's server share: the profile
/// table, and the authorisation of every writable characteristic by enrolled access keys.
/// </summary>
public class GattOperationsTests
{
    private const int Conn = 7, Other = 9;

    private sealed class Rig
    {
        public readonly IStorage Storage;
        public readonly BedsideController C;
        public readonly GattOperations Ops;
        public long Now = 1000;

        public Rig(IStorage storage = null)
        {
            Storage = storage ?? RamStorage.CreateDefault();
            C = new BedsideController(Storage);
            Ops = new GattOperations(new BedsideProtocol(C, null), 0, 1, 0, 1, 1, 1);
            Ops.Stir(12345);
            C.Tick(Now, null);
        }

        public void Tick(int ms) { for (int t = 0; t < ms; t += 50) { Now += 50; C.Tick(Now, null); } }

        /// <summary>The caregiver's 4 s hold in Standby (opens the pairing window; a second one inside it forgets all clients).</summary>
        public void LongHold()
        {
            C.OnButtonEdge(true, Now);
            Tick(4200);
            C.OnButtonEdge(false, Now);
            Tick(600);
        }

        public byte Read(int ch, int conn, out byte[] value)
        {
            var buf = new byte[GattOperations.MaxValueBytes];
            byte err = Ops.Read(ch, conn, Now, buf, out int n);
            value = buf[..n];
            return err;
        }

        public byte Write(int ch, int conn, byte[] value) => Ops.Write(ch, conn, Now, value, value.Length, 0);

        public byte[] Enrol(int conn)
        {
            LongHold();
            Assert.True(C.PairingWindowOpen);
            Assert.Equal(AttError.None, Read(GattOperations.AccessKey, conn, out byte[] key));
            Assert.Equal(ClientKeyStore.KeyBytes, key.Length);
            return key;
        }

        public byte[] Snapshot()
        {
            var p = new byte[Preset.WireSize]; Ops.Protocol.ReadPreset(p);
            var s = new byte[SettingsPatch.WireSize]; Ops.Protocol.ReadSettings(s);
            return p.Concat(s).ToArray();
        }
    }

    /// <summary>A valid value for every writable characteristic except Unlock (which is the key itself).</summary>
    private static byte[] ValidValue(int ch)
    {
        switch (ch)
        {
            case GattOperations.Preset:
                var b = new byte[Preset.WireSize];
                new Preset { Mood = Mood.Luminous, KeyRootSemitone = 5, TempoMinCentiBpm = 5000, TempoMaxCentiBpm = 6000 }.WriteTo(b, 0);
                return b;
            case GattOperations.Settings:
                var s = new byte[SettingsPatch.WireSize];
                new SettingsPatch { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3300, SleepTimerMinutes = 30 }.WriteTo(s, 0);
                return s;
            case GattOperations.LogRequest:
                return new byte[] { 0, 0, 0, 0, 160, 0 };
            default: throw new ArgumentOutOfRangeException(nameof(ch));
        }
    }

    public static TheoryData<int> GatedWrites() => new() { GattOperations.Preset, GattOperations.Settings, GattOperations.LogRequest };

    [Fact]
    public void Profile_table_matches_the_documented_uuids_properties_and_sizes()
    {
        Assert.Equal(GattProfile.PresetUuid, GattOperations.Uuid(GattOperations.Preset));
        Assert.Equal(GattOperations.Unlock, GattOperations.IndexOf(GattProfile.UnlockUuid));
        Assert.Equal(-1, GattOperations.IndexOf("5b1d00ff-4c2e-4a8f-9d3b-6e0f7a1c2b3d"));
        var writable = Enumerable.Range(0, GattOperations.Count).Where(ch => (GattOperations.Properties(ch) & GattOperations.PropWrite) != 0).ToArray();
        Assert.Equal(new[] { GattOperations.Preset, GattOperations.Settings, GattOperations.LogRequest, GattOperations.Unlock }, writable);
        Assert.Equal(9, GattOperations.ValueSize(GattOperations.Preset));
        Assert.Equal(7, GattOperations.ValueSize(GattOperations.Settings));
        Assert.Equal(16, GattOperations.ValueSize(GattOperations.AccessKey));
        Assert.Equal(174, GattOperations.MaxValueBytes);
        Assert.False(GattOperations.NeedsEncryption(GattOperations.DeviceInformation));
        Assert.True(GattOperations.NeedsEncryption(GattOperations.Unlock));
        for (int ch = 0; ch < GattOperations.Count; ch++) Assert.False(string.IsNullOrEmpty(GattOperations.Description(ch)));
    }

    [Theory]
    [MemberData(nameof(GatedWrites))]
    public void Write_without_an_unlock_is_refused_with_0x08_and_changes_nothing(int ch)
    {
        var r = new Rig();
        var before = r.Snapshot();
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(ch, Conn, ValidValue(ch)));
        Assert.Equal(before, r.Snapshot());
        Assert.Equal(0, r.Ops.Protocol.PresetVersion + r.Ops.Protocol.SettingsVersion);
    }

    [Theory]
    [MemberData(nameof(GatedWrites))]
    public void Write_from_an_enrolled_connection_is_served(int ch)
    {
        var r = new Rig();
        r.Enrol(Conn);
        byte err = r.Write(ch, Conn, ValidValue(ch));
        // The log request reaches the codec: with no finished session it answers Request Rejected (not 0x08).
        Assert.Equal(ch == GattOperations.LogRequest ? AttError.RequestRejected : AttError.None, err);
    }

    [Theory]
    [MemberData(nameof(GatedWrites))]
    public void Write_after_unlocking_with_a_stored_key_on_a_new_connection_is_served_and_a_wrong_key_is_refused(int ch)
    {
        var r = new Rig();
        byte[] key = r.Enrol(Conn);
        r.Ops.Disconnected(Conn);
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(ch, Conn, ValidValue(ch)));
        var wrong = (byte[])key.Clone(); wrong[15] ^= 1;
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(GattOperations.Unlock, Other, wrong));
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(ch, Other, ValidValue(ch)));
        Assert.Equal(AttError.None, r.Write(GattOperations.Unlock, Other, key));
        Assert.NotEqual(AttError.InsufficientAuthorization, r.Write(ch, Other, ValidValue(ch)));
    }

    [Theory]
    [MemberData(nameof(GatedWrites))]
    public void Forget_all_clients_revokes_every_unlock_and_every_key(int ch)
    {
        var r = new Rig();
        byte[] key = r.Enrol(Conn);
        Assert.Equal(1, r.C.Clients.Count);
        r.LongHold();                 // opens the window again
        r.LongHold();                 // a second hold inside it: forget all clients
        Assert.False(r.C.PairingWindowOpen);
        Assert.True(r.C.TakeForgetClientsRequest());
        Assert.False(r.C.TakeForgetClientsRequest());
        Assert.Equal(0, r.C.Clients.Count);
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(ch, Conn, ValidValue(ch)));
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(GattOperations.Unlock, Conn, key));
        // and after a restart on the same storage too
        var again = new Rig(r.Storage);
        Assert.Equal(0, again.C.Clients.Count);
        Assert.Equal(AttError.InsufficientAuthorization, again.Write(GattOperations.Unlock, Conn, key));
    }

    [Fact]
    public void Keys_survive_a_restart_and_unlock_the_new_controller()
    {
        var r = new Rig();
        byte[] key = r.Enrol(Conn);
        var rebooted = new Rig(r.Storage);
        Assert.Equal(1, rebooted.C.Clients.Count);
        Assert.Equal(AttError.None, rebooted.Write(GattOperations.Unlock, Conn, key));
        Assert.Equal(AttError.None, rebooted.Write(GattOperations.Preset, Conn, ValidValue(GattOperations.Preset)));
    }

    [Fact]
    public void Access_key_is_readable_only_inside_the_window_and_closes_it()
    {
        var r = new Rig();
        Assert.Equal(AttError.InsufficientAuthorization, r.Read(GattOperations.AccessKey, Conn, out _));
        Assert.Equal(0, r.C.Clients.Count);
        byte[] k1 = r.Enrol(Conn);
        Assert.False(r.C.PairingWindowOpen);   // one hold admits one client
        Assert.Equal(AttError.InsufficientAuthorization, r.Read(GattOperations.AccessKey, Other, out _));
        byte[] k2 = r.Enrol(Other);
        Assert.NotEqual(k1, k2);
        Assert.Equal(2, r.C.Clients.Count);
    }

    [Fact]
    public void Window_that_times_out_issues_no_key()
    {
        var r = new Rig();
        r.LongHold();
        r.Tick(GattProfile.PairingWindowMs);
        Assert.Equal(AttError.InsufficientAuthorization, r.Read(GattOperations.AccessKey, Conn, out _));
    }

    [Fact]
    public void At_most_the_bond_limit_of_keys_are_issued()
    {
        var r = new Rig();
        for (int i = 0; i < GattProfile.MaxBonds; i++) r.Enrol(100 + i);
        r.LongHold();
        Assert.Equal(AttError.RequestRejected, r.Read(GattOperations.AccessKey, 200, out _));
        Assert.Equal(GattProfile.MaxBonds, r.C.Clients.Count);
        Assert.Equal(ClientKeyStore.MaxKeys, GattProfile.MaxBonds);
    }

    [Fact]
    public void Host_without_key_storage_refuses_enrolment_with_store_failed()
    {
        var r = new Rig(new RamStorage(new[] { 64, 64, Bedside.Core.Session.SessionLog.MaxSerializedSize }));
        r.LongHold();
        Assert.Equal(AttError.StoreFailed, r.Read(GattOperations.AccessKey, Conn, out _));
        Assert.Equal(0, r.C.Clients.Count);
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(GattOperations.Preset, Conn, ValidValue(GattOperations.Preset)));
    }

    [Fact]
    public void Unlock_expires_after_the_idle_time_and_is_kept_alive_by_use()
    {
        var r = new Rig();
        r.Enrol(Conn);
        r.Now += GattOperations.UnlockIdleMs - 1000;
        Assert.Equal(AttError.None, r.Write(GattOperations.Preset, Conn, ValidValue(GattOperations.Preset)));
        r.Now += GattOperations.UnlockIdleMs - 1000;
        Assert.True(r.Ops.IsUnlocked(Conn, r.Now));
        r.Now += 2000;
        Assert.False(r.Ops.IsUnlocked(Conn, r.Now));
        Assert.Equal(AttError.InsufficientAuthorization, r.Write(GattOperations.Preset, Conn, ValidValue(GattOperations.Preset)));
    }

    [Fact]
    public void Log_data_reads_need_an_unlock_reads_of_preset_settings_status_info_do_not()
    {
        var r = new Rig();
        Assert.Equal(AttError.InsufficientAuthorization, r.Read(GattOperations.LogData, Conn, out _));
        Assert.Equal(AttError.None, r.Read(GattOperations.Preset, Conn, out byte[] p));
        Assert.Equal(9, p.Length);
        Assert.Equal(AttError.None, r.Read(GattOperations.Settings, Conn, out byte[] s));
        Assert.Equal(7, s.Length);
        Assert.Equal(AttError.None, r.Read(GattOperations.Status, Conn, out byte[] st));
        Assert.Equal(12, st.Length);
        Assert.Equal(AttError.None, r.Read(GattOperations.DeviceInformation, Conn, out byte[] info));
        Assert.Equal(GattProfile.ProtocolVersion, info[0]);
        Assert.Equal(0, info[9] & DeviceInfo.FlagUnlocked);
        r.Enrol(Conn);
        Assert.Equal(AttError.None, r.Read(GattOperations.LogData, Conn, out _));
        r.Read(GattOperations.DeviceInformation, Conn, out info);
        Assert.Equal(DeviceInfo.FlagUnlocked, info[9] & DeviceInfo.FlagUnlocked);
        Assert.Equal(1, info[7]); // no stack bonds reported by this host: the key count
    }

    [Fact]
    public void Wrong_operations_give_the_att_errors_of_the_profile()
    {
        var r = new Rig();
        Assert.Equal(AttError.WriteNotPermitted, r.Write(GattOperations.Status, Conn, new byte[12]));
        Assert.Equal(AttError.WriteNotPermitted, r.Write(GattOperations.AccessKey, Conn, new byte[16]));
        Assert.Equal(AttError.ReadNotPermitted, r.Read(GattOperations.Unlock, Conn, out _));
        Assert.Equal(AttError.ReadNotPermitted, r.Read(GattOperations.LogRequest, Conn, out _));
        Assert.Equal(AttError.AttributeNotFound, r.Read(99, Conn, out _));
        Assert.Equal(AttError.InvalidAttributeValueLength, r.Write(GattOperations.Unlock, Conn, new byte[15]));
        Assert.Equal(AttError.InvalidOffset, r.Ops.Write(GattOperations.Unlock, Conn, r.Now, new byte[16], 16, 1));
        // An enrolled connection still gets the codec's own range errors, and nothing changes.
        r.Enrol(Conn);
        var before = r.Snapshot();
        var bad = ValidValue(GattOperations.Preset); bad[0] = 3;
        Assert.Equal(AttError.OutOfRange, r.Write(GattOperations.Preset, Conn, bad));
        Assert.Equal(AttError.InvalidAttributeValueLength, r.Write(GattOperations.Settings, Conn, new byte[6]));
        Assert.Equal(before, r.Snapshot());
    }

    [Fact]
    public void Status_read_and_notification_carry_the_published_value()
    {
        var r = new Rig();
        var enc = new byte[LiveStatus.WireSize];
        LiveStatus.Encode(enc, 0, 3, 1, 6500, 12000, 30000, 5800, -2400, 1, 1);
        r.Ops.PublishStatus(enc);
        r.Read(GattOperations.Status, Conn, out byte[] got);
        Assert.Equal(enc, got);
        var n = new byte[GattOperations.MaxValueBytes];
        Assert.Equal(12, r.Ops.CopyStatus(n));
        Assert.Equal(enc, n[..12]);
    }

    [Fact]
    public void Key_store_record_is_power_safe_old_or_new()
    {
        var storage = RamStorage.CreateDefault();
        var keys = new ClientKeyStore(storage);
        var k = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        Assert.Equal(0, keys.Add(k, 0));
        // Corrupt the newest slot: the older (empty) record or the newer must load, never garbage.
        var slot = new byte[ClientKeyStore.SlotSize];
        storage.Read(StorageRegion.ClientKeysA, 0, slot, 0, slot.Length);
        slot[20] ^= 0xFF;
        storage.Write(StorageRegion.ClientKeysA, 0, slot, 0, slot.Length);
        var reloaded = new ClientKeyStore(storage);
        Assert.Equal(0, reloaded.Count);
        Assert.Equal(-1, reloaded.Find(k, 0));
    }
}
