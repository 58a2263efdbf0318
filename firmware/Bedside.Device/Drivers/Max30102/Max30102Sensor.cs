using System;
using System.Device.I2c;
using System.Threading;
using Bedside.Core.Drivers;
using Max30102Facts = Bedside.Core.Drivers.Max30102Registers;


namespace Bedside.Device.Drivers
{
    /// <summary>
    /// MAX30102 pulse sensor over I2C, IR channel only, 100 samples/s, 18-bit. The sensor thread calls
    /// Poll every 50–100 ms; the FIFO (32 samples = 320 ms) holds what arrived since. Reads use buffers
    /// allocated here; SpanByte is a struct, so a poll allocates nothing.
    /// </summary>
    public sealed class Max30102Sensor
    {
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

        public Max30102Sensor(I2cSensorBus bus)
        {
            _bus = bus;
            _handle = bus.Add(Max30102Facts.I2cAddress);
        }

        /// <summary>IR samples decoded by the last Poll (valid [0, count)).</summary>
        public int[] IrSamples { get { return _ir; } }

        public bool Unavailable { get { return _handle < 0 || _health.Unavailable; } }

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
        /// Reads every sample waiting in the FIFO into IrSamples; returns the count (0 when none, -1 when the
        /// sensor is unavailable or the transfer failed). Failures go through SensorHealth (recovery, give-up).
        /// </summary>
        public int Poll(long nowMs)
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
