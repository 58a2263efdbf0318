namespace Bedside.Core.Audio
{
    /// <summary>Level conversions (table look-ups only).</summary>
    public static class Gain
    {
        /// <summary>Lowest level the tables know, hundredths of a dB (-96.00 dB); anything lower is silence.</summary>
        public const int MinCentiDb = -9600;

        /// <summary>
        /// Hundredths of a dB (clamped -9600..0) to a Q15 gain: 32767·10^(cdB/2000), from Tables.DbToQ15
        /// (0.1 dB steps) with linear interpolation of the remaining 0..9 hundredths:
        /// g = t[i] - (t[i] - t[i+1])·r/10 with i = -cdB/10, r = -cdB mod 10. -9600 and below give 0.
        /// </summary>
        public static int CentiDbToQ15(int centiDb)
        {
            if (centiDb >= 0) return 32767;
            if (centiDb <= MinCentiDb) return 0;
            int neg = -centiDb;
            int i = neg / 10;
            int r = neg - i * 10;
            short[] t = Tables.DbToQ15;
            int a = t[i];
            if (r == 0) return a;
            int b = t[i + 1];
            return a - ((a - b) * r) / 10;
        }
    }
}
