using Bedside.Core.Settings;

namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Device settings as written over BLE; SettingsMapping turns them into DeviceSettings for
    /// BedsideController.ApplySettings. Every range comes from DeviceSettings (same constants, same field checks),
    /// so a patch this codec accepts is always accepted by ApplySettings and the other way round.
    /// Wire form, 7 bytes little-endian:
    /// [0-1] LevelCapCentiDb (int16), [2-3] DefaultLevelCentiDb (int16), [4-5] SleepTimerMinutes (uint16),
    /// [6] DefaultProgram (ProgramKind).
    /// </summary>
    public sealed class SettingsPatch
    {
        public const int WireSize = 7;
        public const int MinLevelCapCentiDb = DeviceSettings.MinLevelCentiDb;
        public const int MaxLevelCapCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
        public const int MinDefaultLevelCentiDb = DeviceSettings.MinLevelCentiDb;
        public const int MinSleepTimerMinutes = DeviceSettings.MinSleepTimerMinutes;
        public const int MaxSleepTimerMinutes = DeviceSettings.MaxSleepTimerMinutes;

        /// <summary>Ceiling of the master level, centi-dB re engine full scale: -6000..-2700 (factory maximum).</summary>
        public int LevelCapCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
        /// <summary>Level at session start at most, centi-dB: -6000..LevelCapCentiDb.</summary>
        public int DefaultLevelCentiDb = -3000;
        /// <summary>Sleep timer, minutes: 10..240 (always on).</summary>
        public int SleepTimerMinutes = 45;
        /// <summary>Program selected at power-up: ProgramKind 0..3.</summary>
        public ProgramKind DefaultProgram = ProgramKind.Sleep;

        /// <summary>Null when valid, otherwise a short reason naming the field and its range (the DeviceSettings checks).</summary>
        public string Validate()
        {
            string why = DeviceSettings.CheckLevelCap(LevelCapCentiDb);
            if (why == null) why = DeviceSettings.CheckLevelUnderCap(DefaultLevelCentiDb, LevelCapCentiDb, "default level must be -60.00 dB..cap");
            if (why == null) why = DeviceSettings.CheckSleepTimer(SleepTimerMinutes);
            if (why == null) why = DeviceSettings.CheckProgram(DefaultProgram);
            return why;
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
