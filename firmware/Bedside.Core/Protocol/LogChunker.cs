namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Session-log download in chunks against a byte[] log image.
    /// Request (write, 6 bytes LE): offset uint32, length uint16 (1..MaxChunkBytes). The CRC-32 of the whole
    /// image is taken when the request is accepted. Each read of Log Data returns a 14-byte header
    /// [offset u32][count u16][imageLength u32][imageCrc32 u32] and then count bytes, and advances the cursor
    /// by count, so a client writes one request and reads until count is 0, then checks the CRC. If the
    /// image changed meanwhile (imageLength differs from the first header), it starts again.
    /// No allocation: the caller passes the destination buffer (HeaderBytes + MaxChunkBytes long).
    ///
    /// Session-log source (the overloads taking a SessionLog, used by the device): the image is the sealed log
    /// (SessionLog.CopySerialized), and the header's CRC field is the log's own CRC-32 (its 4-byte trailer,
    /// the CRC of every byte before it) read at the request, because the CRC of a whole sealed log is the
    /// constant CRC-32 residue and would say nothing. Reading it costs 4 bytes instead of a CRC pass over up
    /// to 21.5 kB inside a BLE handler. If the log is re-sealed with different content between chunks (a new
    /// session ended), reads return count 0 and the current length: the client requests again.
    /// </summary>
    public sealed class LogChunker
    {
        public const int RequestSize = 6;
        public const int HeaderBytes = 14;
        /// <summary>Chunk payload limit: header + payload = 174 bytes fits one notification/read at the common negotiated ATT_MTU of 185 (182 bytes of value); with a smaller MTU the client reads the rest with Read Blob.</summary>
        public const int MaxChunkBytes = 160;
        public const int MaxReadBytes = HeaderBytes + MaxChunkBytes;

        private bool _hasRequest;
        private int _offset;
        private int _length;
        private uint _imageCrc;
        private readonly byte[] _trailer = new byte[4];

        public bool HasRequest { get { return _hasRequest; } }
        public int CursorOffset { get { return _offset; } }

        /// <summary>Validates and applies a request; returns an AttError code (0 = accepted). No state change on error.</summary>
        public byte WriteRequest(byte[] value, int count, int attOffset, byte[] image, int imageLength)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != RequestSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            if (image == null || imageLength < 0 || imageLength > image.Length) return AttError.RequestRejected;
            int offset, length;
            byte err = ParseRequest(value, imageLength, out offset, out length);
            if (err != AttError.None) return err;
            Accept(offset, length, Crc32.Compute(image, 0, imageLength));
            return AttError.None;
        }

        /// <summary>
        /// Fills dst with the header and the next chunk; returns bytes written (≥ HeaderBytes), or 0 when dst is
        /// too short. Without a request, or past the end of the image, count is 0.
        /// </summary>
        public int ReadChunk(byte[] image, int imageLength, byte[] dst)
        {
            if (dst == null || dst.Length < HeaderBytes) return 0;
            if (image == null || imageLength < 0) imageLength = 0;
            if (image != null && imageLength > image.Length) imageLength = image.Length;
            int n = ChunkLength(imageLength, dst.Length);
            int off = _offset;
            WriteHeader(dst, off, n, imageLength);
            if (n > 0)
            {
                System.Array.Copy(image, off, dst, HeaderBytes, n);
                _offset = off + n;
            }
            return HeaderBytes + n;
        }
    
        /// <summary>
        /// Bytes of the next chunk: what is left of the requested range and of the image (imageLength bytes), at most
        /// what fits into a dstLength-byte buffer after the header; 0 without a request or past the end of the image.
        /// </summary>
        private int ChunkLength(int imageLength, int dstLength)
        {
            if (!_hasRequest || _offset >= imageLength) return 0;
            int n = imageLength - _offset;
            if (n > _length) n = _length;
            if (n > dstLength - HeaderBytes) n = dstLength - HeaderBytes;
            return n;
        }

        /// <summary>
        /// Request against a session log: only a sealed log (a finished session) can be downloaded; an unsealed
        /// one (a session in progress, or none yet) gives AttError.RequestRejected. No state change on error.
        /// </summary>
        public byte WriteRequest(byte[] value, int count, int attOffset, Bedside.Core.Session.SessionLog log)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != RequestSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            if (log == null || !log.IsSealed) return AttError.RequestRejected;
            int imageLength = log.SerializedLength;
            int offset, length;
            byte err = ParseRequest(value, imageLength, out offset, out length);
            if (err != AttError.None) return err;
            Accept(offset, length, LogCrc(log, imageLength));
            return AttError.None;
        }

        /// <summary>Next chunk of the sealed session log into dst (see ReadChunk(byte[],int,byte[])); 0 when dst is too short.</summary>
        public int ReadChunk(Bedside.Core.Session.SessionLog log, byte[] dst)
        {
            if (dst == null || dst.Length < HeaderBytes) return 0;
            int imageLength = log != null && log.IsSealed ? log.SerializedLength : 0;
            int n = ChunkLength(imageLength, dst.Length);
            if (n > 0 && LogCrc(log, imageLength) != _imageCrc) n = 0; // the log changed since the request
            int off = _offset;
            WriteHeader(dst, off, n, imageLength);
            if (n > 0)
            {
                int copied = log.CopySerialized(off, dst, HeaderBytes, n);
                if (copied != n) { n = copied; WriteHeader(dst, off, n, imageLength); }
                _offset = off + n;
            }
            return HeaderBytes + n;
        }

        /// <summary>Decodes a 6-byte request (offset u32, length u16) against an image of imageLength bytes.</summary>
        private static byte ParseRequest(byte[] value, int imageLength, out int offset, out int length)
        {
            uint o = (uint)(value[0] | (value[1] << 8) | (value[2] << 16) | (value[3] << 24));
            length = value[4] | (value[5] << 8);
            offset = 0;
            if (length < 1 || length > MaxChunkBytes) return AttError.OutOfRange;
            if (o > (uint)imageLength) return AttError.OutOfRange;
            offset = (int)o;
            return AttError.None;
        }

        private void Accept(int offset, int length, uint imageCrc)
        {
            _offset = offset;
            _length = length;
            _imageCrc = imageCrc;
            _hasRequest = true;
        }

        /// <summary>The 14-byte chunk header: [offset u32][count u16][imageLength u32][imageCrc32 u32], little-endian.</summary>
        private void WriteHeader(byte[] dst, int off, int n, int imageLength)
        {
            uint crc = _hasRequest ? _imageCrc : 0u;
            dst[0] = (byte)off; dst[1] = (byte)(off >> 8); dst[2] = (byte)(off >> 16); dst[3] = (byte)(off >> 24);
            dst[4] = (byte)n; dst[5] = (byte)(n >> 8);
            dst[6] = (byte)imageLength; dst[7] = (byte)(imageLength >> 8); dst[8] = (byte)(imageLength >> 16); dst[9] = (byte)(imageLength >> 24);
            dst[10] = (byte)crc; dst[11] = (byte)(crc >> 8); dst[12] = (byte)(crc >> 16); dst[13] = (byte)(crc >> 24);
        }

        /// <summary>The sealed log's own CRC-32: its last 4 bytes, little-endian.</summary>
        private uint LogCrc(Bedside.Core.Session.SessionLog log, int imageLength)
        {
            if (log == null || imageLength < 4) return 0u;
            if (log.CopySerialized(imageLength - 4, _trailer, 0, 4) != 4) return 0u;
            return (uint)(_trailer[0] | (_trailer[1] << 8) | (_trailer[2] << 16) | (_trailer[3] << 24));
        }
    }
}
