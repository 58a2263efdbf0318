namespace Bedside.Core
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF), the same value
    /// zlib's crc32 gives. Table built once in the static constructor; no allocation per call.
    /// </summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] t = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            return t;
        }

        /// <summary>CRC-32 of data[offset .. offset+count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Update(0xFFFFFFFFu, data, offset, count) ^ 0xFFFFFFFFu;
        }

        /// <summary>Running form: start with 0xFFFFFFFF, feed chunks, xor the result with 0xFFFFFFFF.</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint[] t = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
                crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}
