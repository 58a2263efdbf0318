using System;

namespace System.IO
{
    // Members as declared in nanoframework/System.IO.Streams System.IO.Streams/Stream.cs and SeekOrigin.cs
    // (only those the firmware uses; the Span-based Read overload and the Timeout/CopyTo members are omitted).

    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public abstract bool CanWrite { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual void Close() { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
        protected virtual void Dispose(bool disposing) { throw new NotSupportedException(); }
        public abstract void Flush();
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract int Read(byte[] buffer, int offset, int count);
        public abstract void Write(byte[] buffer, int offset, int count);
    }
}
