namespace Bedside.Core.Composer
{
    /// <summary>
    /// The continuous controls the therapy state machine sets at control rate and the composer follows.
    /// These are targets: the composer and engine smooth every change (no jumps, no zipper noise).
    /// Integers only, so desktop and device behave identically.
    /// </summary>
    public sealed class MusicControls
    {
        /// <summary>Tempo in hundredths of a beat per minute. Valid 40_00 .. 120_00 (sedative range 60-80 BPM).</summary>
        public int TempoCentiBpm = 7000;

        /// <summary>Brightness, Q15: 0 = darkest (low cutoffs, few harmonics, soft attacks, low register) .. 32767 = brightest.</summary>
        public int BrightnessQ15 = 16384;

        /// <summary>Density, Q15: 0 = sparsest (drone and bed only) .. 32767 = the program's busiest event rate.</summary>
        public int DensityQ15 = 16384;

        /// <summary>Energy (dynamics), Q15: 0 = softest, 32767 = fullest dynamics.</summary>
        public int EnergyQ15 = 16384;

        /// <summary>Master level in hundredths of a dB, 0 = full scale allowed by the cap, -9600 = silence. Valid -9600 .. 0.</summary>
        public int LevelCentiDb = -2000;

        public void CopyFrom(MusicControls other)
        {
            TempoCentiBpm = other.TempoCentiBpm;
            BrightnessQ15 = other.BrightnessQ15;
            DensityQ15 = other.DensityQ15;
            EnergyQ15 = other.EnergyQ15;
            LevelCentiDb = other.LevelCentiDb;
        }
    }
}
