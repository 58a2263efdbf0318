using Bedside.Core.Ports;

namespace Bedside.Core.Storage
{
    /// <summary>
    /// IFileBlock in RAM with a fixed capacity (allocated in the constructor), for host tests and the simulator.
    /// The file starts empty (length 0) like a newly created file. Models a power cut: after PowerCutAfterBytes
    /// written bytes (counted over the object's life) the write in progress stops at that byte and every later
    /// write fails, exactly as if power were lost mid-write. Reads keep working (they model the next boot, which
    /// the test does by wrapping the same object in a new FileRegionStorage after Restore()).
    /// </summary>
    public sealed class RamFileBlock : IFileBlock
    {
        private readonly byte[] _data;
        private int _lengthBytes;
        private long _bytesWritten;
        private long _cutAfterBytes = long.MaxValue;
        private bool _poweredOff;

        /// <summary>capacityBytes: largest size the file can grow to (0 .. 16 MiB, clamped).</summary>
        public RamFileBlock(int capacityBytes)
        {
            if (capacityBytes < 0) capacityBytes = 0;
            if (capacityBytes > 16 * 1024 * 1024) capacityBytes = 16 * 1024 * 1024;
            _data = new byte[capacityBytes];
        }

        /// <summary>Bytes written since construction (each written byte counts once, including pre-sizing and erase fills).</summary>
        public long BytesWritten { get { return _bytesWritten; } }

        /// <summary>True after a simulated power cut (until Restore).</summary>
        public bool PoweredOff { get { return _poweredOff; } }

        /// <summary>Arms a power cut after n more written bytes (n ≥ 0; n = 0 fails the next write before its first byte).</summary>
        public void SetPowerCutAfter(long n)
        {
            if (n < 0) n = 0;
            _cutAfterBytes = _bytesWritten + n;
        }

        /// <summary>"Power back on": clears the cut, keeps the contents.</summary>
        public void Restore()
        {
            _poweredOff = false;
            _cutAfterBytes = long.MaxValue;
        }

        /// <summary>Simulates a file system that lost or truncated the file (length set to 0 .. capacity, contents kept).</summary>
        public void ForceLength(int lengthBytes)
        {
            if (lengthBytes < 0) lengthBytes = 0;
            if (lengthBytes > _data.Length) lengthBytes = _data.Length;
            _lengthBytes = lengthBytes;
        }

        public int LengthBytes { get { return _lengthBytes; } }

        public bool ReadAt(int offset, byte[] dst, int dstOffset, int count)
        {
            if (dst == null || offset < 0 || count < 0 || dstOffset < 0) return false;
            if (count > _lengthBytes - offset || count > dst.Length - dstOffset) return false;
            System.Array.Copy(_data, offset, dst, dstOffset, count);
            return true;
        }

        public bool WriteAt(int offset, byte[] src, int srcOffset, int count)
        {
            if (_poweredOff) return false;
            if (src == null || offset < 0 || count < 0 || srcOffset < 0) return false;
            if (offset > _lengthBytes || count > _data.Length - offset || count > src.Length - srcOffset) return false;
            for (int i = 0; i < count; i++)
            {
                if (_bytesWritten >= _cutAfterBytes) { _poweredOff = true; return false; }
                _data[offset + i] = src[srcOffset + i];
                _bytesWritten++;
                if (offset + i + 1 > _lengthBytes) _lengthBytes = offset + i + 1;
            }
            return true;
        }
    }
}
