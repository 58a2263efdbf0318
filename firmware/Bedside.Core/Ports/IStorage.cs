namespace Bedside.Core.Ports
{
    /// <summary>
    /// Non-volatile storage port: a few numbered regions of fixed size (flash partitions, files, or RAM in
    /// tests). Offsets and counts are in bytes. Implementations clamp nothing silently: an out-of-range call
    /// returns false / 0 and changes nothing. An erased byte reads 0xFF (like NOR flash).
    /// A write may be cut at any byte by a power loss; callers (SettingsStore) must tolerate that.
    /// </summary>
    public interface IStorage
    {
        /// <summary>Number of regions (numbered 0 .. RegionCount-1; see StorageRegion).</summary>
        int RegionCount { get; }

        /// <summary>Size of a region in bytes; 0 for an unknown region.</summary>
        int RegionSize(int region);

        /// <summary>Copies count bytes from region[offset] into dst[dstOffset]. Returns bytes read (0 on a bad range).</summary>
        int Read(int region, int offset, byte[] dst, int dstOffset, int count);

        /// <summary>Writes count bytes from src[srcOffset] at region[offset]. False on a bad range or a device error.</summary>
        bool Write(int region, int offset, byte[] src, int srcOffset, int count);

        /// <summary>Sets the whole region to 0xFF. False on a bad region or a device error.</summary>
        bool Erase(int region);
    }

    /// <summary>
    /// The region numbers the core uses. Hosts must provide at least Count regions with the sizes named here; the
    /// client-key regions (up to CountWithKeys) are needed for enrolment and optional otherwise.
    /// </summary>
    public static class StorageRegion
    {
        /// <summary>Settings slot A (≥ SettingsStore.SlotSize bytes).</summary>
        public const int SettingsA = 0;
        /// <summary>Settings slot B (≥ SettingsStore.SlotSize bytes).</summary>
        public const int SettingsB = 1;
        /// <summary>Session-log slot A (≥ SessionLogStore.SlotSize bytes).</summary>
        public const int SessionLog = 2;
        /// <summary>Session-log slot B (≥ SessionLogStore.SlotSize bytes); SessionLogStore alternates A and B.</summary>
        public const int SessionLogB = 3;
        /// <summary>Enrolled clients' access keys, slot A (≥ ClientKeyStore.SlotSize bytes). A host without it keeps no keys: enrolment is refused.</summary>
        public const int ClientKeysA = 4;
        /// <summary>Enrolled clients' access keys, slot B (≥ ClientKeyStore.SlotSize bytes).</summary>
        public const int ClientKeysB = 5;
        /// <summary>Regions every host must provide (settings A/B, session-log A/B).</summary>
        public const int Count = 4;
        /// <summary>Regions including the client-key slots.</summary>
        public const int CountWithKeys = 6;
    }
}
