namespace Bedside.Core
{
    /// <summary>
    /// Deterministic 32-bit xorshift generator (Marsaglia 2003, shifts 13/17/5). Integer-only, so it gives
    /// the same sequence on desktop .NET and nanoCLR. Never use System.Random in the core.
    /// </summary>
    public sealed class Rng
    {
        private uint _state;

        /// <summary>Seed 0 is mapped to a fixed non-zero constant (xorshift must not be seeded with 0).</summary>
        public Rng(uint seed) { Seed(seed); }

        public void Seed(uint seed) { _state = seed == 0 ? 0x9E3779B9u : seed; }

        public uint State { get { return _state; } }

        /// <summary>Next 32 random bits. x ^= x &lt;&lt; 13; x ^= x &gt;&gt; 17; x ^= x &lt;&lt; 5.</summary>
        public uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>Uniform integer in [0, n) for 0 &lt; n; multiply-shift, no division: (bits * n) &gt;&gt; 32.</summary>
        public int Next(int n)
        {
            if (n <= 1) return 0;
            return (int)(((ulong)NextUInt() * (ulong)n) >> 32);
        }

        /// <summary>Uniform integer in [lo, hi] inclusive.</summary>
        public int Range(int lo, int hi)
        {
            if (hi <= lo) return lo;
            return lo + Next(hi - lo + 1);
        }

        /// <summary>Uniform Q15 value in [0, 32767].</summary>
        public int NextQ15() { return (int)(NextUInt() >> 17); }
    }
}
