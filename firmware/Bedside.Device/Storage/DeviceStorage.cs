using Bedside.Core.Ports;
using Bedside.Core.Session;

namespace Bedside.Device.Storage
{
    /// <summary>
    /// The device's IStorage. HONEST FALLBACK: the nanoFramework API this firmware is written against
    /// (../shared/docs/nanoframework-api.md: mscorlib 1.17.11, System.Device.*, Hardware.Esp32, Runtime.Native,
    /// Device.Bluetooth) documents no flash, NVS or file-system API, so nothing here is persistent: the regions
    /// live in RAM (Bedside.Core.Ports.RamStorage, erased to 0xFF at boot). Consequences, all handled by the core:
    /// after every power cycle or fail-silent reboot the controller finds both settings slots empty and starts on
    /// factory defaults (BootSettingsSource = FactoryDefaults, the next session log carries SettingsDefaulted);
    /// therapist settings written over BLE, the caregiver's stored level and the last session log survive only
    /// until the next reboot. The A/B record format and its power-cut safety are unchanged, so swapping in a
    /// real flash/file implementation of IStorage later touches only this class.
    /// Sizes: settings slots 64 bytes each (SettingsStore needs 32), session log SessionLog.MaxSerializedSize.
    /// </summary>
    public static class DeviceStorage
    {
        /// <summary>False: see the class comment. Reported in the boot log.</summary>
        public const bool IsPersistent = false;

        public const int SettingsSlotBytes = 64;

        /// <summary>Creates the three regions the core needs (StorageRegion.Count) in RAM.</summary>
        public static IStorage Create()
        {
            return new RamStorage(new int[] { SettingsSlotBytes, SettingsSlotBytes, SessionLog.MaxSerializedSize });
        }
    }
}
