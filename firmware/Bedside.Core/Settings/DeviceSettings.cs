using Bedside.Core.Composer;

namespace Bedside.Core.Settings
{
    /// <summary>
    /// What the unit remembers across power cycles. Plain data with validation; serialised by SettingsStore.
    /// Levels are master levels in hundredths of a dB (0 = engine full scale, more negative = quieter).
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>
        /// Factory maximum level, 27 dB below engine full scale; no setting can exceed it. With the amplifier strapped
        /// for its lowest gain (3 dB) and the BOM's speaker, the loudest second of any program at this level is about
        /// 44 dBA at 30 cm in simulated sessions and at most 46 dBA at the loudest controls the composer is ever
        /// given: safely below the 50 dBA bedside limit (the arithmetic is in hardware/README.md, "Gain staging").
        /// </summary>
        public const int FactoryMaxLevelCentiDb = -2700;
        /// <summary>Quietest audible setting (60 dB of range below full scale).</summary>
        public const int MinLevelCentiDb = -6000;
        /// <summary>One volume step of the button: 3 dB.</summary>
        public const int LevelStepCentiDb = 300;
        public const int MinSleepTimerMinutes = 10;
        public const int MaxSleepTimerMinutes = 240;

        /// <summary>Hard cap set by the therapist: MinLevelCentiDb .. FactoryMaxLevelCentiDb.</summary>
        public int LevelCapCentiDb = FactoryMaxLevelCentiDb;
        /// <summary>Level after a restart at most (MinLevelCentiDb .. LevelCapCentiDb).</summary>
        public int DefaultLevelCentiDb = -3000;
        /// <summary>Last level the caregiver chose (MinLevelCentiDb .. LevelCapCentiDb).</summary>
        public int StoredLevelCentiDb = -3000;
        /// <summary>Sleep auto-off timer, minutes, 10..240 (always on: the unit must not play all night by accident).</summary>
        public int SleepTimerMinutes = 45;
        /// <summary>Program started by a single press from standby.</summary>
        public ProgramKind DefaultProgram = ProgramKind.Sleep;
        /// <summary>The therapist preset (validated).</summary>
        public readonly Preset Preset = new Preset();

        /// <summary>Null when every field is in range, otherwise a short reason naming the field.</summary>
        public string Validate()
        {
            string why = CheckLevelCap(LevelCapCentiDb);
            if (why == null) why = CheckLevelUnderCap(DefaultLevelCentiDb, LevelCapCentiDb, "default level must be -60.00 dB..cap");
            if (why == null) why = CheckLevelUnderCap(StoredLevelCentiDb, LevelCapCentiDb, "stored level must be -60.00 dB..cap");
            if (why == null) why = CheckSleepTimer(SleepTimerMinutes);
            if (why == null) why = CheckProgram(DefaultProgram);
            if (why != null) return why;
            return Preset.Validate();
        }

        // The field checks, shared with the BLE settings codec (Protocol.SettingsPatch) so both accept exactly
        // the same values: one source of truth for every range.

        /// <summary>Null when capCentiDb is within MinLevelCentiDb..FactoryMaxLevelCentiDb.</summary>
        public static string CheckLevelCap(int capCentiDb)
        {
            if (capCentiDb < MinLevelCentiDb || capCentiDb > FactoryMaxLevelCentiDb) return "level cap must be -60.00..-27.00 dB";
            return null;
        }

        /// <summary>Null when levelCentiDb is within MinLevelCentiDb..capCentiDb; otherwise reason.</summary>
        public static string CheckLevelUnderCap(int levelCentiDb, int capCentiDb, string reason)
        {
            if (levelCentiDb < MinLevelCentiDb || levelCentiDb > capCentiDb) return reason;
            return null;
        }

        /// <summary>Null when minutes is within MinSleepTimerMinutes..MaxSleepTimerMinutes (the timer cannot be switched off).</summary>
        public static string CheckSleepTimer(int minutes)
        {
            if (minutes < MinSleepTimerMinutes || minutes > MaxSleepTimerMinutes) return "sleep timer must be 10..240 min";
            return null;
        }

        /// <summary>Null for ProgramKind 0..3.</summary>
        public static string CheckProgram(ProgramKind program)
        {
            if ((byte)program > (byte)ProgramKind.Noise) return "default program must be 0..3";
            return null;
        }

        /// <summary>Factory defaults (the field initialisers above and a default Preset).</summary>
        public void SetFactoryDefaults()
        {
            LevelCapCentiDb = FactoryMaxLevelCentiDb;
            DefaultLevelCentiDb = -3000;
            StoredLevelCentiDb = -3000;
            SleepTimerMinutes = 45;
            DefaultProgram = ProgramKind.Sleep;
            Preset.CopyFrom(FactoryPreset);
        }

        private static readonly Preset FactoryPreset = new Preset();

        public void CopyFrom(DeviceSettings o)
        {
            LevelCapCentiDb = o.LevelCapCentiDb;
            DefaultLevelCentiDb = o.DefaultLevelCentiDb;
            StoredLevelCentiDb = o.StoredLevelCentiDb;
            SleepTimerMinutes = o.SleepTimerMinutes;
            DefaultProgram = o.DefaultProgram;
            Preset.CopyFrom(o.Preset);
        }

        public bool SameAs(DeviceSettings o)
        {
            return LevelCapCentiDb == o.LevelCapCentiDb && DefaultLevelCentiDb == o.DefaultLevelCentiDb
                && StoredLevelCentiDb == o.StoredLevelCentiDb && SleepTimerMinutes == o.SleepTimerMinutes
                && DefaultProgram == o.DefaultProgram && Preset.Mood == o.Preset.Mood
                && Preset.KeyRootSemitone == o.Preset.KeyRootSemitone && Preset.TempoMinCentiBpm == o.Preset.TempoMinCentiBpm
                && Preset.TempoMaxCentiBpm == o.Preset.TempoMaxCentiBpm && Preset.InstrumentSet == o.Preset.InstrumentSet
                && Preset.Noise == o.Preset.Noise && Preset.NoiseLevelPercent == o.Preset.NoiseLevelPercent;
        }
    }
}
