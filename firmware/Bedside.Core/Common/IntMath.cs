namespace Bedside.Core
{
    /// <summary>Integer helpers shared by the audio and sensing code (no System.Math on the device).</summary>
    public static class IntMath
    {
        /// <summary>floor(√v) for 64-bit unsigned v: bit-by-bit method, at most 32 iterations.</summary>
        public static ulong SqrtFloor(ulong v)
        {
            ulong res = 0, bit = 1UL << 62;
            while (bit > v) bit >>= 2;
            while (bit != 0)
            {
                if (v >= res + bit) { v -= res + bit; res = (res >> 1) + bit; }
                else res >>= 1;
                bit >>= 2;
            }
            return res;
        }
    }
}
