namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Live status notification, 12 bytes little-endian, built from primitives (no personal data, no raw
    /// physiology beyond the displayed rate):
    /// [0] therapy state (byte, the therapy layer's state enum), [1] program (ProgramKind),
    /// [2-3] heart rate centi-BPM uint16 (0 = not valid), [4-5] arousal Q15 uint16 (0..32767, 0xFFFF = unknown),
    /// [6-7] tempo centi-BPM uint16, [8-9] master level centi-dB int16 (-9600..0),
    /// [10] pulse status (PulseStatus), [11] EDA status (EdaStatus).
    /// </summary>
    public static class LiveStatus
    {
        public const int WireSize = 12;
        public const int ArousalUnknown = 0xFFFF;

        /// <summary>
        /// Encodes into dst[offset..offset+12). Out-of-range inputs are clamped (heart rate 0..25000,
        /// tempo 0..65535, level -9600..0); arousal is sent as unknown when confidenceQ15 is 0 or it is outside 0..32767.
        /// </summary>
        public static void Encode(byte[] dst, int offset, int state, int program, int heartRateCentiBpm, int arousalQ15,
            int confidenceQ15, int tempoCentiBpm, int levelCentiDb, int pulseStatus, int edaStatus)
        {
            if (heartRateCentiBpm < 0) heartRateCentiBpm = 0; else if (heartRateCentiBpm > 25000) heartRateCentiBpm = 25000;
            int arousal = (confidenceQ15 <= 0 || arousalQ15 < 0 || arousalQ15 > 32767) ? ArousalUnknown : arousalQ15;
            if (tempoCentiBpm < 0) tempoCentiBpm = 0; else if (tempoCentiBpm > 65535) tempoCentiBpm = 65535;
            if (levelCentiDb < -9600) levelCentiDb = -9600; else if (levelCentiDb > 0) levelCentiDb = 0;
            dst[offset] = (byte)state;
            dst[offset + 1] = (byte)program;
            dst[offset + 2] = (byte)heartRateCentiBpm; dst[offset + 3] = (byte)(heartRateCentiBpm >> 8);
            dst[offset + 4] = (byte)arousal; dst[offset + 5] = (byte)(arousal >> 8);
            dst[offset + 6] = (byte)tempoCentiBpm; dst[offset + 7] = (byte)(tempoCentiBpm >> 8);
            dst[offset + 8] = (byte)levelCentiDb; dst[offset + 9] = (byte)(levelCentiDb >> 8);
            dst[offset + 10] = (byte)pulseStatus;
            dst[offset + 11] = (byte)edaStatus;
        }
    
        /// <summary>
        /// The live status of a unit: therapy state and program from unit.Controller, heart rate, arousal and
        /// confidence, pulse and EDA status from unit.Physio (the last control tick's snapshot), tempo from the
        /// controls, level = the controls' level while the engine runs, else -9600 (silent). The caller holds the
        /// unit lock. No allocation.
        /// </summary>
        public static void EncodeFrom(Bedside.Core.Unit.BedsideUnit unit, byte[] dst, int offset)
        {
            Bedside.Core.Sensing.PhysioSnapshot p = unit.Physio;
            Bedside.Core.Therapy.BedsideController c = unit.Controller;
            Encode(dst, offset, (int)c.State, (int)c.Program, p.HeartRateCentiBpm, p.ArousalQ15, p.ConfidenceQ15,
                c.Controls.TempoCentiBpm, unit.AudioRunning ? c.Controls.LevelCentiDb : -9600, (int)p.Pulse, (int)p.Eda);
        }
    }
}
