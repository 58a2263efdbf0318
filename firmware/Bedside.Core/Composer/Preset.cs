using Bedside.Core.Audio;

namespace Bedside.Core.Composer
{
    /// <summary>Mood: selects the mode and pitch set.</summary>
    public enum Mood : byte
    {
        /// <summary>Major pentatonic / Lydian colours in just intonation, low register.</summary>
        Warm = 0,
        /// <summary>Suspended / pentatonic without thirds.</summary>
        Neutral = 1,
        /// <summary>Brighter modal set (Lydian/Mixolydian colours), higher register.</summary>
        Luminous = 2,
    }

    /// <summary>Bit flags of the engine timbres a preset may use (bit n = (Timbre)n), plus noise beds via NoiseColor.</summary>
    public static class Instruments
    {
        public const byte Pad = 1 << (int)Timbre.Pad;
        public const byte Pluck = 1 << (int)Timbre.Pluck;
        public const byte Bell = 1 << (int)Timbre.Bell;
        public const byte Flute = 1 << (int)Timbre.Flute;
        public const byte Bass = 1 << (int)Timbre.Bass;
        public const byte All = Pad | Pluck | Bell | Flute | Bass;

        public static bool Has(byte set, Timbre t) { return (set & (1 << (int)t)) != 0; }
    }

    /// <summary>
    /// A therapist preset: plain data, validated before use. Serialised by the settings store and the BLE
    /// protocol (field order and sizes below are the wire order: 9 bytes).
    /// </summary>
    public sealed class Preset
    {
        public const int MinTempoCentiBpm = 4000;
        public const int MaxTempoCentiBpm = 12000;

        /// <summary>Mood (byte 0): 0..2.</summary>
        public Mood Mood = Mood.Warm;
        /// <summary>Key root (byte 1) as semitones above C: 0..11.</summary>
        public byte KeyRootSemitone = 2;
        /// <summary>Slowest tempo the program may reach (bytes 2-3, little-endian), 40_00..120_00 centi-BPM.</summary>
        public int TempoMinCentiBpm = 4800;
        /// <summary>Fastest tempo (bytes 4-5), ≥ TempoMinCentiBpm, ≤ 120_00.</summary>
        public int TempoMaxCentiBpm = 8000;
        /// <summary>Instrumentation (byte 6): Instruments flags, at least one bit, only known bits.</summary>
        public byte InstrumentSet = Instruments.Pad | Instruments.Pluck | Instruments.Bell | Instruments.Bass;
        /// <summary>Noise bed colour (byte 7).</summary>
        public NoiseColor Noise = NoiseColor.Pink;
        /// <summary>Noise bed level (byte 8) in percent of the engine's bed maximum: 0..100.</summary>
        public byte NoiseLevelPercent = 35;

        /// <summary>Null when the preset is valid, otherwise a short reason naming the field and its range.</summary>
        public string Validate()
        {
            if ((byte)Mood > (byte)Mood.Luminous) return "mood must be 0..2";
            if (KeyRootSemitone > 11) return "key root must be 0..11 semitones above C";
            if (TempoMinCentiBpm < MinTempoCentiBpm || TempoMinCentiBpm > MaxTempoCentiBpm) return "tempo min must be 40.00..120.00 BPM";
            if (TempoMaxCentiBpm < MinTempoCentiBpm || TempoMaxCentiBpm > MaxTempoCentiBpm) return "tempo max must be 40.00..120.00 BPM";
            if (TempoMaxCentiBpm < TempoMinCentiBpm) return "tempo max must not be below tempo min";
            if (InstrumentSet == 0) return "instrumentation must name at least one timbre";
            if ((InstrumentSet & ~Instruments.All) != 0) return "instrumentation has unknown timbre bits";
            if ((byte)Noise > (byte)NoiseColor.Ocean) return "noise colour must be 0..3";
            if (NoiseLevelPercent > 100) return "noise level must be 0..100 %";
            return null;
        }

        public void CopyFrom(Preset o)
        {
            Mood = o.Mood; KeyRootSemitone = o.KeyRootSemitone; TempoMinCentiBpm = o.TempoMinCentiBpm;
            TempoMaxCentiBpm = o.TempoMaxCentiBpm; InstrumentSet = o.InstrumentSet; Noise = o.Noise;
            NoiseLevelPercent = o.NoiseLevelPercent;
        }

        /// <summary>True when every field equals o's.</summary>
        public bool SameAs(Preset o)
        {
            return o != null && Mood == o.Mood && KeyRootSemitone == o.KeyRootSemitone && TempoMinCentiBpm == o.TempoMinCentiBpm
                && TempoMaxCentiBpm == o.TempoMaxCentiBpm && InstrumentSet == o.InstrumentSet && Noise == o.Noise
                && NoiseLevelPercent == o.NoiseLevelPercent;
        }

        public const int WireSize = 9;

        /// <summary>Writes the 9-byte wire form at dst[offset].</summary>
        public void WriteTo(byte[] dst, int offset)
        {
            dst[offset] = (byte)Mood;
            dst[offset + 1] = KeyRootSemitone;
            dst[offset + 2] = (byte)TempoMinCentiBpm; dst[offset + 3] = (byte)(TempoMinCentiBpm >> 8);
            dst[offset + 4] = (byte)TempoMaxCentiBpm; dst[offset + 5] = (byte)(TempoMaxCentiBpm >> 8);
            dst[offset + 6] = InstrumentSet;
            dst[offset + 7] = (byte)Noise;
            dst[offset + 8] = NoiseLevelPercent;
        }

        /// <summary>Reads the wire form into this preset only if it validates; returns null or the reason (this unchanged).</summary>
        public string TryReadFrom(byte[] src, int offset, int count, Preset scratch)
        {
            if (src == null || count != WireSize || offset < 0 || offset + count > src.Length) return "preset must be exactly 9 bytes";
            scratch.Mood = (Mood)src[offset];
            scratch.KeyRootSemitone = src[offset + 1];
            scratch.TempoMinCentiBpm = src[offset + 2] | (src[offset + 3] << 8);
            scratch.TempoMaxCentiBpm = src[offset + 4] | (src[offset + 5] << 8);
            scratch.InstrumentSet = src[offset + 6];
            scratch.Noise = (NoiseColor)src[offset + 7];
            scratch.NoiseLevelPercent = src[offset + 8];
            string why = scratch.Validate();
            if (why == null) CopyFrom(scratch);
            return why;
        }
    }
}
