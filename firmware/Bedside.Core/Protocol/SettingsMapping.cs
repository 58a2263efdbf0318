using Bedside.Core.Settings;

namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Maps between the BLE settings value (SettingsPatch) and the settings the controller keeps
    /// (DeviceSettings). There is one copy of the settings, BedsideController.Settings: BLE reads are built from
    /// it and BLE writes become a full DeviceSettings handed to BedsideController.ApplySettings (validated,
    /// stored A/B, applied at once). The patch carries the therapist's fields; the caregiver's stored level and
    /// the preset are kept from the settings in force, the stored level lowered to the new cap when it would
    /// exceed it (so a cap the codec accepts can never be refused because of an old louder stored level).
    /// No allocation.
    /// </summary>
    public static class SettingsMapping
    {
        /// <summary>Copies the therapist's fields of s into dst (for BLE reads).</summary>
        public static void ToPatch(DeviceSettings s, SettingsPatch dst)
        {
            dst.LevelCapCentiDb = s.LevelCapCentiDb;
            dst.DefaultLevelCentiDb = s.DefaultLevelCentiDb;
            dst.SleepTimerMinutes = s.SleepTimerMinutes;
            dst.DefaultProgram = s.DefaultProgram;
        }

        /// <summary>
        /// dst = current with the patch's fields; stored level = min(current stored level, new cap).
        /// Returns dst.Validate(): null when ApplySettings will accept dst (current must be valid, as the
        /// controller's settings always are).
        /// </summary>
        public static string ToSettings(SettingsPatch patch, DeviceSettings current, DeviceSettings dst)
        {
            dst.CopyFrom(current);
            dst.LevelCapCentiDb = patch.LevelCapCentiDb;
            dst.DefaultLevelCentiDb = patch.DefaultLevelCentiDb;
            dst.SleepTimerMinutes = patch.SleepTimerMinutes;
            dst.DefaultProgram = patch.DefaultProgram;
            if (dst.StoredLevelCentiDb > patch.LevelCapCentiDb) dst.StoredLevelCentiDb = patch.LevelCapCentiDb;
            return dst.Validate();
        }
    }
}
