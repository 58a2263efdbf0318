using System;
using System.Device.I2c;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Core.Runtime;
using Max30102Facts = Bedside.Core.Drivers.Max30102Registers;


namespace Bedside.Device.Drivers
{
    /// <summary>
    /// MAX30102 pulse sensor over I2C, IR channel only, 100 samples/s, 18-bit. Read through the core's sensor
    /// contract (<see cref="ISensor"/>): the sensor loop asks every 80 ms; the first TryRead at a new time polls the
    /// FIFO (32 samples = 320 ms holds what arrived since), the following calls at that time hand out the polled
    /// samples oldest first, the k-th of n stamped tPoll − (n−1−k)·10 ms. Reads use buffers allocated here;
    /// SpanByte is a struct, so a poll allocates nothing.
    /// </summary>
    public sealed class Max30102Sensor : ISensor
    {
        /// <summary>Time between two samples of the chip, µs (100 samples/s).</summary>
        public const long SampleSpacingUs = 10000;

        private readonly I2cSensorBus _bus;
        private readonly int _handle;
        private readonly SensorHealth _health = new SensorHealth();
        private readonly byte[] _reg = new byte[1];
        private readonly byte[] _write2 = new byte[2];
        private readonly byte[] _one = new byte[1];
        private readonly byte[] _ptrs = new byte[3];
        private readonly byte[] _fifo = new byte[Max30102Facts.FifoDepth * Max30102Facts.BytesPerSampleSpo2];
        private readonly int[] _ir = new int[Max30102Facts.FifoDepth];
        private bool _configured;
        private long _pollUs = long.MinValue;
        private int _count;
        private int _next;

        public Max30102Sensor(I2cSensorBus bus)
        {
            _bus = bus;
            _handle = bus.Add(Max30102Facts.I2cAddress);
        }

        /// <summary>False when the bus had no room for the device or SensorHealth has given it up for now.</summary>
        public bool Available { get { return _handle >= 0 && !_health.Unavailable; } }

        /// <summary>Next IR sample (18-bit counts) of the poll made at nowUs; a new nowUs polls the FIFO first.</summary>
        public bool TryRead(long nowUs, out int raw, out long tUs)
        {
            if (nowUs != _pollUs)
            {
                _pollUs = nowUs;
                _next = 0;
                _count = Poll(nowUs / 1000);
            }
            if (_next >= _count)
            {
                raw = 0;
                tUs = nowUs;
                return false;
            }
            raw = _ir[_next];
            tUs = nowUs - (_count - 1 - _next) * SampleSpacingUs;
            _next++;
            return true;
        }

        /// <summary>Resets and configures the part; false if it does not answer with PART_ID 0x15.</summary>
        public bool Configure()
        {
            if (_handle < 0) return false;
            I2cDevice d = _bus.Device(_handle);
            if (!WriteReg(d, Max30102Facts.RegModeConfig, Max30102Facts.ModeReset)) return false;
            Thread.Sleep(10);
            _reg[0] = Max30102Facts.RegPartId;
            if (d.WriteRead(new SpanByte(_reg), new SpanByte(_one)).Status != I2cTransferStatus.FullTransfer) return false;
            if (_one[0] != Max30102Facts.PartIdValue) return false;
            _configured =
                WriteReg(d, Max30102Facts.RegFifoConfig, Max30102Facts.FifoConfigNoAvgRollover) &&
                WriteReg(d, Max30102Facts.RegSpo2Config, Max30102Facts.Spo2Config100Sps18Bit) &&
                WriteReg(d, Max30102Facts.RegLed1Pa, Max30102Facts.LedRedOff) &&
                WriteReg(d, Max30102Facts.RegLed2Pa, Max30102Facts.LedIrCurrent7mA2) &&
                WriteReg(d, Max30102Facts.RegFifoWrPtr, 0) &&
                WriteReg(d, Max30102Facts.RegOvfCounter, 0) &&
                WriteReg(d, Max30102Facts.RegFifoRdPtr, 0) &&
                WriteReg(d, Max30102Facts.RegModeConfig, Max30102Facts.ModeSpo2);
            return _configured;
        }

        /// <summary>
        /// Reads every sample waiting in the FIFO into the IR buffer; returns the count (0 when none, -1 when the
        /// sensor is unavailable or the transfer failed). Failures go through SensorHealth (recovery, give-up).
        /// </summary>
        private int Poll(long nowMs)
        {
            if (_handle < 0 || !_health.MayAccess(nowMs)) return -1;
            try
            {
                return PollOnce(nowMs);
            }
            catch (Exception)
            {
                // a native I2C error must degrade the sensor, not reboot the unit
                Fail(nowMs);
                return -1;
            }
        }

        private int PollOnce(long nowMs)
        {
            if (!_configured && !Configure()) { Fail(nowMs); return -1; }
            I2cDevice d = _bus.Device(_handle);
            _reg[0] = Max30102Facts.RegFifoWrPtr; // WR_PTR, OVF_COUNTER, RD_PTR (auto-increment)
            if (d.WriteRead(new SpanByte(_reg), new SpanByte(_ptrs)).Status != I2cTransferStatus.FullTransfer) { Fail(nowMs); return -1; }
            int n = Max30102Facts.SamplesAvailable(_ptrs[0], _ptrs[2]);
            if (n == 0 && _ptrs[1] != 0) n = Max30102Facts.FifoDepth; // overflowed: FIFO full
            if (n > 0)
            {
                int bytes = n * Max30102Facts.BytesPerSampleSpo2;
                _reg[0] = Max30102Facts.RegFifoData;
                if (d.WriteRead(new SpanByte(_reg), new SpanByte(_fifo, 0, bytes)).Status != I2cTransferStatus.FullTransfer) { Fail(nowMs); return -1; }
                n = Max30102Facts.DecodeIrSamples(_fifo, bytes, n, _ir);
            }
            _health.Report(true, nowMs);
            return n;
        }

        private void Fail(long nowMs)
        {
            SensorAction a = _health.Report(false, nowMs);
            if (a == SensorAction.RecoverBus)
            {
                _bus.Recover();
                _configured = false;
            }
        }

        private bool WriteReg(I2cDevice d, byte reg, byte value)
        {
            _write2[0] = reg;
            _write2[1] = value;
            return d.Write(new SpanByte(_write2)).Status == I2cTransferStatus.FullTransfer;
        }
    }
}
