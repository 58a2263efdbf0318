using System;
using System.IO;
using Bedside.Core.Ports;

namespace Bedside.Device.Storage
{
    /// <summary>
    /// IFileBlock on one nanoFramework System.IO.FileStream (package nanoFramework.System.IO.FileSystem), opened
    /// once at boot with FileMode.OpenOrCreate / FileAccess.ReadWrite and kept open. Every call seeks to its
    /// absolute offset first (no reliance on the stream's own position: ESP32 firmware before Dec 2024 reset the
    /// position when Length was read, nanoframework/nf-interpreter#3057), WriteAt calls Flush before returning,
    /// and no call throws (any exception → false / -1).
    /// Not used: FileStream.SetLength (not implemented by the path-based FileStream of the package, it throws) and
    /// seeking past the end (refused by that FileStream); FileRegionStorage grows files only by writing at their end.
    /// Allocation: none here; the package's FileStream.Read/Write copy through a new byte[count] per call (its source
    /// does so, the API forces it) — only on settings saves, session-log saves and boot loads, never per tick.
    /// </summary>
    public sealed class FileStreamBlock : IFileBlock
    {
        private readonly FileStream _fs;

        private FileStreamBlock(FileStream fs) { _fs = fs; }

        /// <summary>Opens (or creates, empty) the file at path; null when the file system or drive is unavailable.</summary>
        public static FileStreamBlock Open(string path)
        {
            try
            {
                FileStream fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
                return new FileStreamBlock(fs);
            }
            catch (Exception)
            {
                return null;
            }
        }

        public int LengthBytes
        {
            get
            {
                try
                {
                    long n = _fs.Length;
                    if (n < 0) return -1;
                    return n > int.MaxValue ? int.MaxValue : (int)n;
                }
                catch (Exception)
                {
                    return -1;
                }
            }
        }

        public bool ReadAt(int offset, byte[] dst, int dstOffset, int count)
        {
            if (dst == null || offset < 0 || dstOffset < 0 || count < 0 || count > dst.Length - dstOffset) return false;
            try
            {
                _fs.Seek(offset, SeekOrigin.Begin);
                int got = 0;
                while (got < count)
                {
                    int n = _fs.Read(dst, dstOffset + got, count - got);
                    if (n <= 0) return false;
                    got += n;
                }
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool WriteAt(int offset, byte[] src, int srcOffset, int count)
        {
            if (src == null || offset < 0 || srcOffset < 0 || count < 0 || count > src.Length - srcOffset) return false;
            try
            {
                _fs.Seek(offset, SeekOrigin.Begin);
                _fs.Write(src, srcOffset, count);
                _fs.Flush();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>Closes the stream (used when boot falls back to RAM). Never throws.</summary>
        public void Close()
        {
            try
            {
                _fs.Close();
            }
            catch (Exception)
            {
            }
        }
    }
}
