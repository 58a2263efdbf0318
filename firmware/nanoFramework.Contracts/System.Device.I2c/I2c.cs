using System;

namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        StandardMode,
        FastMode,
        FastModePlus,
    }

    public enum I2cTransferStatus
    {
        UnknownError,
        FullTransfer,
        ClockStretchTimeout,
        PartialTransfer,
        SlaveAddressNotAcknowledged,
    }

    public struct I2cTransferResult
    {
        public uint BytesTransferred { get { throw new NotSupportedException(); } }
        public I2cTransferStatus Status { get { throw new NotSupportedException(); } }
    }

    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress) { throw new NotSupportedException(); }
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { throw new NotSupportedException(); }
        public int BusId { get { throw new NotSupportedException(); } }
        public int DeviceAddress { get { throw new NotSupportedException(); } }
        public I2cBusSpeed BusSpeed { get { throw new NotSupportedException(); } }
    }

    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings) { throw new NotSupportedException(); }
        public static I2cDevice Create(I2cConnectionSettings settings) { throw new NotSupportedException(); }
        public I2cConnectionSettings ConnectionSettings { get { throw new NotSupportedException(); } }
        public byte ReadByte() { throw new NotSupportedException(); }
        public I2cTransferResult Read(SpanByte buffer) { throw new NotSupportedException(); }
        public I2cTransferResult WriteByte(byte value) { throw new NotSupportedException(); }
        public I2cTransferResult Write(SpanByte buffer) { throw new NotSupportedException(); }
        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }
}
