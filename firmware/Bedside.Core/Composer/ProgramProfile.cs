namespace Bedside.Core.Composer
{
    /// <summary>
    /// Per-program musical constants (index = (int)ProgramKind: Sleep, Calm, Pain, Noise). Plain tables,
    /// so a program is data, not code. Rates are at density 1.0 (DensityQ15 = 32767).
    /// </summary>
    public static class ProgramProfile
    {
        /// <summary>Melody notes per minute at full density, in hundredths.</summary>
        public static readonly short[] MaxMelodyCentiPerMin = { 1000, 1400, 2100, 0 };
        /// <summary>Notes per phrase, inclusive range.</summary>
        public static readonly byte[] PhraseMinNotes = { 3, 4, 6, 0 };
        public static readonly byte[] PhraseMaxNotes = { 6, 8, 12, 0 };
        /// <summary>Played inter-onset interval = model interval * stretch / 256 (Sleep plays the model in half time).</summary>
        public static readonly short[] IoiStretchQ8 = { 512, 384, 256, 256 };
        /// <summary>Melody register shift in degrees (Sleep lower, Pain a little higher).</summary>
        public static readonly sbyte[] RegisterShiftDegrees = { -2, 0, 1, 0 };
        /// <summary>Highest Markov order (Sleep wanders more; Pain keeps more melodic shape).</summary>
        public static readonly byte[] MaxModelOrder = { 2, 3, 3, 1 };
        /// <summary>Noise bed gain in percent of the preset level.</summary>
        public static readonly byte[] NoiseBedPercent = { 80, 70, 50, 100 };
        /// <summary>
        /// Scale degree of the root drone: 0 = the key root itself (D4, 293 Hz, in the default key). The bedside
        /// speaker (a 64 mm driver in a 1.0 L closed box, fc about 121 Hz) cannot reproduce the root an octave lower
        /// (D3, 146.5 Hz): there the line-out put half its energy where the cone only moves air it cannot radiate.
        /// At the key root the bass is heard through the drone's harmonics and the chord tones below it.
        /// </summary>
        public const int RootDroneDegree = 0;
        /// <summary>Root drone and chord pad gains, Q15, before the energy scale (the root drone at 0.8 of its
        /// old low-octave gain, because the ear is more sensitive an octave up).</summary>
        public static readonly short[] RootDroneGainQ15 = { 7200, 6400, 4800, 0 };
        public static readonly short[] ChordDroneGainQ15 = { 6000, 6000, 5000, 0 };
        /// <summary>Bell strike interval range in ms (jittered uniformly).</summary>
        public static readonly int[] BellMinMs = { 60000, 45000, 30000, 0 };
        public static readonly int[] BellMaxMs = { 100000, 75000, 50000, 0 };
        /// <summary>Tempo window the program keeps (intersected with the preset's range). Pain: steady moderate tempo.</summary>
        public static readonly short[] TempoFloorCentiBpm = { 4000, 4000, 6600, 4000 };
        public static readonly short[] TempoCeilCentiBpm = { 12000, 12000, 7600, 12000 };

        /// <summary>Program index 0..3 (unknown values map to Calm).</summary>
        public static int IndexOf(ProgramKind kind)
        {
            int i = (int)kind;
            return i < 0 || i > 3 ? 1 : i;
        }
    }
}
