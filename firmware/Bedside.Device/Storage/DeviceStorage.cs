using Bedside.Core.Ports;
using Bedside.Core.Session;
using Bedside.Core.Storage;

namespace Bedside.Device.Storage
{
    /// <summary>
    /// The device's IStorage: six files on the ESP32 internal flash file system, drive I:\ (package
    /// nanoFramework.System.IO.FileSystem; the ESP32 firmware mounts its 256 kB "config" flash partition as I:,
    /// LittleFS in current firmware images, SPIFFS in older ones: see firmware/Bedside.Device/README.md),
    /// one file per StorageRegion, pre-sized and erased to 0xFF at first boot, written at offsets and flushed
    /// after every write (Bedside.Core.Storage.FileRegionStorage over FileStreamBlock; the power-cut argument is
    /// in FileRegionStorage's comment and is tested on the host at every byte).
    /// FALLBACK: if the drive or any file cannot be opened or sized at boot, the regions live in RAM
    /// (Bedside.Core.Ports.RamStorage, erased at boot): IsPersistent is false and Status says why; Program prints
    /// it. The controller then starts on factory defaults and settings last only until the next reboot.
    /// Sizes: settings slots 64 bytes each (SettingsStore needs 32), session-log slots SessionLogStore.SlotSize
    /// (21.5 kB) each, client-key slots 96 bytes each (ClientKeyStore needs 80; their own record, apart from the
    /// settings): 43.4 kB of the 256 kB partition.
    /// </summary>
    public static class DeviceStorage
    {
        public const int SettingsSlotBytes = 64;
        public const int ClientKeySlotBytes = 96;

        /// <summary>File per region (index = StorageRegion). Short names: SPIFFS limits a whole path to 32 bytes.</summary>
        public const string SettingsAPath = "I:\\bs_set_a.bin";
        public const string SettingsBPath = "I:\\bs_set_b.bin";
        public const string SessionLogPath = "I:\\bs_log.bin";
        public const string SessionLogBPath = "I:\\bs_log_b.bin";
        public const string ClientKeysAPath = "I:\\bs_key_a.bin";
        public const string ClientKeysBPath = "I:\\bs_key_b.bin";

        private static bool s_persistent;
        private static string s_status = "storage not created";

        /// <summary>True when Create returned the file-backed store; false on the RAM fallback (or before Create).</summary>
        public static bool IsPersistent { get { return s_persistent; } }

        /// <summary>One line for the boot log: which store is in use and why.</summary>
        public static string Status { get { return s_status; } }

        /// <summary>Creates the regions the core uses (StorageRegion.CountWithKeys): on files, else in RAM. Never throws.</summary>
        public static IStorage Create()
        {
            int[] sizes = new int[] { SettingsSlotBytes, SettingsSlotBytes, SessionLogStore.SlotSize, SessionLogStore.SlotSize, ClientKeySlotBytes, ClientKeySlotBytes };
            FileStreamBlock a = FileStreamBlock.Open(SettingsAPath);
            FileStreamBlock b = a == null ? null : FileStreamBlock.Open(SettingsBPath);
            FileStreamBlock logA = b == null ? null : FileStreamBlock.Open(SessionLogPath);
            FileStreamBlock log = logA == null ? null : FileStreamBlock.Open(SessionLogBPath);
            FileStreamBlock ka = log == null ? null : FileStreamBlock.Open(ClientKeysAPath);
            FileStreamBlock kb = ka == null ? null : FileStreamBlock.Open(ClientKeysBPath);
            if (kb != null)
            {
                FileRegionStorage files = new FileRegionStorage(new IFileBlock[] { a, b, logA, log, ka, kb }, sizes);
                int ready = files.Init();
                if (ready == StorageRegion.CountWithKeys)
                {
                    s_persistent = true;
                    s_status = files.RecreatedCount == 0
                        ? "storage: files on I:\\"
                        : "storage: files on I:\\ (" + files.RecreatedCount.ToString() + " created or extended, erased)";
                    return files;
                }
                s_status = "storage: RAM only (file system error while sizing the files on I:\\): settings last until reboot";
            }
            else
            {
                s_status = "storage: RAM only (cannot open files on I:\\): settings last until reboot";
            }
            if (a != null) a.Close();
            if (b != null) b.Close();
            if (logA != null) logA.Close();
            if (log != null) log.Close();
            if (ka != null) ka.Close();
            if (kb != null) kb.Close();
            s_persistent = false;
            return new RamStorage(sizes);
        }
    }
}
