namespace Bedside.Core.Ports
{
    /// <summary>
    /// One open, seekable, random-access file (a byte array that lives on a file system). The device wraps a
    /// nanoFramework System.IO.FileStream; tests use Bedside.Core.Storage.RamFileBlock. Implementations never
    /// throw: every failure is a false / -1 return. Offsets and counts are in bytes.
    /// </summary>
    public interface IFileBlock
    {
        /// <summary>Current file length in bytes; -1 when it cannot be read (device error).</summary>
        int LengthBytes { get; }

        /// <summary>Reads exactly count bytes at offset into dst[dstOffset]. False on a short read, a bad range or a device error.</summary>
        bool ReadAt(int offset, byte[] dst, int dstOffset, int count);

        /// <summary>
        /// Writes count bytes from src[srcOffset] at offset (0 ≤ offset ≤ LengthBytes; writing past the end extends
        /// the file) and flushes them to the medium before returning. False on a bad range or a device error; a
        /// false return may leave any prefix of the bytes written (like a power cut).
        /// </summary>
        bool WriteAt(int offset, byte[] src, int srcOffset, int count);
    }
}
