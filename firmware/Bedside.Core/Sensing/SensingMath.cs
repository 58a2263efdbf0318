namespace Bedside.Core.Sensing
{
    /// <summary>Integer helpers used by the sensing stages at beat or control rate (never per sample).</summary>
    public static class SensingMath
    {
        /// <summary>Integer square root: the largest r with r*r ≤ v (v ≥ 0; negative gives 0). Bit-by-bit, 32 iterations at most.</summary>
        public static long SqrtFloor(long v) { return v <= 0 ? 0 : (long)IntMath.SqrtFloor((ulong)v); }

        /// <summary>
        /// Median of the newest <paramref name="count"/> values of a ring (newest at index head-1), using
        /// <paramref name="scratch"/> (length ≥ count) for an insertion sort. For odd counts the middle value,
        /// for even counts the mean of the two middle values (floor). count ≤ 0 gives 0.
        /// </summary>
        public static int MedianOfNewest(int[] ring, int head, int count, int[] scratch)
        {
            if (count <= 0) return 0;
            int n = ring.Length;
            if (count > n) count = n;
            if (count > scratch.Length) count = scratch.Length;
            for (int i = 0; i < count; i++)
            {
                int j = head - 1 - i;
                while (j < 0) j += n;
                int v = ring[j];
                int k = i - 1;
                while (k >= 0 && scratch[k] > v) { scratch[k + 1] = scratch[k]; k--; }
                scratch[k + 1] = v;
            }
            if ((count & 1) == 1) return scratch[count >> 1];
            return (scratch[(count >> 1) - 1] + scratch[count >> 1]) >> 1;
        }

        /// <summary>Clamp v into [lo, hi].</summary>
        public static int Clamp(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

        /// <summary>Clamp v into [lo, hi] (64-bit).</summary>
        public static long Clamp(long v, long lo, long hi) { return v < lo ? lo : (v > hi ? hi : v); }
    }
}
