namespace Bedside.Core.Session
{
    /// <summary>Flag bits of one minute record (byte 25): events during that minute; the first record of a
    /// session also carries events from the Standby period before it (stuck button, pairing window).</summary>
    public static class LogFlags
    {
        /// <summary>Ran open-loop (sensors missing/unreliable) during this minute.</summary>
        public const int OpenLoop = 1;
        /// <summary>The button was stuck (held ≥ 10 s) and ignored during this minute.</summary>
        public const int ButtonStuck = 2;
        /// <summary>The Bluetooth pairing window was opened during this minute.</summary>
        public const int PairingOpened = 4;
        /// <summary>Both settings slots were bad at boot: factory defaults in use.</summary>
        public const int SettingsDefaulted = 8;
        /// <summary>A volume step was refused at the cap or the minimum.</summary>
        public const int VolumeLimit = 16;
        /// <summary>The program was changed during this minute.</summary>
        public const int ProgramChanged = 32;
        /// <summary>Saving settings failed (storage error) during this minute.</summary>
        public const int SettingsSaveFailed = 64;
        /// <summary>Last record of the session: covers less than a full minute.</summary>
        public const int PartialMinute = 128;
    }

    /// <summary>Flag bits of the log header.</summary>
    public static class LogHeaderFlags
    {
        public const int SettingsDefaulted = 1;
        /// <summary>The RAM ring overflowed: the oldest minutes were dropped (DroppedRecords says how many).</summary>
        public const int Wrapped = 2;
        public const int OpenLoop = 4;
        /// <summary>The storage threw or failed during this session or the Standby before it (a load or a save
        /// was lost; the unit kept playing).</summary>
        public const int StorageFault = 8;
    }

    /// <summary>
    /// One decoded minute record (28 bytes on the wire, little-endian). Averages are over the control ticks of
    /// the minute where the value was valid (0 when never valid); state/tempo/brightness/density/level are the
    /// values at the end of the minute. No personal data: session-relative minutes only, no names or ids.
    /// </summary>
    public sealed class LogRecord
    {
        /// <summary>Minutes since session start at the end of this record (1 = first minute).</summary>
        public int Minute;
        public ProgramKind Program;
        public byte State;
        public int HeartRateCentiBpm;
        public int RmssdMs;
        /// <summary>Skin conductance level in units of 10 nS on the wire, exposed in nS.</summary>
        public int SclNanoSiemens;
        public int ScrPerMinuteCenti;
        public int ArousalQ15;
        public int ConfidenceQ15;
        public int TempoCentiBpm;
        public int BrightnessQ15;
        public int LevelCentiDb;
        public int PulseQuality;
        public byte PulseStatus;
        public byte EdaStatus;
        /// <summary>Button gestures recognised in this minute (saturates at 255).</summary>
        public int ButtonEvents;
        public int Flags;
        public int DensityQ15;
    }
}
