namespace Bedside.Core.Composer
{
    /// <summary>
    /// The one place where pitches become frequencies. Every tonal pitch the composer emits is a
    /// just-intonation ratio (num/den) of the key root, selected by mood, at a diatonic scale degree.
    /// An integrator that must lock tones to the engine's frequency grid (integer multiples of fs/N)
    /// snaps here, in <see cref="FreqHzQ16"/>, and nowhere else.
    ///
    /// Degrees are "absolute diatonic degrees" relative to the tonic of the reference octave:
    /// 0 = tonic (key root in octave 4, 261.6..493.9 Hz), 1..6 = the scale degrees above it, 7 = tonic an
    /// octave up, -7 = an octave down, and so on. A mood may leave degrees out (pentatonic sets): those
    /// degrees are "absent" and <see cref="FreqHzQ16"/> returns 0 for them.
    /// </summary>
    public static class Tuning
    {
        /// <summary>Number of diatonic degrees per octave.</summary>
        public const int DegreesPerOctave = 7;

        /// <summary>Lowest and highest absolute degree any layer may ask for (bass two octaves down .. two octaves up).</summary>
        public const int MinDegree = -21;
        public const int MaxDegree = 20;

        // Equal-tempered key roots C4..B4 in Hz Q16.16: round(261.6256 * 2^(k/12) * 65536).
        private static readonly int[] RootHzQ16 =
        {
            17145893, 18165441, 19245614, 20390018, 21602472, 22887021,
            24247954, 25689813, 27217409, 28835840, 30550508, 32367136,
        };

        // Just-intonation ratio per mood (row = mood * 7 + degree). Den 0 = degree absent from the set.
        //            1/1  9/8  5/4   4/3  3/2  5/3  15/8  (major / Lydian / sus degrees)
        private static readonly short[] RatioNum =
        {
            1, 9, 5, 0, 3, 5, 0,     // Warm: major pentatonic 1 2 3 5 6
            1, 9, 0, 4, 3, 5, 0,     // Neutral: suspended pentatonic 1 2 4 5 6 (no thirds, no leading tone)
            1, 9, 5, 45, 3, 5, 15,   // Luminous: Lydian 1 2 3 #4 5 6 7
        };
        private static readonly short[] RatioDen =
        {
            1, 8, 4, 0, 2, 3, 0,
            1, 8, 0, 3, 2, 3, 0,
            1, 8, 4, 32, 2, 3, 8,
        };

        /// <summary>Bit n set when degree n (0..6) belongs to the mood's pitch set.</summary>
        public static int DegreeMask(Mood mood)
        {
            int row = MoodRow(mood);
            int mask = 0;
            for (int d = 0; d < DegreesPerOctave; d++)
                if (RatioDen[row + d] != 0) mask |= 1 << d;
            return mask;
        }

        /// <summary>True when the absolute degree belongs to the mood's pitch set.</summary>
        public static bool InSet(Mood mood, int absDegree)
        {
            return RatioDen[MoodRow(mood) + DegreeInOctave(absDegree)] != 0;
        }

        /// <summary>absDegree mod 7 in 0..6 (floor semantics for negatives).</summary>
        public static int DegreeInOctave(int absDegree)
        {
            int m = absDegree % DegreesPerOctave;
            return m < 0 ? m + DegreesPerOctave : m;
        }

        /// <summary>floor(absDegree / 7).</summary>
        public static int OctaveOf(int absDegree)
        {
            int q = absDegree / DegreesPerOctave;
            if (absDegree < 0 && q * DegreesPerOctave != absDegree) q--;
            return q;
        }

        /// <summary>
        /// Frequency in Hz Q16.16 of an absolute degree in the given mood and key:
        /// f = root(key) * num/den * 2^octave, root in octave 4. Returns 0 when the degree is absent from the
        /// mood's set. keyRootSemitone is clamped to 0..11, absDegree to MinDegree..MaxDegree.
        /// </summary>
        public static int FreqHzQ16(Mood mood, int keyRootSemitone, int absDegree)
        {
            if (keyRootSemitone < 0) keyRootSemitone = 0; else if (keyRootSemitone > 11) keyRootSemitone = 11;
            if (absDegree < MinDegree) absDegree = MinDegree; else if (absDegree > MaxDegree) absDegree = MaxDegree;
            int row = MoodRow(mood);
            int d = DegreeInOctave(absDegree);
            int den = RatioDen[row + d];
            if (den == 0) return 0;
            long f = (long)RootHzQ16[keyRootSemitone] * RatioNum[row + d] / den;
            int oct = OctaveOf(absDegree);
            if (oct >= 0) f <<= oct; else f >>= -oct;
            return (int)f;
        }

        private static int MoodRow(Mood mood)
        {
            int m = (int)mood;
            if (m < 0 || m > 2) m = 0;
            return m * DegreesPerOctave;
        }
    }
}
