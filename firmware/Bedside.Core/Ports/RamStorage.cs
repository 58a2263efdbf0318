namespace Bedside.Core.Ports
{
    /// <summary>
    /// IStorage in RAM, for tests and the simulator. Regions are allocated in the constructor and start erased (0xFF).
    /// Contents survive a "restart" as long as the same object is handed to the new controller.
    /// </summary>
    public sealed class RamStorage : IStorage
    {
        private readonly byte[][] _regions;

        /// <summary>One region per entry of sizesBytes (each 0..16 MiB).</summary>
        public RamStorage(int[] sizesBytes)
        {
            _regions = new byte[sizesBytes.Length][];
            for (int r = 0; r < sizesBytes.Length; r++)
            {
                int n = sizesBytes[r];
                if (n < 0) n = 0;
                if (n > 16 * 1024 * 1024) n = 16 * 1024 * 1024;
                _regions[r] = new byte[n];
                for (int i = 0; i < n; i++) _regions[r][i] = 0xFF;
            }
        }

        /// <summary>A store with the regions the core needs (StorageRegion: settings A/B, session-log slots A/B, client keys A/B).</summary>
        public static RamStorage CreateDefault()
        {
            int log = Bedside.Core.Session.SessionLogStore.SlotSize;
            return new RamStorage(new int[] { 64, 64, log, log, 96, 96 });
        }

        public int RegionCount { get { return _regions.Length; } }

        public int RegionSize(int region)
        {
            if (region < 0 || region >= _regions.Length) return 0;
            return _regions[region].Length;
        }

        public int Read(int region, int offset, byte[] dst, int dstOffset, int count)
        {
            if (!RangeOk(region, offset, count) || dst == null || dstOffset < 0 || count > dst.Length - dstOffset) return 0;
            System.Array.Copy(_regions[region], offset, dst, dstOffset, count);
            return count;
        }

        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
        {
            if (!RangeOk(region, offset, count) || src == null || srcOffset < 0 || count > src.Length - srcOffset) return false;
            System.Array.Copy(src, srcOffset, _regions[region], offset, count);
            return true;
        }

        public bool Erase(int region)
        {
            if (region < 0 || region >= _regions.Length) return false;
            byte[] a = _regions[region];
            for (int i = 0; i < a.Length; i++) a[i] = 0xFF;
            return true;
        }

        private bool RangeOk(int region, int offset, int count)
        {
            if (region < 0 || region >= _regions.Length) return false;
            if (offset < 0 || count < 0) return false;
            return count <= _regions[region].Length - offset;
        }
    }
}
