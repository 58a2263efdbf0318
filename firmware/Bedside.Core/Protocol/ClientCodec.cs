namespace Bedside.Core.Protocol
{
    /// <summary>
    /// The client side of the wire forms the unit's codec writes (LiveStatus, DeviceInfo, log request and chunk
    /// header), for the therapist's console and host tools: the same layouts read back by the same code base.
    /// Little-endian; no allocation.
    /// </summary>
    public static class ClientCodec
    {
        public static int U16(byte[] b, int o) { return b[o] | (b[o + 1] << 8); }
        public static int S16(byte[] b, int o) { return (short)(b[o] | (b[o + 1] << 8)); }
        public static uint U32(byte[] b, int o) { return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)); }

        // ---- Live status (LiveStatus.WireSize bytes)
        public static int StatusState(byte[] b) { return b[0]; }
        public static int StatusProgram(byte[] b) { return b[1]; }
        /// <summary>Heart rate, centi-BPM; 0 = not valid.</summary>
        public static int StatusHeartRateCentiBpm(byte[] b) { return U16(b, 2); }
        /// <summary>Arousal Q15 0..32767, or LiveStatus.ArousalUnknown.</summary>
        public static int StatusArousalQ15(byte[] b) { return U16(b, 4); }
        public static int StatusTempoCentiBpm(byte[] b) { return U16(b, 6); }
        public static int StatusLevelCentiDb(byte[] b) { return S16(b, 8); }
        public static int StatusPulse(byte[] b) { return b[10]; }
        public static int StatusEda(byte[] b) { return b[11]; }

        // ---- Device info (DeviceInfo.WireSize bytes)
        public static int InfoProtocolVersion(byte[] b) { return b[0]; }
        public static int InfoBonds(byte[] b) { return b[7]; }
        public static int InfoBondLimit(byte[] b) { return b[8]; }
        public static int InfoFlags(byte[] b) { return b[9]; }

        // ---- Log download
        /// <summary>Writes a log request (LogChunker.RequestSize bytes): offset u32, length u16 (1..LogChunker.MaxChunkBytes).</summary>
        public static void EncodeLogRequest(byte[] dst, int offset, int length)
        {
            dst[0] = (byte)offset; dst[1] = (byte)(offset >> 8); dst[2] = (byte)(offset >> 16); dst[3] = (byte)(offset >> 24);
            dst[4] = (byte)length; dst[5] = (byte)(length >> 8);
        }
        public static int ChunkOffset(byte[] b) { return (int)U32(b, 0); }
        public static int ChunkCount(byte[] b) { return U16(b, 4); }
        public static int ChunkImageLength(byte[] b) { return (int)U32(b, 6); }
        public static uint ChunkImageCrc(byte[] b) { return U32(b, 10); }
    }
}
