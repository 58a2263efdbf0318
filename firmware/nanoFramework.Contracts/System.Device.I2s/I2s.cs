using System;

namespace System.Device.I2s
{
    /// <summary>I2S mode flags (values as in the real package).</summary>
    [Flags]
    public enum I2sMode
    {
        Master = 1,
        Slave = 2,
        Tx = 4,
        Rx = 8,
        DacBuiltIn = 16,
        AdcBuiltIn = 32,
        Pdm = 64,
    }

    public enum I2sBitsPerSample
    {
        Bit8 = 8,
        Bit16 = 16,
        Bit24 = 24,
        Bit32 = 32,
    }

    public enum I2sChannelFormat
    {
        RightLeft = 0,
        AllRight,
        AllLeft,
        OnlyRight,
        OnlyLeft,
    }

    public enum I2sCommunicationFormat
    {
        I2S = 1,
        Msb = 3,
        PcmShort = 4,
        PcmLong = 0x0C,
    }

    public sealed class I2sConnectionSettings
    {
        public I2sConnectionSettings(int busId) { throw new NotSupportedException(); }

        public int BusId { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public I2sMode Mode { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public int SampleRate { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public I2sBitsPerSample BitsPerSample { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public I2sChannelFormat ChannelFormat { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public I2sCommunicationFormat CommunicationFormat { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        /// <summary>Bytes of DMA ring (default 10000).</summary>
        public int BufferSize { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
    }

    public class I2sDevice : IDisposable
    {
        public I2sDevice(I2sConnectionSettings settings) { throw new NotSupportedException(); }
        public static I2sDevice Create(I2sConnectionSettings settings) { throw new NotSupportedException(); }
        public I2sConnectionSettings ConnectionSettings { get { throw new NotSupportedException(); } }
        /// <summary>Blocks inside the native call until the data fits in the DMA ring; no managed thread runs meanwhile.</summary>
        public void Write(SpanByte buffer) { throw new NotSupportedException(); }
        public void Read(SpanByte buffer) { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }
}
