using Bedside.Core.Ports;

namespace Bedside.Core.Session
{
    /// <summary>
    /// The saved copies of the session log: two slots (StorageRegion.SessionLog and SessionLogB) written
    /// alternately, so a power cut during a save costs at most that save, never the previous one.
    ///
    /// Slot layout (SlotSize bytes): the log image (SessionLogFormat, with its own CRC-32 trailer) at offset 0,
    /// then at MarkerOffset a 12-byte marker: sequence number u32, image length u32, CRC-32 of those 8 bytes
    /// (all little-endian). A slot is valid when its marker's CRC matches and the image it names passes every
    /// SessionLog.TryLoadFrom check; the valid slot with the newer sequence number (serial-number arithmetic)
    /// is the last saved log.
    ///
    /// Save writes the slot NOT holding the newest valid log, in three steps: zero the marker (the slot is
    /// invalid from here on), write the image, write the marker. A cut at any byte therefore leaves that slot
    /// invalid or complete, and the other slot untouched: after a reboot Load finds the new log or the one
    /// before it. The controller saves every ProgressSaveMinutes of a session and at its end, so a cut loses
    /// at most ProgressSaveMinutes of records plus the duration of one save.
    /// Allocation only in the constructor.
    /// </summary>
    public sealed class SessionLogStore
    {
        public const int MarkerSize = 12;
        /// <summary>Where the marker sits in a slot: right after the largest possible image.</summary>
        public const int MarkerOffset = SessionLog.MaxSerializedSize;
        /// <summary>Bytes a slot region needs (RamStorage.CreateDefault and the device files use this).</summary>
        public const int SlotSize = MarkerOffset + MarkerSize;

        private readonly IStorage _storage;
        private readonly byte[] _marker = new byte[MarkerSize];
        private int _newestRegion = -1;
        private uint _newestSeq;

        public SessionLogStore(IStorage storage) { _storage = storage; }

        /// <summary>Slot of the last saved log (StorageRegion.SessionLog or SessionLogB), -1 when none.</summary>
        public int NewestRegion { get { return _newestRegion; } }

        /// <summary>Sequence number of the last saved log (0 when none).</summary>
        public uint NewestSequence { get { return _newestSeq; } }

        /// <summary>
        /// Loads the last saved log into log (sealed, ready for download) and returns true; when neither slot
        /// holds a valid log, log is empty and false is returned. Never throws on bad data.
        /// </summary>
        public bool Load(SessionLog log)
        {
            uint seqA, seqB;
            int lenA, lenB;
            bool a = ReadMarker(StorageRegion.SessionLog, out seqA, out lenA);
            bool b = ReadMarker(StorageRegion.SessionLogB, out seqB, out lenB);
            _newestRegion = -1; _newestSeq = 0;
            // newest first; the other one if the newest's image is bad
            bool bFirst = b && (!a || (int)(seqB - seqA) > 0);
            if (bFirst)
            {
                if (log.TryLoadFrom(_storage, StorageRegion.SessionLogB, lenB)) { _newestRegion = StorageRegion.SessionLogB; _newestSeq = seqB; return true; }
                if (a && log.TryLoadFrom(_storage, StorageRegion.SessionLog, lenA)) { _newestRegion = StorageRegion.SessionLog; _newestSeq = seqA; return true; }
            }
            else
            {
                if (a && log.TryLoadFrom(_storage, StorageRegion.SessionLog, lenA)) { _newestRegion = StorageRegion.SessionLog; _newestSeq = seqA; return true; }
                if (b && log.TryLoadFrom(_storage, StorageRegion.SessionLogB, lenB)) { _newestRegion = StorageRegion.SessionLogB; _newestSeq = seqB; return true; }
            }
            log.Begin(0);
            return false;
        }

        /// <summary>
        /// Seals log and saves it to the slot not holding the last saved log. True when the image and its marker
        /// were written; false on any storage error (the previous saved log is still the one a reboot finds).
        /// </summary>
        public bool Save(SessionLog log)
        {
            if (log == null) return false;
            int target = _newestRegion == StorageRegion.SessionLog ? StorageRegion.SessionLogB : StorageRegion.SessionLog;
            if (_storage.RegionSize(target) < SlotSize) return false;
            for (int i = 0; i < MarkerSize; i++) _marker[i] = 0;
            if (!_storage.Write(target, MarkerOffset, _marker, 0, MarkerSize)) return false;
            if (!log.WriteImageTo(_storage, target)) return false;
            uint seq = _newestSeq + 1;
            int len = log.SerializedLength;
            PutU32(_marker, 0, seq);
            PutU32(_marker, 4, (uint)len);
            PutU32(_marker, 8, Crc32.Compute(_marker, 0, 8));
            if (!_storage.Write(target, MarkerOffset, _marker, 0, MarkerSize)) return false;
            _newestRegion = target; _newestSeq = seq;
            return true;
        }

        private bool ReadMarker(int region, out uint seq, out int len)
        {
            seq = 0; len = 0;
            if (_storage.RegionSize(region) < SlotSize) return false;
            if (_storage.Read(region, MarkerOffset, _marker, 0, MarkerSize) != MarkerSize) return false;
            if (GetU32(_marker, 8) != Crc32.Compute(_marker, 0, 8)) return false;
            seq = GetU32(_marker, 0);
            uint l = GetU32(_marker, 4);
            if (l > (uint)SessionLog.MaxSerializedSize) return false;
            len = (int)l;
            return true;
        }

        private static void PutU32(byte[] d, int o, uint v) { d[o] = (byte)v; d[o + 1] = (byte)(v >> 8); d[o + 2] = (byte)(v >> 16); d[o + 3] = (byte)(v >> 24); }
        private static uint GetU32(byte[] d, int o) { return (uint)(d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)); }
    }
}
