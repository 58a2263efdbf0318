namespace Bedside.Core
{
    /// <summary>
    /// Random bytes for access keys: a 128-bit xorshift128 state (Marsaglia 2003, shifts 11/8/19) into which the
    /// host stirs entropy (on the device: boot timing jitter and ADC noise, then the µs clock at every key request).
    /// Stir(v): every state word w_i = (w_i XOR v) * 0x9E3779B1 + i, then 8 steps. Not a certified CSPRNG: its
    /// strength is the entropy the host stirs in (documented in Protocol/README.md, Security).
    /// Integer-only and allocation-free, so it runs the same on both runtimes.
    /// </summary>
    public sealed class KeyGenerator
    {
        private uint _x = 0x6A09E667u, _y = 0xBB67AE85u, _z = 0x3C6EF372u, _w = 0xA54FF53Au;

        /// <summary>Mixes 32 bits of entropy into the whole state.</summary>
        public void Stir(uint entropy)
        {
            _x = unchecked((_x ^ entropy) * 0x9E3779B1u);
            _y = unchecked((_y ^ entropy) * 0x9E3779B1u + 1u);
            _z = unchecked((_z ^ entropy) * 0x9E3779B1u + 2u);
            _w = unchecked((_w ^ entropy) * 0x9E3779B1u + 3u);
            if ((_x | _y | _z | _w) == 0) _w = 0xA54FF53Au;
            for (int i = 0; i < 8; i++) NextUInt();
        }

        /// <summary>Next 32 bits: t = x ^ (x &lt;&lt; 11); x,y,z = y,z,w; w ^= (w &gt;&gt; 19) ^ t ^ (t &gt;&gt; 8).</summary>
        public uint NextUInt()
        {
            uint t = _x ^ (_x << 11);
            _x = _y; _y = _z; _z = _w;
            _w = _w ^ (_w >> 19) ^ t ^ (t >> 8);
            return _w;
        }

        /// <summary>Fills dst[offset..offset+count) with random bytes.</summary>
        public void Fill(byte[] dst, int offset, int count)
        {
            for (int i = 0; i < count; i += 4)
            {
                uint v = NextUInt();
                for (int b = 0; b < 4 && i + b < count; b++) dst[offset + i + b] = (byte)(v >> (8 * b));
            }
        }
    }
}
