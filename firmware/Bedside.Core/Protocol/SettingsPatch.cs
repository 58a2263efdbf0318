namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Device settings as written over BLE (the integrator maps them onto the Settings store). Plain data,
    /// validated before use. Wire form, 7 bytes little-endian:
    /// [0-1] LevelCapCentiDb (int16), [2-3] DefaultLevelCentiDb (int16), [4-5] SleepTimerMinutes (uint16),
    /// [6] DefaultProgram (ProgramKind).
    /// </summary>
    public sealed class SettingsPatch
    {
        public const int WireSize = 7;
        public const int MinLevelCapCentiDb = -4000;
        public const int MaxLevelCapCentiDb = 0;
        public const int MinDefaultLevelCentiDb = -6000;
        public const int MinSleepTimerMinutes = 5;
        public const int MaxSleepTimerMinutes = 240;

        /// <summary>Ceiling of the master level, centi-dB re full scale: -4000..0 (-40 dB .. 0 dB).</summary>
        public int LevelCapCentiDb = -1200;
        /// <summary>Level at session start, centi-dB: -6000..LevelCapCentiDb.</summary>
        public int DefaultLevelCentiDb = -2400;
        /// <summary>Sleep timer, minutes: 0 = off, else 5..240.</summary>
        public int SleepTimerMinutes = 45;
        /// <summary>Program selected at power-up: ProgramKind 0..3.</summary>
        public ProgramKind DefaultProgram = ProgramKind.Sleep;

        /// <summary>Null when valid, otherwise a short reason naming the field and its range.</summary>
        public string Validate()
        {
            if (LevelCapCentiDb < MinLevelCapCentiDb || LevelCapCentiDb > MaxLevelCapCentiDb) return "level cap must be -40.00..0.00 dB";
            if (DefaultLevelCentiDb < MinDefaultLevelCentiDb || DefaultLevelCentiDb > MaxLevelCapCentiDb) return "default level must be -60.00..0.00 dB";
            if (DefaultLevelCentiDb > LevelCapCentiDb) return "default level must not exceed the level cap";
            if (SleepTimerMinutes != 0 && (SleepTimerMinutes < MinSleepTimerMinutes || SleepTimerMinutes > MaxSleepTimerMinutes)) return "sleep timer must be 0 (off) or 5..240 minutes";
            if ((byte)DefaultProgram > (byte)ProgramKind.Noise) return "default program must be 0..3";
            return null;
        }

        public void CopyFrom(SettingsPatch o)
        {
            LevelCapCentiDb = o.LevelCapCentiDb; DefaultLevelCentiDb = o.DefaultLevelCentiDb;
            SleepTimerMinutes = o.SleepTimerMinutes; DefaultProgram = o.DefaultProgram;
        }

        /// <summary>Writes the 7-byte wire form at dst[offset].</summary>
        public void WriteTo(byte[] dst, int offset)
        {
            dst[offset] = (byte)LevelCapCentiDb; dst[offset + 1] = (byte)(LevelCapCentiDb >> 8);
            dst[offset + 2] = (byte)DefaultLevelCentiDb; dst[offset + 3] = (byte)(DefaultLevelCentiDb >> 8);
            dst[offset + 4] = (byte)SleepTimerMinutes; dst[offset + 5] = (byte)(SleepTimerMinutes >> 8);
            dst[offset + 6] = (byte)DefaultProgram;
        }

        /// <summary>Reads the wire form into this patch only if it validates; returns null or the reason (this unchanged).</summary>
        public string TryReadFrom(byte[] src, int offset, int count, SettingsPatch scratch)
        {
            if (src == null || count != WireSize || offset < 0 || offset + count > src.Length) return "settings must be exactly 7 bytes";
            scratch.LevelCapCentiDb = (short)(src[offset] | (src[offset + 1] << 8));
            scratch.DefaultLevelCentiDb = (short)(src[offset + 2] | (src[offset + 3] << 8));
            scratch.SleepTimerMinutes = src[offset + 4] | (src[offset + 5] << 8);
            scratch.DefaultProgram = (ProgramKind)src[offset + 6];
            string why = scratch.Validate();
            if (why == null) CopyFrom(scratch);
            return why;
        }
    }
}
