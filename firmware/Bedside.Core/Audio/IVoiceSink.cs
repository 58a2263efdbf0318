namespace Bedside.Core.Audio
{
    /// <summary>The engine's timbres (instrumentation). Stored as one byte in presets.</summary>
    public enum Timbre : byte
    {
        /// <summary>Soft pad: slow attack, few harmonics, slight detune/motion.</summary>
        Pad = 0,
        /// <summary>Felt-piano-like pluck: soft attack, exponential decay, dark.</summary>
        Pluck = 1,
        /// <summary>Bowl / bell: inharmonic-ish partials, long decay.</summary>
        Bell = 2,
        /// <summary>Breathy flute-like lead: near-sine with a little noise.</summary>
        Flute = 3,
        /// <summary>Warm bass: low register, mostly fundamental.</summary>
        Bass = 4,
    }

    /// <summary>Noise bed colours.</summary>
    public enum NoiseColor : byte
    {
        Off = 0,
        Pink = 1,
        Brown = 2,
        /// <summary>Slow "ocean" swells: filtered noise with a slow amplitude motion (period 8-14 s).</summary>
        Ocean = 3,
    }

    /// <summary>
    /// What the composer asks of the audio engine, at control rate only (never per sample).
    /// Frequencies are Hz in Q16.16 (just-intonation ratios are computed by the composer);
    /// gains Q15 (0..32767); times in milliseconds. The engine clamps every argument to its valid range,
    /// smooths every change and ramps every start and stop, so no call can produce a click or exceed the cap.
    /// </summary>
    public interface IVoiceSink
    {
        /// <summary>Start a note. attackMs ≥ engine minimum ramp; holdMs then releaseMs. Returns false when no voice is free (note dropped).</summary>
        bool NoteOn(Timbre timbre, int freqHzQ16, int gainQ15, int attackMs, int holdMs, int releaseMs);

        /// <summary>Sustained drone/pad slot (0..3): glide to freq and gain over rampMs; gain 0 fades the slot out.</summary>
        void SetDrone(int slot, Timbre timbre, int freqHzQ16, int gainQ15, int rampMs);

        /// <summary>Noise bed colour and gain; a colour change crossfades over rampMs.</summary>
        void SetNoiseBed(NoiseColor color, int gainQ15, int rampMs);

        /// <summary>Colour tilt of a pink noise bed, Q15 0..32767: the share of its spliced segments (64–256 ms each) read from
        /// the darker brown table instead (brown and ocean beds read it already). Applies from the bed's next splices.</summary>
        void SetNoiseTilt(int darkQ15);

        /// <summary>Global timbre control, Q15 0..32767, glided over rampMs (lowpass cutoff, harmonic content).</summary>
        void SetBrightness(int brightnessQ15, int rampMs);

        /// <summary>Master level in hundredths of a dB (-9600..0), reached by a ramp over rampMs. Never exceeds the cap.</summary>
        void SetMasterLevel(int levelCentiDb, int rampMs);

        /// <summary>Mean square of the tonal loop in force before the output gains, in LSB² (Σ amp²/2 over the partials
        /// that sound: every partial sits on its own bin, so the sum is exact). Updated once a loop; 0 when no tone sounds.
        /// The composer reads it at control rate to keep the noise bed's share of the mix as the music thins.</summary>
        long ToneLoopPowerLsb2 { get; }
    }
}
