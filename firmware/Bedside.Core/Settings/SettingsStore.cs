using Bedside.Core.Ports;

namespace Bedside.Core.Settings
{
    /// <summary>Where the settings in use came from.</summary>
    public enum SettingsSource : byte
    {
        /// <summary>Neither slot held a valid record: factory defaults are in use (the session log flags it).</summary>
        FactoryDefaults = 0,
        SlotA = 1,
        SlotB = 2,
    }

    /// <summary>
    /// Power-safe settings: two slots (StorageRegion.SettingsA/B) written alternately. Each slot holds
    /// one 32-byte record: magic "BS", format version, payload length, sequence number (uint32 LE),
    /// payload (18 bytes), 2 reserved bytes, CRC-32 of bytes 0..27 (LE). Load takes the valid slot with the
    /// newer sequence number (serial-number arithmetic, so wrap-around is fine); a slot is valid only when
    /// magic, version, length, CRC and every field range check pass. Save always writes the slot NOT holding
    /// the newest record (erase, payload, CRC last), so a power cut at any byte leaves the old record intact
    /// and the new one either complete or rejected by its CRC: old-or-new, never corrupt.
    /// Payload: cap i16, default level i16, stored level i16, timer minutes u16, default program u8, preset 9 bytes.
    /// </summary>
    public sealed class SettingsStore
    {
        public const int SlotSize = 32;
        public const byte FormatVersion = 1;
        private const int PayloadLength = 18;
        private const int CrcOffset = 28;

        private readonly IStorage _storage;
        private readonly byte[] _buf = new byte[SlotSize];
        private readonly byte[] _check = new byte[SlotSize];
        private readonly DeviceSettings _scratch = new DeviceSettings();
        private readonly Bedside.Core.Composer.Preset _presetScratch = new Bedside.Core.Composer.Preset();
        private int _newestRegion = -1;
        private uint _newestSeq;
        private SettingsSource _source = SettingsSource.FactoryDefaults;

        public SettingsStore(IStorage storage) { _storage = storage; }

        /// <summary>Source of the last Load (FactoryDefaults when both slots were bad or empty).</summary>
        public SettingsSource Source { get { return _source; } }

        /// <summary>Sequence number of the newest valid record (0 when none).</summary>
        public uint Sequence { get { return _newestSeq; } }

        /// <summary>Loads the newest valid slot into dst; both bad → factory defaults. Never throws on bad data.</summary>
        public SettingsSource Load(DeviceSettings dst)
        {
            uint seqA, seqB;
            bool okA = TryReadSlot(StorageRegion.SettingsA, _scratch, out seqA);
            bool okB = false;
            if (okA) dst.CopyFrom(_scratch);
            if (TryReadSlot(StorageRegion.SettingsB, _scratch, out seqB))
            {
                okB = true;
                if (!okA || (int)(seqB - seqA) > 0) dst.CopyFrom(_scratch);
            }
            if (okA && (!okB || (int)(seqA - seqB) > 0)) { _newestRegion = StorageRegion.SettingsA; _newestSeq = seqA; _source = SettingsSource.SlotA; }
            else if (okB) { _newestRegion = StorageRegion.SettingsB; _newestSeq = seqB; _source = SettingsSource.SlotB; }
            else
            {
                dst.SetFactoryDefaults();
                _newestRegion = -1; _newestSeq = 0; _source = SettingsSource.FactoryDefaults;
            }
            return _source;
        }

        /// <summary>
        /// Writes s to the older slot with the next sequence number. Returns null on success, otherwise the reason
        /// (invalid settings are refused and nothing is written; a storage error leaves the previous record in force).
        /// The answer always matches what the next Load (a reboot) will find: when a step fails after the slot was
        /// touched (a write error, or a read-back that does not match, as a flaky read gives even when the slot is
        /// complete), the slot is erased again so the previous record stays the newest; only if that erase fails
        /// and the slot still reads back as exactly the new record is the save reported as done, because a reboot
        /// would load it.
        /// </summary>
        public string Save(DeviceSettings s)
        {
            string why = s.Validate();
            if (why != null) return why;
            int target = _newestRegion == StorageRegion.SettingsA ? StorageRegion.SettingsB : StorageRegion.SettingsA;
            if (_storage.RegionSize(target) < SlotSize) return "settings region too small";
            uint seq = _newestSeq + 1;
            Encode(s, seq, _buf);
            if (!_storage.Erase(target)) why = "erase failed";
            else if (!_storage.Write(target, 0, _buf, 0, CrcOffset)) why = "write failed";
            else if (!_storage.Write(target, CrcOffset, _buf, CrcOffset, SlotSize - CrcOffset)) why = "write failed";
            else if (_storage.Read(target, 0, _check, 0, SlotSize) != SlotSize) why = "read-back failed";
            else
            {
                for (int i = 0; i < SlotSize; i++) if (_check[i] != _buf[i]) { why = "read-back mismatch"; break; }
            }
            if (why != null)
            {
                // Undo: the refused record must not become the newest on the next boot.
                if (_storage.Erase(target)) return why;
                uint got;
                if (!TryReadSlot(target, _scratch, out got) || got != seq || !_scratch.SameAs(s)) return why;
                // The slot cannot be erased and holds the complete new record: a reboot loads it, so it is in force.
            }
            _newestRegion = target; _newestSeq = seq;
            _source = target == StorageRegion.SettingsA ? SettingsSource.SlotA : SettingsSource.SlotB;
            return null;
        }

        /// <summary>Serialises s with sequence seq into dst[0..SlotSize). Public so tests and BLE tools can build records.</summary>
        public static void Encode(DeviceSettings s, uint seq, byte[] dst)
        {
            dst[0] = (byte)'B'; dst[1] = (byte)'S'; dst[2] = FormatVersion; dst[3] = PayloadLength;
            PutU32(dst, 4, seq);
            PutU16(dst, 8, s.LevelCapCentiDb);
            PutU16(dst, 10, s.DefaultLevelCentiDb);
            PutU16(dst, 12, s.StoredLevelCentiDb);
            PutU16(dst, 14, s.SleepTimerMinutes);
            dst[16] = (byte)s.DefaultProgram;
            s.Preset.WriteTo(dst, 17);
            dst[26] = 0; dst[27] = 0;
            PutU32(dst, CrcOffset, Crc32.Compute(dst, 0, CrcOffset));
        }

        private bool TryReadSlot(int region, DeviceSettings dst, out uint seq)
        {
            seq = 0;
            if (_storage.RegionSize(region) < SlotSize) return false;
            if (_storage.Read(region, 0, _buf, 0, SlotSize) != SlotSize) return false;
            byte[] b = _buf;
            if (b[0] != (byte)'B' || b[1] != (byte)'S' || b[2] != FormatVersion || b[3] != PayloadLength) return false;
            if (GetU32(b, CrcOffset) != Crc32.Compute(b, 0, CrcOffset)) return false;
            seq = GetU32(b, 4);
            dst.LevelCapCentiDb = (short)(b[8] | (b[9] << 8));
            dst.DefaultLevelCentiDb = (short)(b[10] | (b[11] << 8));
            dst.StoredLevelCentiDb = (short)(b[12] | (b[13] << 8));
            dst.SleepTimerMinutes = b[14] | (b[15] << 8);
            dst.DefaultProgram = (ProgramKind)b[16];
            if (dst.Preset.TryReadFrom(b, 17, Bedside.Core.Composer.Preset.WireSize, _presetScratch) != null) return false;
            return dst.Validate() == null;
        }

        private static void PutU16(byte[] d, int o, int v) { d[o] = (byte)v; d[o + 1] = (byte)(v >> 8); }
        private static void PutU32(byte[] d, int o, uint v) { d[o] = (byte)v; d[o + 1] = (byte)(v >> 8); d[o + 2] = (byte)(v >> 16); d[o + 3] = (byte)(v >> 24); }
        private static uint GetU32(byte[] d, int o) { return (uint)(d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)); }
    }
}
