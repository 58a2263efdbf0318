using Bedside.Core.Ports;

namespace Bedside.Core.Settings
{
    /// <summary>
    /// The access keys of the enrolled therapist clients (at most MaxKeys = the bond limit, KeyBytes each), kept in
    /// RAM and saved power-safe in their own record, separate from the settings record: two slots
    /// (StorageRegion.ClientKeysA/B) written alternately like SettingsStore. Slot layout (SlotSize bytes): magic "BK",
    /// format version, key count 0..MaxKeys, sequence number u32 LE, MaxKeys x KeyBytes key bytes (unused keys
    /// zero), 4 reserved bytes, CRC-32 of bytes 0..75 (LE). Load takes the valid slot with the newer sequence
    /// number; none valid (or no key regions on this host) = no keys. Every change is saved before it takes effect:
    /// a failed save leaves the keys as they were. Allocation only in the constructor.
    /// </summary>
    public sealed class ClientKeyStore
    {
        public const int KeyBytes = 16;
        public const int MaxKeys = 4;
        public const int SlotSize = 80;
        public const byte FormatVersion = 1;
        private const int KeysOffset = 8;
        private const int CrcOffset = 76;

        private readonly IStorage _storage;
        private readonly byte[] _keys = new byte[MaxKeys * KeyBytes];
        private readonly byte[] _buf = new byte[SlotSize];
        private readonly byte[] _check = new byte[SlotSize];
        private int _count;
        private int _generation;
        private int _newestRegion = -1;
        private uint _newestSeq;

        /// <summary>Binds the store to storage and loads the newest valid record (no keys when none).</summary>
        public ClientKeyStore(IStorage storage)
        {
            _storage = storage;
            Load();
        }

        /// <summary>Keys stored, 0..MaxKeys.</summary>
        public int Count { get { return _count; } }

        /// <summary>Incremented whenever every key is forgotten: an unlock made before then no longer counts.</summary>
        public int Generation { get { return _generation; } }

        /// <summary>Copies key index (0..Count-1) into dst[offset..offset+KeyBytes).</summary>
        public void CopyKey(int index, byte[] dst, int offset)
        {
            if (index < 0 || index >= _count) return;
            System.Array.Copy(_keys, index * KeyBytes, dst, offset, KeyBytes);
        }

        /// <summary>
        /// Index of the stored key equal to key[offset..offset+KeyBytes), or -1. Every stored key is compared in
        /// full (no early exit), so the answer time does not depend on how many bytes matched.
        /// </summary>
        public int Find(byte[] key, int offset)
        {
            int found = -1;
            for (int k = 0; k < _count; k++)
            {
                int diff = 0;
                int b = k * KeyBytes;
                for (int i = 0; i < KeyBytes; i++) diff |= _keys[b + i] ^ key[offset + i];
                if (diff == 0 && found < 0) found = k;
            }
            return found;
        }

        /// <summary>
        /// Adds key[offset..offset+KeyBytes) and saves. Returns its index, -1 when MaxKeys are stored, -2 when the save
        /// failed (keys unchanged).
        /// </summary>
        public int Add(byte[] key, int offset)
        {
            if (_count >= MaxKeys) return -1;
            System.Array.Copy(key, offset, _keys, _count * KeyBytes, KeyBytes);
            if (!Save(_count + 1))
            {
                for (int i = 0; i < KeyBytes; i++) _keys[_count * KeyBytes + i] = 0;
                return -2;
            }
            _count++;
            return _count - 1;
        }

        /// <summary>Forgets every key: RAM cleared at once (no client stays enrolled even if the save fails); true when saved.</summary>
        public bool ForgetAll()
        {
            for (int i = 0; i < _keys.Length; i++) _keys[i] = 0;
            _count = 0;
            _generation++;
            return Save(0);
        }

        private void Load()
        {
            uint seqA, seqB;
            int countA, countB;
            bool okA = TryReadSlot(StorageRegion.ClientKeysA, out seqA, out countA);
            if (okA) System.Array.Copy(_buf, KeysOffset, _keys, 0, _keys.Length);
            bool okB = TryReadSlot(StorageRegion.ClientKeysB, out seqB, out countB);
            if (okB && (!okA || (int)(seqB - seqA) > 0))
            {
                System.Array.Copy(_buf, KeysOffset, _keys, 0, _keys.Length);
                _newestRegion = StorageRegion.ClientKeysB; _newestSeq = seqB; _count = countB;
            }
            else if (okA) { _newestRegion = StorageRegion.ClientKeysA; _newestSeq = seqA; _count = countA; }
            else { _newestRegion = -1; _newestSeq = 0; _count = 0; for (int i = 0; i < _keys.Length; i++) _keys[i] = 0; }
        }

        private bool Save(int count)
        {
            if (_storage == null) return false;
            int target = _newestRegion == StorageRegion.ClientKeysA ? StorageRegion.ClientKeysB : StorageRegion.ClientKeysA;
            if (_storage.RegionSize(target) < SlotSize) return false;
            uint seq = _newestSeq + 1;
            byte[] d = _buf;
            d[0] = (byte)'B'; d[1] = (byte)'K'; d[2] = FormatVersion; d[3] = (byte)count;
            d[4] = (byte)seq; d[5] = (byte)(seq >> 8); d[6] = (byte)(seq >> 16); d[7] = (byte)(seq >> 24);
            for (int i = 0; i < MaxKeys * KeyBytes; i++) d[KeysOffset + i] = i < count * KeyBytes ? _keys[i] : (byte)0;
            d[72] = 0; d[73] = 0; d[74] = 0; d[75] = 0;
            uint crc = Crc32.Compute(d, 0, CrcOffset);
            d[76] = (byte)crc; d[77] = (byte)(crc >> 8); d[78] = (byte)(crc >> 16); d[79] = (byte)(crc >> 24);
            if (!_storage.Erase(target)) return false;
            if (!_storage.Write(target, 0, d, 0, CrcOffset)) return false;
            if (!_storage.Write(target, CrcOffset, d, CrcOffset, SlotSize - CrcOffset)) return false;
            if (_storage.Read(target, 0, _check, 0, SlotSize) != SlotSize) return false;
            for (int i = 0; i < SlotSize; i++) if (_check[i] != d[i]) return false;
            _newestRegion = target; _newestSeq = seq;
            return true;
        }

        private bool TryReadSlot(int region, out uint seq, out int count)
        {
            seq = 0; count = 0;
            if (_storage == null || _storage.RegionSize(region) < SlotSize) return false;
            if (_storage.Read(region, 0, _buf, 0, SlotSize) != SlotSize) return false;
            byte[] b = _buf;
            if (b[0] != (byte)'B' || b[1] != (byte)'K' || b[2] != FormatVersion || b[3] > MaxKeys) return false;
            uint crc = (uint)(b[76] | (b[77] << 8) | (b[78] << 16) | (b[79] << 24));
            if (crc != Crc32.Compute(b, 0, CrcOffset)) return false;
            seq = (uint)(b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24));
            count = b[3];
            return true;
        }
    }
}
