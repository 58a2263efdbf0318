using Bedside.Core.Ports;

namespace Bedside.TestShared
{
    /// <summary>
    /// Test store that loses power after Budget byte operations: each written byte and each erased byte costs
    /// one operation, in order. When the budget runs out the current and every later write/erase fails, leaving
    /// the region exactly as far as it got (a cut at that byte offset). Reads always work (they model the reboot).
    /// Compiled into the host tests and the on-device NFUnitTest suite (portable: no generics, no xunit).
    /// </summary>
    public sealed class CutStorage : IStorage
    {
        public readonly RamStorage Inner;
        public long Budget = long.MaxValue;
        public long Used;
        public bool PoweredOff;
        private static readonly byte[] Ff = new byte[] { 0xFF };

        public CutStorage(RamStorage inner) { Inner = inner; }

        public int RegionCount { get { return Inner.RegionCount; } }
        public int RegionSize(int region) { return Inner.RegionSize(region); }
        public int Read(int region, int offset, byte[] dst, int dstOffset, int count) { return Inner.Read(region, offset, dst, dstOffset, count); }

        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
        {
            if (PoweredOff) return false;
            if (offset < 0 || count < 0 || offset + count > Inner.RegionSize(region)) return false;
            for (int i = 0; i < count; i++)
            {
                if (Used >= Budget) { PoweredOff = true; return false; }
                Inner.Write(region, offset + i, src, srcOffset + i, 1);
                Used++;
            }
            return true;
        }

        public bool Erase(int region)
        {
            if (PoweredOff) return false;
            int n = Inner.RegionSize(region);
            if (n == 0) return false;
            for (int i = 0; i < n; i++)
            {
                if (Used >= Budget) { PoweredOff = true; return false; }
                Inner.Write(region, i, Ff, 0, 1);
                Used++;
            }
            return true;
        }

        /// <summary>Byte-exact copy of a RAM store (the "flash image" before a cut).</summary>
        public static RamStorage Clone(RamStorage src)
        {
            int[] sizes = new int[src.RegionCount];
            for (int r = 0; r < sizes.Length; r++) sizes[r] = src.RegionSize(r);
            RamStorage dst = new RamStorage(sizes);
            for (int r = 0; r < sizes.Length; r++)
            {
                byte[] buf = new byte[sizes[r]];
                src.Read(r, 0, buf, 0, buf.Length);
                dst.Write(r, 0, buf, 0, buf.Length);
            }
            return dst;
        }
    }
}
