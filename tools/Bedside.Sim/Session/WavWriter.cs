using System.Buffers.Binary;

namespace Bedside.Sim.Session;

/// <summary>
/// Streams 16-bit little-endian mono PCM to a RIFF/WAVE file (canonical 44-byte header). The size fields are
/// written as 0 first and patched on Dispose, so an 8-hour session never sits in memory.
/// </summary>
public sealed class WavWriter : IDisposable
{
    public const int HeaderBytes = 44;
    private readonly FileStream _fs;
    private readonly int _rateHz;
    private long _dataBytes;
    private bool _closed;

    public WavWriter(string path, int sampleRateHz)
    {
        _rateHz = sampleRateHz;
        _fs = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _fs.Write(BuildHeader(sampleRateHz, 0));
    }

    public long DataBytes => _dataBytes;

    /// <summary>Appends count bytes of PCM (an even number) from src[offset].</summary>
    public void Write(byte[] src, int offset, int count)
    {
        if ((count & 1) != 0) throw new ArgumentException("PCM byte count must be even");
        if (_dataBytes + count > uint.MaxValue - HeaderBytes) throw new IOException("session too long for a WAV file (4 GiB limit)");
        _fs.Write(src, offset, count);
        _dataBytes += count;
    }

    /// <summary>The 44-byte header of a 16-bit mono PCM file with dataBytes of samples.</summary>
    public static byte[] BuildHeader(int sampleRateHz, long dataBytes)
    {
        var h = new byte[HeaderBytes];
        void Tag(int at, string s) { for (int i = 0; i < 4; i++) h[at + i] = (byte)s[i]; }
        Tag(0, "RIFF");
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), (uint)(36 + dataBytes));
        Tag(8, "WAVE");
        Tag(12, "fmt ");
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 16);          // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(20), 1);           // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(22), 1);           // mono
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), (uint)sampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(28), (uint)(sampleRateHz * 2)); // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(32), 2);           // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(34), 16);          // bits per sample
        Tag(36, "data");
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), (uint)dataBytes);
        return h;
    }

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _fs.Seek(0, SeekOrigin.Begin);
            _fs.Write(BuildHeader(_rateHz, _dataBytes));
        }
        finally { _fs.Dispose(); }
    }
}
