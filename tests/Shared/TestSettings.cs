using Bedside.Core;
using Bedside.Core.Settings;

namespace Bedside.TestShared
{
    /// <summary>
    /// Valid settings records for the store and power-cut tests, distinct per argument. Compiled into the host
    /// tests and the on-device NFUnitTest suite (portable: no generics, no xunit).
    /// </summary>
    public static class TestSettings
    {
        /// <summary>A record with the given level cap (centi-dB, ≤ the factory maximum) and sleep timer (minutes).</summary>
        public static DeviceSettings Make(int capCentiDb, int timerMinutes)
        {
            DeviceSettings s = new DeviceSettings();
            s.LevelCapCentiDb = capCentiDb;
            s.DefaultLevelCentiDb = capCentiDb - 600;
            s.StoredLevelCentiDb = capCentiDb - 300;
            s.SleepTimerMinutes = timerMinutes;
            return s;
        }

        /// <summary>Record number i: every field the record holds varies with i (all valid: Validate() is null).</summary>
        public static DeviceSettings Numbered(int i)
        {
            DeviceSettings s = new DeviceSettings();
            s.LevelCapCentiDb = -2700 - 100 * (i % 20);
            s.DefaultLevelCentiDb = s.LevelCapCentiDb - 600 - 10 * (i % 7);
            s.StoredLevelCentiDb = s.LevelCapCentiDb - 100 - 100 * (i % 9);
            s.SleepTimerMinutes = 10 + i % 200;
            s.DefaultProgram = (ProgramKind)(i % 4);
            s.Preset.KeyRootSemitone = (byte)(i % 12);
            s.Preset.TempoMinCentiBpm = 4800 + i % 500;
            s.Preset.NoiseLevelPercent = (byte)(i % 101);
            return s;
        }
    }
}
