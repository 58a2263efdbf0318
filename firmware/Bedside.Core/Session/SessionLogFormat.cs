namespace Bedside.Core.Session
{
    /// <summary>
    /// The session log wire format, version 1 (little-endian), shared by the device (writer), BLE download and
    /// host tools (decoder):
    /// <code>
    /// header 16 B: "BSLG" | version u8 = 1 | record size u8 = 28 | flags u16 (LogHeaderFlags) |
    ///              record count u16 | dropped records u16 | session minutes u16 | reserved u16 = 0
    /// records N × 28 B, oldest first:
    ///   0 minute u16 | 2 program u8 | 3 state u8 | 4 HR centi-bpm u16 | 6 RMSSD ms u16 | 8 SCL 10 nS u16 |
    ///  10 SCR centi/min u16 | 12 arousal Q15 u16 | 14 confidence Q15 u16 | 16 tempo centi-bpm u16 |
    ///  18 brightness Q15 u16 | 20 level centi-dB i16 | 22 pulse quality u8 | 23 pulse status (low 4 bits) |
    ///     EDA status (high 4 bits) | 24 button gestures u8 | 25 flags u8 (LogFlags) | 26 density Q15 u16
    /// trailer 4 B: CRC-32 (Bedside.Core.Crc32) of header and records
    /// </code>
    /// </summary>
    public static class SessionLogFormat
    {
        public const byte Version = 1;
        public const int HeaderSize = 16;
        public const int RecordSize = 28;
        public const int TrailerSize = 4;

        /// <summary>Null when data[0..length) is a complete, intact log; otherwise the reason.</summary>
        public static string Check(byte[] data, int length)
        {
            if (data == null || length < 0 || length > data.Length) return "no data";
            if (length < HeaderSize + TrailerSize) return "too short for a session log";
            if (data[0] != (byte)'B' || data[1] != (byte)'S' || data[2] != (byte)'L' || data[3] != (byte)'G') return "not a Bedside session log (bad magic)";
            if (data[4] != Version) return "unsupported log version";
            if (data[5] != RecordSize) return "unexpected record size";
            int n = U16(data, 8);
            int need = HeaderSize + n * RecordSize + TrailerSize;
            if (length != need) return "length does not match the record count";
            uint crc = (uint)(data[need - 4] | (data[need - 3] << 8) | (data[need - 2] << 16) | (data[need - 1] << 24));
            if (crc != Crc32.Compute(data, 0, need - 4)) return "CRC mismatch: log corrupt";
            return null;
        }

        public static int RecordCount(byte[] data) { return U16(data, 8); }
        public static int HeaderFlags(byte[] data) { return U16(data, 6); }
        public static int DroppedRecords(byte[] data) { return U16(data, 10); }
        public static int SessionMinutes(byte[] data) { return U16(data, 12); }

        /// <summary>Decodes record index (0 = oldest) of a checked log into rec.</summary>
        public static void ReadRecord(byte[] data, int index, LogRecord rec)
        {
            int o = HeaderSize + index * RecordSize;
            rec.Minute = U16(data, o);
            rec.Program = (ProgramKind)data[o + 2];
            rec.State = data[o + 3];
            rec.HeartRateCentiBpm = U16(data, o + 4);
            rec.RmssdMs = U16(data, o + 6);
            rec.SclNanoSiemens = U16(data, o + 8) * 10;
            rec.ScrPerMinuteCenti = U16(data, o + 10);
            rec.ArousalQ15 = U16(data, o + 12);
            rec.ConfidenceQ15 = U16(data, o + 14);
            rec.TempoCentiBpm = U16(data, o + 16);
            rec.BrightnessQ15 = U16(data, o + 18);
            rec.LevelCentiDb = (short)U16(data, o + 20);
            rec.PulseQuality = data[o + 22];
            rec.PulseStatus = (byte)(data[o + 23] & 0x0F);
            rec.EdaStatus = (byte)(data[o + 23] >> 4);
            rec.ButtonEvents = data[o + 24];
            rec.Flags = data[o + 25];
            rec.DensityQ15 = U16(data, o + 26);
        }

        /// <summary>Encodes rec at dst[offset] (RecordSize bytes). Values are clamped to their field widths.</summary>
        public static void WriteRecord(LogRecord rec, byte[] dst, int offset)
        {
            int o = offset;
            PutU16(dst, o, rec.Minute);
            dst[o + 2] = (byte)rec.Program;
            dst[o + 3] = rec.State;
            PutU16(dst, o + 4, rec.HeartRateCentiBpm);
            PutU16(dst, o + 6, rec.RmssdMs);
            PutU16(dst, o + 8, rec.SclNanoSiemens / 10);
            PutU16(dst, o + 10, rec.ScrPerMinuteCenti);
            PutU16(dst, o + 12, rec.ArousalQ15);
            PutU16(dst, o + 14, rec.ConfidenceQ15);
            PutU16(dst, o + 16, rec.TempoCentiBpm);
            PutU16(dst, o + 18, rec.BrightnessQ15);
            int lv = rec.LevelCentiDb;
            if (lv < -32768) lv = -32768;
            if (lv > 32767) lv = 32767;
            dst[o + 20] = (byte)lv; dst[o + 21] = (byte)(lv >> 8);
            dst[o + 22] = (byte)Clamp(rec.PulseQuality, 255);
            dst[o + 23] = (byte)((rec.PulseStatus & 0x0F) | ((rec.EdaStatus & 0x0F) << 4));
            dst[o + 24] = (byte)Clamp(rec.ButtonEvents, 255);
            dst[o + 25] = (byte)rec.Flags;
            PutU16(dst, o + 26, rec.DensityQ15);
        }

        /// <summary>Unsigned 16-bit store, saturating to 0..65535.</summary>
        public static void PutU16(byte[] d, int o, int v)
        {
            v = Clamp(v, 65535);
            d[o] = (byte)v; d[o + 1] = (byte)(v >> 8);
        }

        public static int U16(byte[] d, int o) { return d[o] | (d[o + 1] << 8); }

        private static int Clamp(int v, int max) { return v < 0 ? 0 : v > max ? max : v; }
    }
}
