using System;
using System.Device.I2c;
using Bedside.Core.Drivers;
using Bedside.Core.Runtime;
using Ads1115Facts = Bedside.Core.Drivers.Ads1115Registers;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// ADS1115 16-bit ADC on the sensor I2C bus, AIN0 single-ended, ±4.096 V range, continuous at 128 SPS;
    /// the sensor loop reads the latest conversion at 16 Hz through the core's sensor contract (<see cref="OneShotSensor"/>:
    /// one reading per new nowUs, stamped with the loop's time),
    /// converted at this edge from microvolts to the ESP32 ADC1 counts the Grove module would give on ADC1
    /// (<see cref="Ads1115Facts.MicrovoltsToAdc12Counts"/>), so the sensing hub sees one unit for either wiring.
    /// Buffers allocated here; reads allocate nothing.
    /// </summary>
    public sealed class Ads1115Sensor : OneShotSensor
    {
        private readonly I2cSensorBus _bus;
        private readonly int _handle;
        private readonly SensorHealth _health = new SensorHealth();
        private readonly byte[] _config = new byte[3];
        private readonly byte[] _reg = new byte[1];
        private readonly byte[] _conv = new byte[2];
        private bool _configured;

        public Ads1115Sensor(I2cSensorBus bus)
        {
            _bus = bus;
            _handle = bus.Add(Ads1115Facts.I2cAddressGnd);
        }

        /// <summary>False when the bus had no room for the device or SensorHealth has given it up for now.</summary>
        public override bool Available { get { return _handle >= 0 && !_health.Unavailable; } }

        /// <summary>The latest AIN0 conversion as 12-bit ADC1 counts 0..4095.</summary>
        protected override bool TryConvert(long nowUs, out int raw)
        {
            raw = 0;
            int uv;
            if (!TryReadMicrovolts(nowUs / 1000, out uv)) return false;
            raw = Ads1115Facts.MicrovoltsToAdc12Counts(uv);
            return true;
        }

        public bool Configure()
        {
            if (_handle < 0) return false;
            ushort w = Ads1115Facts.BuildConfigSingleEnded(0, Ads1115Facts.Pga4V096, Ads1115Facts.Dr128Sps, false);
            _config[0] = Ads1115Facts.RegConfig;
            _config[1] = (byte)(w >> 8);
            _config[2] = (byte)w;
            _configured = _bus.Device(_handle).Write(new SpanByte(_config)).Status == I2cTransferStatus.FullTransfer;
            return _configured;
        }

        /// <summary>
        /// Latest AIN0 voltage in microvolts; false when unavailable or the transfer failed
        /// (failures go through SensorHealth: recovery, then unavailable for 30 s).
        /// </summary>
        private bool TryReadMicrovolts(long nowMs, out int microvolts)
        {
            microvolts = 0;
            if (_handle < 0 || !_health.MayAccess(nowMs)) return false;
            try
            {
                return ReadOnce(nowMs, out microvolts);
            }
            catch (Exception)
            {
                // a native I2C error must degrade the sensor, not reboot the unit
                microvolts = 0;
                Fail(nowMs);
                return false;
            }
        }

        private bool ReadOnce(long nowMs, out int microvolts)
        {
            microvolts = 0;
            if (!_configured && !Configure()) { Fail(nowMs); return false; }
            _reg[0] = Ads1115Facts.RegConversion;
            if (_bus.Device(_handle).WriteRead(new SpanByte(_reg), new SpanByte(_conv)).Status != I2cTransferStatus.FullTransfer)
            {
                Fail(nowMs);
                return false;
            }
            microvolts = Ads1115Facts.CodeToMicrovolts(Ads1115Facts.DecodeConversion(_conv[0], _conv[1]), Ads1115Facts.Pga4V096);
            _health.Report(true, nowMs);
            return true;
        }

        private void Fail(long nowMs)
        {
            if (_health.Report(false, nowMs) == SensorAction.RecoverBus)
            {
                _bus.Recover();
                _configured = false;
            }
        }
    }
}
