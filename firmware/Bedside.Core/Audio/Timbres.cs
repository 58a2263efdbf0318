namespace Bedside.Core.Audio
{
    /// <summary>
    /// Partial recipes of the engine's timbres. Every timbre has 3 sine-phase partials at integer multiples
    /// of the voice's loop bin: bin_p = (bin · RatioQ8[p] + 128) &gt;&gt; 8. Harmonic timbres use ratios 1,2,3;
    /// the bell uses stretched ratios 1, 2.76, 5.40 (inharmonic, still on the loop grid). Amplitudes are Q15 at
    /// brightness 0 (dark) and 1 (bright); each set sums to ≤ 32767 so a voice's peak never exceeds its gain.
    /// A partial whose bin reaches the band limit (0.45·fs) is dropped: nothing can alias.
    /// </summary>
    public static class Timbres
    {
        /// <summary>Partials per voice.</summary>
        public const int Partials = 3;

        /// <summary>Ratio of partial p of timbre t is RatioQ8[t·3 + p] / 256.</summary>
        public static readonly short[] RatioQ8 =
        {
            256, 512, 768,   // Pad
            256, 512, 768,   // Pluck
            256, 706, 1382,  // Bell
            256, 512, 768,   // Flute
            256, 512, 768,   // Bass
        };

        /// <summary>Partial amplitudes at brightness 0, Q15.</summary>
        public static readonly short[] DarkQ15 =
        {
            27853, 3932, 982,   // Pad   .85 .12 .03
            26214, 4915, 1638,  // Pluck .80 .15 .05
            24576, 6553, 1638,  // Bell  .75 .20 .05
            31129, 1310, 328,   // Flute .95 .04 .01
            31129, 1638, 0,     // Bass  .95 .05 0
        };

        /// <summary>Partial amplitudes at brightness 1, Q15.</summary>
        public static readonly short[] BrightQ15 =
        {
            18022, 9830, 4915,  // Pad   .55 .30 .15
            16384, 9830, 6553,  // Pluck .50 .30 .20
            16384, 9830, 6553,  // Bell  .50 .30 .20
            24576, 6553, 1638,  // Flute .75 .20 .05
            24576, 6553, 1638,  // Bass  .75 .20 .05
        };

        /// <summary>Amplitude of partial p (0..2) of timbre t at brightness level b (0..Levels), Q15: dark + (bright-dark)·b/Levels.</summary>
        public static int AmpQ15(int timbre, int p, int brightLevel, int levels)
        {
            int k = timbre * Partials + p;
            int d = DarkQ15[k];
            return d + ((BrightQ15[k] - d) * brightLevel) / levels;
        }
    }
}
