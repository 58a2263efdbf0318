using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;

namespace Bedside.Core.Session
{
    /// <summary>
    /// Per-minute session log in a fixed RAM ring of CapacityRecords (768 minutes = 12.8 h; 21.5 kB), written
    /// in the SessionLogFormat wire layout so nothing is converted at save time. Physiology is averaged over the
    /// ticks of each minute where it was valid. Allocation happens only in the constructor.
    /// Use: Begin → (AddTick, AddGesture, AddFlags)* per tick → CommitMinute each minute → Seal → SaveTo / CopySerialized.
    /// After a reboot, TryLoadFrom puts a saved image back (sealed, ready for download); SessionLogStore keeps
    /// the saved copies.
    /// </summary>
    public sealed class SessionLog
    {
        public const int CapacityRecords = 768;
        public const int MaxSerializedSize = SessionLogFormat.HeaderSize + CapacityRecords * SessionLogFormat.RecordSize + SessionLogFormat.TrailerSize;

        private readonly byte[] _ring = new byte[CapacityRecords * SessionLogFormat.RecordSize];
        private readonly byte[] _header = new byte[SessionLogFormat.HeaderSize];
        private readonly byte[] _trailer = new byte[SessionLogFormat.TrailerSize];
        private readonly byte[] _chunk = new byte[256];
        private readonly LogRecord _rec = new LogRecord();
        private int _head, _count, _dropped, _headerFlags, _sessionMinutes;
        private bool _sealed;

        // per-minute accumulators
        private long _hrSum, _rmssdSum, _sclSum, _scrSum, _arousalSum, _confSum, _qualSum;
        private int _hrN, _rmssdN, _sclN, _scrN, _ticks, _gestures, _flags;
        private byte _pulseStatus, _edaStatus;

        public int RecordCount { get { return _count; } }
        public int DroppedRecords { get { return _dropped; } }
        public int HeaderFlags { get { return _headerFlags; } }
        /// <summary>Flags accumulated for the minute in progress.</summary>
        public int PendingFlags { get { return _flags; } }
        public bool IsSealed { get { return _sealed; } }
        /// <summary>Bytes of the sealed serialized log (header + records + CRC).</summary>
        public int SerializedLength { get { return SessionLogFormat.HeaderSize + _count * SessionLogFormat.RecordSize + SessionLogFormat.TrailerSize; } }

        /// <summary>Clears the ring for a new session. headerFlags: LogHeaderFlags bits known at start.</summary>
        public void Begin(int headerFlags)
        {
            _head = 0; _count = 0; _dropped = 0; _headerFlags = headerFlags; _sessionMinutes = 0; _sealed = false;
            ClearMinute();
            _flags = 0;
        }

        /// <summary>Accumulates one control tick of physiology (null = nothing measured).</summary>
        public void AddTick(PhysioSnapshot p)
        {
            _ticks++;
            if (p == null) return;
            if (p.Pulse == PulseStatus.Ok && p.HeartRateCentiBpm > 0) { _hrSum += p.HeartRateCentiBpm; _hrN++; }
            if (p.RmssdMs > 0) { _rmssdSum += p.RmssdMs; _rmssdN++; }
            if (p.Eda == EdaStatus.Ok) { _sclSum += p.SclNanoSiemens; _sclN++; _scrSum += p.ScrPerMinuteCenti; _scrN++; }
            _arousalSum += Q15(p.ArousalQ15); _confSum += Q15(p.ConfidenceQ15);
            int q = p.PulseQuality; if (q < 0) q = 0; if (q > 100) q = 100;
            _qualSum += q;
            _pulseStatus = (byte)p.Pulse; _edaStatus = (byte)p.Eda;
        }

        public void AddGesture() { _gestures++; }

        /// <summary>ORs LogFlags bits into the minute in progress.</summary>
        public void AddFlags(int flags)
        {
            _flags |= flags & 0xFF;
            if ((flags & LogFlags.OpenLoop) != 0) _headerFlags |= LogHeaderFlags.OpenLoop;
            if ((flags & LogFlags.SettingsDefaulted) != 0) _headerFlags |= LogHeaderFlags.SettingsDefaulted;
        }

        /// <summary>ORs LogHeaderFlags bits into the header (applied at the next Seal).</summary>
        public void AddHeaderFlags(int headerFlags) { _headerFlags |= headerFlags & 0xFFFF; }

        /// <summary>Writes the record for the minute that just ended (minute = 1, 2, ...) and starts the next.
        /// The oldest record is dropped when the ring is full (header flag Wrapped).</summary>
        public void CommitMinute(int minute, ProgramKind program, byte state, MusicControls c, bool partial)
        {
            LogRecord r = _rec;
            r.Minute = minute; r.Program = program; r.State = state;
            r.HeartRateCentiBpm = Mean(_hrSum, _hrN);
            r.RmssdMs = Mean(_rmssdSum, _rmssdN);
            r.SclNanoSiemens = Mean(_sclSum, _sclN);
            r.ScrPerMinuteCenti = Mean(_scrSum, _scrN);
            r.ArousalQ15 = Mean(_arousalSum, _ticks);
            r.ConfidenceQ15 = Mean(_confSum, _ticks);
            r.PulseQuality = Mean(_qualSum, _ticks);
            r.PulseStatus = _pulseStatus; r.EdaStatus = _edaStatus;
            r.TempoCentiBpm = c.TempoCentiBpm; r.BrightnessQ15 = c.BrightnessQ15; r.DensityQ15 = c.DensityQ15;
            r.LevelCentiDb = c.LevelCentiDb;
            r.ButtonEvents = _gestures;
            r.Flags = _flags | (partial ? LogFlags.PartialMinute : 0);
            int slot;
            if (_count < CapacityRecords) { slot = (_head + _count) % CapacityRecords; _count++; }
            else
            {
                slot = _head; _head = (_head + 1) % CapacityRecords;
                if (_dropped < 65535) _dropped++;
                _headerFlags |= LogHeaderFlags.Wrapped;
            }
            SessionLogFormat.WriteRecord(r, _ring, slot * SessionLogFormat.RecordSize);
            _sessionMinutes = minute;
            _sealed = false;
            ClearMinute();
            _flags = 0;
        }

        /// <summary>Builds the header and CRC for the records so far (call before SaveTo / CopySerialized).</summary>
        public void Seal()
        {
            byte[] h = _header;
            h[0] = (byte)'B'; h[1] = (byte)'S'; h[2] = (byte)'L'; h[3] = (byte)'G';
            h[4] = SessionLogFormat.Version; h[5] = SessionLogFormat.RecordSize;
            SessionLogFormat.PutU16(h, 6, _headerFlags);
            SessionLogFormat.PutU16(h, 8, _count);
            SessionLogFormat.PutU16(h, 10, _dropped);
            SessionLogFormat.PutU16(h, 12, _sessionMinutes);
            h[14] = 0; h[15] = 0;
            uint crc = Crc32.Update(0xFFFFFFFFu, h, 0, SessionLogFormat.HeaderSize);
            // ring in chronological order: [head .. end) then [0 .. head) when wrapped
            int rs = SessionLogFormat.RecordSize;
            int first = _count < CapacityRecords - _head ? _count : CapacityRecords - _head;
            crc = Crc32.Update(crc, _ring, _head * rs, first * rs);
            if (first < _count) crc = Crc32.Update(crc, _ring, 0, (_count - first) * rs);
            crc ^= 0xFFFFFFFFu;
            _trailer[0] = (byte)crc; _trailer[1] = (byte)(crc >> 8); _trailer[2] = (byte)(crc >> 16); _trailer[3] = (byte)(crc >> 24);
            _sealed = true;
        }

        /// <summary>Copies bytes [offset, offset+count) of the sealed log into dst (for BLE chunks and files).
        /// Returns the bytes copied (0 past the end or when not sealed).</summary>
        public int CopySerialized(int offset, byte[] dst, int dstOffset, int count)
        {
            if (!_sealed || dst == null || offset < 0 || count < 0 || dstOffset < 0 || dstOffset > dst.Length) return 0;
            int total = SerializedLength;
            if (offset >= total) return 0;
            if (count > total - offset) count = total - offset;
            if (count > dst.Length - dstOffset) count = dst.Length - dstOffset;
            int hs = SessionLogFormat.HeaderSize, rs = SessionLogFormat.RecordSize;
            int recEnd = hs + _count * rs;
            for (int i = 0; i < count; i++)
            {
                int p = offset + i;
                byte b;
                if (p < hs) b = _header[p];
                else if (p < recEnd)
                {
                    int k = p - hs;
                    int idx = k / rs;
                    b = _ring[((_head + idx) % CapacityRecords) * rs + (k - idx * rs)];
                }
                else b = _trailer[p - recEnd];
                dst[dstOffset + i] = b;
            }
            return count;
        }

        /// <summary>Seals and writes the log to a storage region (erase, then 256-byte chunks). False on any storage error.</summary>
        public bool SaveTo(IStorage storage, int region)
        {
            Seal();
            if (storage == null || storage.RegionSize(region) < SerializedLength) return false;
            if (!storage.Erase(region)) return false;
            return WriteImageTo(storage, region);
        }

        /// <summary>Seals and writes the image at region[0 ..) without erasing first (256-byte chunks). False on any storage error.</summary>
        public bool WriteImageTo(IStorage storage, int region)
        {
            Seal();
            int total = SerializedLength;
            if (storage == null || storage.RegionSize(region) < total) return false;
            int off = 0;
            while (off < total)
            {
                int n = CopySerialized(off, _chunk, 0, _chunk.Length);
                if (n <= 0 || !storage.Write(region, off, _chunk, 0, n)) return false;
                off += n;
            }
            return true;
        }

        /// <summary>
        /// Replaces the log with the image of lengthBytes at region[0 ..) when it is a complete, intact version-1
        /// log (magic, version, record size, length = its record count, CRC); it is then sealed, exactly as it was
        /// saved. Otherwise returns false and the log is empty (as after Begin(0)). No allocation: the records are
        /// read straight into the ring.
        /// </summary>
        public bool TryLoadFrom(IStorage storage, int region, int lengthBytes)
        {
            Begin(0);
            int hs = SessionLogFormat.HeaderSize, rs = SessionLogFormat.RecordSize, ts = SessionLogFormat.TrailerSize;
            if (storage == null || lengthBytes < hs + ts || lengthBytes > MaxSerializedSize) return false;
            if (storage.RegionSize(region) < lengthBytes) return false;
            byte[] h = _header;
            if (storage.Read(region, 0, h, 0, hs) != hs) return false;
            if (h[0] != (byte)'B' || h[1] != (byte)'S' || h[2] != (byte)'L' || h[3] != (byte)'G') return false;
            if (h[4] != SessionLogFormat.Version || h[5] != rs) return false;
            int n = h[8] | (h[9] << 8);
            if (n > CapacityRecords || hs + n * rs + ts != lengthBytes) return false;
            if (n > 0 && storage.Read(region, hs, _ring, 0, n * rs) != n * rs) return false;
            if (storage.Read(region, hs + n * rs, _trailer, 0, ts) != ts) return false;
            uint crc = Crc32.Update(0xFFFFFFFFu, h, 0, hs);
            crc = Crc32.Update(crc, _ring, 0, n * rs) ^ 0xFFFFFFFFu;
            uint stored = (uint)(_trailer[0] | (_trailer[1] << 8) | (_trailer[2] << 16) | (_trailer[3] << 24));
            if (crc != stored) return false;
            _count = n;
            _headerFlags = h[6] | (h[7] << 8);
            _dropped = h[10] | (h[11] << 8);
            _sessionMinutes = h[12] | (h[13] << 8);
            _sealed = true;
            return true;
        }

        private void ClearMinute()
        {
            _hrSum = _rmssdSum = _sclSum = _scrSum = _arousalSum = _confSum = _qualSum = 0;
            _hrN = _rmssdN = _sclN = _scrN = _ticks = _gestures = 0;
        }

        private static int Mean(long sum, int n) { return n <= 0 ? 0 : (int)(sum / n); }
        private static int Q15(int v) { return v < 0 ? 0 : v > 32767 ? 32767 : v; }
    }
}
