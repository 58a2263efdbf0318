using System;

namespace System.IO
{
    // Members as declared in nanoframework/System.IO.FileSystem System.IO.FileSystem/{File,FileStream,FileMode,FileAccess}.cs
    // (only those the firmware uses). Note from that source: FileStream.SetLength is not implemented in the
    // path-based FileStream (throws), and Position cannot be set beyond Length, so the firmware never calls
    // SetLength and grows files only by writing at their end.

    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public static class File
    {
        public static bool Exists(string path) { throw new NotSupportedException(); }
        public static void Delete(string path) { throw new NotSupportedException(); }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) { throw new NotSupportedException(); }
        public FileStream(string path, FileMode mode, FileAccess access) { throw new NotSupportedException(); }
        public override bool CanRead { get { throw new NotSupportedException(); } }
        public override bool CanSeek { get { throw new NotSupportedException(); } }
        public override bool CanWrite { get { throw new NotSupportedException(); } }
        public override long Length { get { throw new NotSupportedException(); } }
        public override long Position { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public string Name { get { throw new NotSupportedException(); } }
        public override void Close() { throw new NotSupportedException(); }
        protected override void Dispose(bool disposing) { throw new NotSupportedException(); }
        public override void Flush() { throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        public override void SetLength(long value) { throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }
    }
}
