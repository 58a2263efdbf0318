namespace Bedside.Core.Protocol
{
    /// <summary>
    /// The Bedside GATT profile: UUIDs and value sizes. The byte layouts, units, ranges and error codes are
    /// documented once in Protocol/README.md; the encoders/decoders next to this file implement them.
    /// All UUIDs share the 128-bit base 5b1dxxxx-4c2e-4a8f-9d3b-6e0f7a1c2b3d, xxxx below.
    /// </summary>
    public static class GattProfile
    {
        public const byte ProtocolVersion = 2;

        public const string ServiceUuid = "5b1d0001-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Therapist preset: read, write (encrypted; writes from an unlocked connection). 9 bytes (Preset wire form).</summary>
        public const string PresetUuid = "5b1d0002-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Settings: read, write (encrypted; writes from an unlocked connection). 7 bytes (SettingsPatch wire form).</summary>
        public const string SettingsUuid = "5b1d0003-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Live status: read, notify (encrypted). 12 bytes (LiveStatus).</summary>
        public const string StatusUuid = "5b1d0004-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Log request: write (encrypted, unlocked connection). 6 bytes: offset u32, length u16.</summary>
        public const string LogRequestUuid = "5b1d0005-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Log data: read (encrypted, unlocked connection). 14-byte header + up to LogChunker.MaxChunkBytes bytes.</summary>
        public const string LogDataUuid = "5b1d0006-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Device info: read (plain). 10 bytes (DeviceInfo).</summary>
        public const string DeviceInfoUuid = "5b1d0007-4c2e-4a8f-9d3b-6e0f7a1c2b3d";

        /// <summary>Access key: read (encrypted), only while the pairing window is open. 16 bytes: this client's new key.</summary>
        public const string AccessKeyUuid = "5b1d0008-4c2e-4a8f-9d3b-6e0f7a1c2b3d";
        /// <summary>Unlock: write (encrypted). 16 bytes: an enrolled access key; authorises this connection.</summary>
        public const string UnlockUuid = "5b1d0009-4c2e-4a8f-9d3b-6e0f7a1c2b3d";

        /// <summary>Pairing is accepted only for this long after the caregiver opens the window from the button.</summary>
        public const int PairingWindowMs = 60000;
        /// <summary>At most this many bonded therapist devices; pairing is refused when the store is full.</summary>
        public const int MaxBonds = 4;
    }
}
