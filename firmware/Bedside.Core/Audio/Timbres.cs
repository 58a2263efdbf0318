namespace Bedside.Core.Audio
{
    /// <summary>
    /// Partial recipes of the engine's timbres. Every timbre has 3 sine-phase partials at integer multiples
    /// of the voice's loop bin: bin_p = (bin · RatioQ8[p] + 128) &gt;&gt; 8. Harmonic timbres use ratios 1,2,3;
    /// the bell uses stretched ratios 1, 2.76, 5.40 (inharmonic, still on the loop grid). Amplitudes are Q15 at
    /// brightness 0 (dark) and 1 (bright); each set sums to ≤ 32767 so a voice's peak never exceeds its gain.
    /// Loudness normalisation: every set has the same power Σa² ≈ 0.30 (voice RMS ≈ 0.39 of its gain), so timbres and
    /// brightness change the colour, not the level. Dark = almost a pure fundamental, bright = three near-equal partials
    /// (spectral centroid of one voice ≈ 1.0·f dark vs 1.7–1.9·f bright).
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

        /// <summary>Timbres with a recipe row (one row of Partials entries per <see cref="Timbre"/> value, 0..Count − 1).</summary>
        public static readonly int Count = RatioQ8.Length / Partials;

        /// <summary>Partial amplitudes at brightness 0, Q15.</summary>
        public static readonly short[] DarkQ15 =
        {
            17858, 1638, 0,   // Pad   0.545 0.050 0.000  (Σa² = 0.300)
            17694, 2621, 655,   // Pluck 0.540 0.080 0.020  (Σa² = 0.298)
            17367, 3932, 655,   // Bell  0.530 0.120 0.020  (Σa² = 0.296)
            17924, 983, 0,   // Flute 0.547 0.030 0.000  (Σa² = 0.300)
            17924, 983, 0,   // Bass  0.547 0.030 0.000  (Σa² = 0.300)
        };

        /// <summary>Partial amplitudes at brightness 1, Q15.</summary>
        public static readonly short[] BrightQ15 =
        {
            10813, 10485, 9830,   // Pad   0.330 0.320 0.300  (Σa² = 0.301)
            10485, 10485, 10158,   // Pluck 0.320 0.320 0.310  (Σa² = 0.301)
            10813, 10158, 9830,   // Bell  0.330 0.310 0.300  (Σa² = 0.295)
            11796, 10485, 9175,   // Flute 0.360 0.320 0.280  (Σa² = 0.310)
            11796, 10485, 9175,   // Bass  0.360 0.320 0.280  (Σa² = 0.310)
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
