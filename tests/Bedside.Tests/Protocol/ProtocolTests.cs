using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Protocol;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Protocol;

public class ProtocolTests
{
    private static byte[] PresetBytes(Preset p) { var b = new byte[Preset.WireSize]; p.WriteTo(b, 0); return b; }
    private static byte[] Snapshot(BedsideProtocol proto) { var b = new byte[16]; int n = proto.ReadPreset(b); return b[..n]; }

    [Fact]
    public void Valid_preset_write_is_applied_and_read_back()
    {
        var proto = new BedsideProtocol();
        var p = new Preset { Mood = Mood.Luminous, KeyRootSemitone = 7, TempoMinCentiBpm = 5000, TempoMaxCentiBpm = 6500, InstrumentSet = Instruments.Bell, NoiseLevelPercent = 10 };
        Assert.Equal(AttError.None, proto.WritePreset(PresetBytes(p), 9, 0));
        Assert.Equal(1, proto.PresetVersion);
        Assert.Equal(PresetBytes(p), Snapshot(proto));
        var got = new Preset(); proto.CopyPresetTo(got);
        Assert.Equal(6500, got.TempoMaxCentiBpm);
    }

    [Theory]
    [InlineData(8, 0, AttError.InvalidAttributeValueLength)]
    [InlineData(10, 0, AttError.InvalidAttributeValueLength)]
    [InlineData(0, 0, AttError.InvalidAttributeValueLength)]
    [InlineData(9, 1, AttError.InvalidOffset)]
    public void Preset_write_with_bad_length_or_offset_is_rejected_without_change(int count, int attOffset, byte expected)
    {
        var proto = new BedsideProtocol();
        var before = Snapshot(proto);
        var buf = new byte[16];
        new Preset { Mood = Mood.Neutral }.WriteTo(buf, 0);
        Assert.Equal(expected, proto.WritePreset(buf, count, attOffset));
        Assert.Equal(before, Snapshot(proto));
        Assert.Equal(0, proto.PresetVersion);
    }

    [Theory]
    [InlineData(0, 3)]      // mood 3
    [InlineData(1, 12)]     // key root 12
    [InlineData(6, 0)]      // no instruments
    [InlineData(6, 0x20)]   // unknown instrument bit
    [InlineData(7, 4)]      // noise colour 4
    [InlineData(8, 101)]    // noise level 101 %
    public void Preset_field_out_of_range_gives_0xFF_and_no_change(int index, int value)
    {
        var proto = new BedsideProtocol();
        var before = Snapshot(proto);
        var b = PresetBytes(new Preset());
        b[index] = (byte)value;
        Assert.Equal(AttError.OutOfRange, proto.WritePreset(b, 9, 0));
        Assert.Equal(before, Snapshot(proto));
    }

    [Fact]
    public void Preset_tempo_max_below_min_is_rejected()
    {
        var proto = new BedsideProtocol();
        var b = PresetBytes(new Preset { TempoMinCentiBpm = 7000, TempoMaxCentiBpm = 6000 });
        Assert.Equal(AttError.OutOfRange, proto.WritePreset(b, 9, 0));
    }

    [Fact]
    public void Random_bytes_never_throw_and_are_applied_only_when_valid()
    {
        // 2000 cases: each length 0..12 about 150 times, the one valid length (9) with about 150 random presets.
        Property.Check(Gen.Byte.Array[0, 12], bytes =>
        {
            var proto = new BedsideProtocol();
            var before = Snapshot(proto);
            byte r = proto.WritePreset(bytes, bytes.Length, 0);
            var scratch = new Preset(); var target = new Preset();
            bool valid = bytes.Length == 9 && target.TryReadFrom(bytes, 0, 9, scratch) == null;
            Assert.Equal(valid, r == AttError.None);
            Assert.Equal(valid ? bytes : before, Snapshot(proto));

            var s = new BedsideProtocol();
            var sb = new byte[8]; int n0 = s.ReadSettings(sb);
            byte rs = s.WriteSettings(bytes, bytes.Length, 0);
            var sa = new byte[8]; s.ReadSettings(sa);
            if (rs != AttError.None) Assert.Equal(sb, sa);
            else Assert.Equal(bytes, sa[..n0]);
        }, cases: 2000);
    }

    [Fact]
    public void Settings_round_trip_and_ranges()
    {
        var p = new SettingsPatch { LevelCapCentiDb = -2700, DefaultLevelCentiDb = -3300, SleepTimerMinutes = 90, DefaultProgram = ProgramKind.Pain };
        var b = new byte[7]; p.WriteTo(b, 0);
        var proto = new BedsideProtocol();
        Assert.Equal(AttError.None, proto.WriteSettings(b, 7, 0));
        var got = new SettingsPatch(); proto.CopySettingsTo(got);
        Assert.Equal(-2700, got.LevelCapCentiDb);
        Assert.Equal(-3300, got.DefaultLevelCentiDb);
        Assert.Equal(90, got.SleepTimerMinutes);
        Assert.Equal(ProgramKind.Pain, got.DefaultProgram);

        Assert.NotNull(new SettingsPatch { SleepTimerMinutes = 0 }.Validate()); // the timer is always on (DeviceSettings)
        Assert.NotNull(new SettingsPatch { SleepTimerMinutes = 9 }.Validate());
        Assert.Null(new SettingsPatch { SleepTimerMinutes = 10 }.Validate());
        Assert.NotNull(new SettingsPatch { SleepTimerMinutes = 241 }.Validate());
        Assert.NotNull(new SettingsPatch { LevelCapCentiDb = 1 }.Validate());
        Assert.NotNull(new SettingsPatch { LevelCapCentiDb = -2699 }.Validate()); // above the factory maximum
        Assert.NotNull(new SettingsPatch { LevelCapCentiDb = -6001 }.Validate());
        Assert.NotNull(new SettingsPatch { LevelCapCentiDb = -3000, DefaultLevelCentiDb = -2700 }.Validate()); // default above cap
        Assert.NotNull(new SettingsPatch { DefaultLevelCentiDb = -6001 }.Validate());
        Assert.NotNull(new SettingsPatch { DefaultProgram = (ProgramKind)4 }.Validate());

        // negative int16 on the wire decodes as negative
        var w = new byte[7]; new SettingsPatch { LevelCapCentiDb = -4000, DefaultLevelCentiDb = -6000 }.WriteTo(w, 0);
        Assert.Equal(0x60, w[0]); Assert.Equal(0xF0, w[1]); // -4000 = 0xF060
        Assert.Equal(AttError.None, new BedsideProtocol().WriteSettings(w, 7, 0));
        Assert.Equal(AttError.InvalidOffset, new BedsideProtocol().WriteSettings(w, 7, 2));
        Assert.Equal(AttError.InvalidAttributeValueLength, new BedsideProtocol().WriteSettings(w, 6, 0));
    }

    [Fact]
    public void Live_status_layout_and_clamps()
    {
        var b = new byte[12];
        LiveStatus.Encode(b, 0, state: 2, program: 1, heartRateCentiBpm: 6250, arousalQ15: 12000, confidenceQ15: 20000,
            tempoCentiBpm: 6400, levelCentiDb: -2350, pulseStatus: 2, edaStatus: 3);
        Assert.Equal(new byte[] { 2, 1, 0x6A, 0x18, 0xE0, 0x2E, 0x00, 0x19, 0xD2, 0xF6, 2, 3 }, b);

        LiveStatus.Encode(b, 0, 0, 0, -5, 40000, 100, 70000, 500, 0, 0);
        Assert.Equal(0, b[2] | b[3] << 8);            // HR clamped to 0
        Assert.Equal(0xFFFF, b[4] | b[5] << 8);       // arousal out of range -> unknown
        Assert.Equal(65535, b[6] | b[7] << 8);
        Assert.Equal(0, (short)(b[8] | b[9] << 8));   // level clamped to 0 dB
        LiveStatus.Encode(b, 0, 0, 0, 0, 100, 0, 0, -20000, 0, 0);
        Assert.Equal(0xFFFF, b[4] | b[5] << 8);       // no confidence -> unknown
        Assert.Equal(-9600, (short)(b[8] | b[9] << 8));
    }

    [Fact]
    public void Device_info_layout()
    {
        var b = new byte[10];
        DeviceInfo.Encode(b, 0, 1, 2, 3, 4, 1, 2, 300, DeviceInfo.FlagPairingOpen | DeviceInfo.FlagEdaUnavailable);
        Assert.Equal(new byte[] { GattProfile.ProtocolVersion, 1, 2, 3, 4, 1, 2, 255, 4, 5 }, b);
    }

    [Fact]
    public void Log_download_in_chunks_reassembles_the_image_and_crc_matches()
    {
        var image = new byte[1000];
        new Random(3).NextBytes(image);
        int len = 777;
        var proto = new BedsideProtocol();
        var req = new byte[] { 0, 0, 0, 0, 160, 0 };
        Assert.Equal(AttError.None, proto.WriteLogRequest(req, 6, 0, image, len));
        var dst = new byte[LogChunker.MaxReadBytes];
        var got = new List<byte>();
        uint crc = 0; int total = -1;
        while (true)
        {
            int n = proto.ReadLogChunk(image, len, dst);
            Assert.True(n >= LogChunker.HeaderBytes);
            int off = BitConverter.ToInt32(dst, 0);
            int cnt = BitConverter.ToUInt16(dst, 4);
            total = BitConverter.ToInt32(dst, 6);
            crc = BitConverter.ToUInt32(dst, 10);
            Assert.Equal(got.Count, off);
            Assert.Equal(LogChunker.HeaderBytes + cnt, n);
            if (cnt == 0) break;
            Assert.True(cnt <= 160);
            got.AddRange(dst.AsSpan(LogChunker.HeaderBytes, cnt).ToArray());
        }
        Assert.Equal(len, total);
        Assert.Equal(image[..len], got.ToArray());
        Assert.Equal(Crc32.Compute(image, 0, len), crc);
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8.ToArray(), 0, 9)); // zlib crc32, as the client computes it
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0 }, 0, AttError.OutOfRange)]        // length 0
    [InlineData(new byte[] { 0, 0, 0, 0, 161, 0 }, 0, AttError.OutOfRange)]      // length 161
    [InlineData(new byte[] { 0x0A, 0x01, 0, 0, 16, 0 }, 0, AttError.OutOfRange)] // offset 266 > 265
    [InlineData(new byte[] { 0, 0, 0, 0x80, 16, 0 }, 0, AttError.OutOfRange)]    // offset 2^31: no sign trouble
    [InlineData(new byte[] { 0, 0, 0, 0, 16 }, 0, AttError.InvalidAttributeValueLength)]
    [InlineData(new byte[] { 0, 0, 0, 0, 16, 0 }, 3, AttError.InvalidOffset)]
    public void Bad_log_requests_are_rejected_and_leave_the_cursor(byte[] req, int attOffset, byte expected)
    {
        var image = new byte[265];
        var proto = new BedsideProtocol();
        Assert.Equal(AttError.None, proto.WriteLogRequest(new byte[] { 100, 0, 0, 0, 10, 0 }, 6, 0, image, 265));
        Assert.Equal(expected, proto.WriteLogRequest(req, req.Length, attOffset, image, 265));
        var dst = new byte[LogChunker.MaxReadBytes];
        proto.ReadLogChunk(image, 265, dst);
        Assert.Equal(100, BitConverter.ToInt32(dst, 0));
        Assert.Equal(10, BitConverter.ToUInt16(dst, 4));
    }

    [Fact]
    public void Log_read_without_request_or_past_a_shrunk_image_returns_no_data()
    {
        var image = new byte[50];
        var proto = new BedsideProtocol();
        var dst = new byte[LogChunker.MaxReadBytes];
        Assert.Equal(LogChunker.HeaderBytes, proto.ReadLogChunk(image, 50, dst));
        Assert.Equal(AttError.None, proto.WriteLogRequest(new byte[] { 40, 0, 0, 0, 160, 0 }, 6, 0, image, 50));
        Assert.Equal(LogChunker.HeaderBytes, proto.ReadLogChunk(image, 30, dst)); // image shrank below the cursor
        Assert.Equal(LogChunker.HeaderBytes, proto.ReadLogChunk(image, 50, new byte[LogChunker.HeaderBytes])); // no room for data
        Assert.Equal(0, proto.ReadLogChunk(image, 50, new byte[5]));
    }

    [Fact]
    public void Pairing_window_lasts_60_s_and_respects_the_bond_limit()
    {
        var w = new PairingWindow();
        Assert.False(w.MayBond(0, 0));
        w.Open(1000);
        Assert.True(w.MayBond(1000, 0));
        Assert.True(w.MayBond(60999, GattProfile.MaxBonds - 1));
        Assert.False(w.MayBond(30000, GattProfile.MaxBonds));
        Assert.Equal(30000, w.RemainingMs(31000));
        Assert.False(w.IsOpen(61000));
        Assert.False(w.MayBond(61000, 0));
        w.Open(100000); w.Close();
        Assert.False(w.IsOpen(100001));
    }
}
