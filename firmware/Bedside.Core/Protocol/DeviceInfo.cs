namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Device info value, 10 bytes: [0] protocol version, [1..3] firmware major/minor/patch, [4] hardware
    /// revision, [5] pulse sensor kind, [6] EDA sensor kind (0 none, 1 analog ADC1, 2 I2C), [7] bonds stored,
    /// [8] bond limit, [9] flags (bit0 pairing window open, bit1 pulse unavailable, bit2 EDA unavailable, bit3 this connection is
    /// unlocked by an enrolled key).
    /// </summary>
    public static class DeviceInfo
    {
        public const int WireSize = 10;
        public const int FlagPairingOpen = 1;
        public const int FlagPulseUnavailable = 2;
        public const int FlagEdaUnavailable = 4;
        public const int FlagUnlocked = 8;

        public static void Encode(byte[] dst, int offset, int fwMajor, int fwMinor, int fwPatch, int hwRevision,
            int pulseSensorKind, int edaSensorKind, int bondCount, int flags)
        {
            dst[offset] = GattProfile.ProtocolVersion;
            dst[offset + 1] = (byte)fwMajor;
            dst[offset + 2] = (byte)fwMinor;
            dst[offset + 3] = (byte)fwPatch;
            dst[offset + 4] = (byte)hwRevision;
            dst[offset + 5] = (byte)pulseSensorKind;
            dst[offset + 6] = (byte)edaSensorKind;
            dst[offset + 7] = (byte)(bondCount < 0 ? 0 : bondCount > 255 ? 255 : bondCount);
            dst[offset + 8] = GattProfile.MaxBonds;
            dst[offset + 9] = (byte)flags;
        }
    }
}
