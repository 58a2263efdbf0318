namespace Bedside.Core.Audio
{
    /// <summary>
    /// Constant-power crossfade gains: for position p (Q15, 0 = all A, 32767 = all B), gA = cos(p·π/2) and
    /// gB = sin(p·π/2), Q15 from <see cref="Tables.SineQ15"/> (index p·(N/4)/32767), so gA² + gB² = 1 within the
    /// table's rounding. Used for control-rate fades (e.g. by the composer between layers).
    /// </summary>
    public static class EqualPowerCrossfade
    {
        /// <summary>Gain of the outgoing side at positionQ15 (clamped 0..32767), Q15.</summary>
        public static int GainAQ15(int positionQ15) { return Table(Index(positionQ15) + Tables.Length / 4); }

        /// <summary>Gain of the incoming side at positionQ15 (clamped 0..32767), Q15.</summary>
        public static int GainBQ15(int positionQ15) { return Table(Index(positionQ15)); }

        private static int Index(int p)
        {
            if (p < 0) p = 0;
            if (p > 32767) p = 32767;
            return (int)(((long)p * (Tables.Length / 4) + 16383) / 32767);
        }

        private static int Table(int i) { return Tables.SineQ15[i & (Tables.Length - 1)]; }
    }
}
