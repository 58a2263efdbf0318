using Bedside.Core.Ports;

namespace Bedside.Core.Storage
{
    /// <summary>
    /// IStorage on files: region r is file r (an IFileBlock), pre-sized to sizesBytes[r] and erased to 0xFF.
    /// Init → (Read / Write / Erase). All buffers are allocated in the constructor; Read/Write/Erase allocate
    /// nothing themselves (the device's FileStream may: see Bedside.Device.Storage.FileStreamBlock).
    ///
    /// Power-cut semantics. Each Write goes to its own file at a fixed offset and is flushed before Write returns,
    /// so the regions are independent files and one region's write can only disturb that region. A cut
    /// during a Write leaves that file with some prefix of the new bytes (or, on a file system that writes a
    /// page copy-on-write, the old page): either way the bytes of OTHER regions are untouched. That is exactly
    /// the model SettingsStore's A/B + CRC record needs (it writes only the slot not holding the newest record,
    /// CRC last, and checks the CRC on load), so a cut leaves the old record intact and the new one complete or
    /// rejected: old-or-new (SessionLogStore does the same for the session log). The residual risk is below this
    /// class: a file system that corrupts its own metadata on a cut (SPIFFS, which older ESP32 firmware images
    /// use for I:, makes no power-loss promise; LittleFS in current ones does) can lose a whole file; Init then finds it
    /// short, re-creates it erased, and SettingsStore falls back to the other slot, or to factory defaults (and
    /// says so in the session log) if both files were lost. Never a corrupt or silently wrong record.
    /// </summary>
    public sealed class FileRegionStorage : IStorage
    {
        /// <summary>Bytes per erase/pre-size chunk (the 0xFF fill buffer).</summary>
        public const int FillChunkBytes = 512;

        private readonly IFileBlock[] _files;
        private readonly int[] _sizesBytes;
        private readonly bool[] _ready;
        private readonly byte[] _fill = new byte[FillChunkBytes];
        private int _recreatedCount;

        /// <summary>
        /// files[r] backs region r, which is sizesBytes[r] bytes (0 .. 16 MiB, clamped). The arrays must have equal
        /// length; missing files (null) make their region unavailable (RegionSize 0). Call Init before use.
        /// </summary>
        public FileRegionStorage(IFileBlock[] files, int[] sizesBytes)
        {
            int n = files == null || sizesBytes == null ? 0 : files.Length;
            if (sizesBytes != null && sizesBytes.Length < n) n = sizesBytes.Length;
            _files = new IFileBlock[n];
            _sizesBytes = new int[n];
            _ready = new bool[n];
            for (int r = 0; r < n; r++)
            {
                _files[r] = files[r];
                int s = sizesBytes[r];
                if (s < 0) s = 0;
                if (s > 16 * 1024 * 1024) s = 16 * 1024 * 1024;
                _sizesBytes[r] = s;
            }
            for (int i = 0; i < FillChunkBytes; i++) _fill[i] = 0xFF;
        }

        /// <summary>
        /// Makes every region usable: a file shorter than its region (new, truncated or lost by the file system)
        /// is extended with 0xFF up to the region size; existing bytes are kept, so a reboot finds the records
        /// that were there. A longer file is used as is (only its first RegionSize bytes). Returns the number of
        /// regions ready; a region whose file fails stays unavailable (RegionSize 0, reads/writes refused).
        /// </summary>
        public int Init()
        {
            int ok = 0;
            _recreatedCount = 0;
            for (int r = 0; r < _files.Length; r++)
            {
                _ready[r] = false;
                IFileBlock f = _files[r];
                if (f == null) continue;
                int len = f.LengthBytes;
                if (len < 0) continue;
                if (len < _sizesBytes[r])
                {
                    _recreatedCount++;
                    if (!FillFF(f, len, _sizesBytes[r] - len)) continue;
                }
                _ready[r] = true;
                ok++;
            }
            return ok;
        }

        /// <summary>Regions whose file had to be created or extended by the last Init (0 on a normal boot).</summary>
        public int RecreatedCount { get { return _recreatedCount; } }

        /// <summary>True when every region is ready (Init succeeded for all).</summary>
        public bool AllReady
        {
            get
            {
                if (_files.Length == 0) return false;
                for (int r = 0; r < _ready.Length; r++) if (!_ready[r]) return false;
                return true;
            }
        }

        public int RegionCount { get { return _files.Length; } }

        public int RegionSize(int region)
        {
            if (region < 0 || region >= _files.Length || !_ready[region]) return 0;
            return _sizesBytes[region];
        }

        public int Read(int region, int offset, byte[] dst, int dstOffset, int count)
        {
            if (!RangeOk(region, offset, count) || dst == null || dstOffset < 0 || count > dst.Length - dstOffset) return 0;
            if (count == 0) return 0;
            return _files[region].ReadAt(offset, dst, dstOffset, count) ? count : 0;
        }

        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
        {
            if (!RangeOk(region, offset, count) || src == null || srcOffset < 0 || count > src.Length - srcOffset) return false;
            if (count == 0) return true;
            return _files[region].WriteAt(offset, src, srcOffset, count);
        }

        public bool Erase(int region)
        {
            if (region < 0 || region >= _files.Length || !_ready[region]) return false;
            return FillFF(_files[region], 0, _sizesBytes[region]);
        }

        /// <summary>Writes count bytes of 0xFF from offset, FillChunkBytes at a time (each chunk flushed by the file).</summary>
        private bool FillFF(IFileBlock f, int offset, int count)
        {
            while (count > 0)
            {
                int n = count < FillChunkBytes ? count : FillChunkBytes;
                if (!f.WriteAt(offset, _fill, 0, n)) return false;
                offset += n;
                count -= n;
            }
            return true;
        }

        private bool RangeOk(int region, int offset, int count)
        {
            if (region < 0 || region >= _files.Length || !_ready[region]) return false;
            if (offset < 0 || count < 0) return false;
            return count <= _sizesBytes[region] - offset;
        }
    }
}
