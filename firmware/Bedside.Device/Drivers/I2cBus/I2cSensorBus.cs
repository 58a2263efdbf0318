using System;
using System.Device.Gpio;
using System.Device.I2c;
using Bedside.Core.Drivers;
using Bedside.Device.Board;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// The sensor I2C bus (I2C1 on GPIO 18/19, 400 kHz) with stuck-bus recovery. Owns the I2cDevice of
    /// every sensor so it can release the peripheral, clock the bus free through GPIO (I2cBusRecovery:
    /// up to 9 SCL pulses, STOP) and re-create the devices. The nanoFramework I2C driver has no configurable
    /// timeout (a stuck transfer can block ~1 s and freezes every managed thread), so the "short timeout" is
    /// enforced by SensorHealth: few failures → recovery → the sensor is reported unavailable and not touched
    /// again for 30 s.
    /// </summary>
    public sealed class I2cSensorBus
    {
        public const int MaxDevices = 2;

        private readonly GpioController _gpio;
        private readonly I2cDevice[] _devices = new I2cDevice[MaxDevices];
        private readonly int[] _addresses = new int[MaxDevices];
        private int _count;

        public I2cSensorBus(GpioController gpio)
        {
            _gpio = gpio;
            RoutePins();
        }

        private static void RoutePins()
        {
            Configuration.SetPinFunction(PinMap.I2cSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(PinMap.I2cScl, DeviceFunction.I2C1_CLOCK);
        }

        /// <summary>Adds a device at a 7-bit address; returns its handle (0..MaxDevices-1) or -1 when full.</summary>
        public int Add(int address)
        {
            if (_count >= MaxDevices) return -1;
            _addresses[_count] = address;
            _devices[_count] = new I2cDevice(new I2cConnectionSettings(BoardConfig.I2cBusId, address, I2cBusSpeed.FastMode));
            return _count++;
        }

        public I2cDevice Device(int handle) { return _devices[handle]; }

        /// <summary>Releases the peripheral, runs the bus clear on GPIO, re-routes the pins and re-creates the devices.</summary>
        public I2cRecoveryResult Recover()
        {
            try
            {
                return RecoverOnce();
            }
            catch (Exception)
            {
                // leave the devices as they are; SensorHealth will mark the sensor unavailable
                return I2cRecoveryResult.DataStillLow;
            }
        }

        private I2cRecoveryResult RecoverOnce()
        {
            for (int i = 0; i < _count; i++)
            {
                if (_devices[i] != null) { _devices[i].Dispose(); _devices[i] = null; }
            }
            I2cRecoveryResult r;
            GpioPin scl = _gpio.OpenPin(PinMap.I2cScl, PinMode.OutputOpenDrain);
            GpioPin sda = _gpio.OpenPin(PinMap.I2cSda, PinMode.OutputOpenDrain);
            try
            {
                r = I2cBusRecovery.Run(new GpioBusPins(scl, sda));
            }
            finally
            {
                scl.Dispose();
                sda.Dispose();
            }
            RoutePins();
            for (int i = 0; i < _count; i++)
                if (_devices[i] == null) _devices[i] = new I2cDevice(new I2cConnectionSettings(BoardConfig.I2cBusId, _addresses[i], I2cBusSpeed.FastMode));
            return r;
        }

        /// <summary>The two bus lines as open-drain GPIOs: writing High releases the line to the pull-up.</summary>
        private sealed class GpioBusPins : II2cBusPins
        {
            private readonly GpioPin _scl;
            private readonly GpioPin _sda;

            public GpioBusPins(GpioPin scl, GpioPin sda) { _scl = scl; _sda = sda; }

            public void SclLow() { _scl.Write(PinValue.Low); }
            public void SclRelease() { _scl.Write(PinValue.High); }
            public void SdaLow() { _sda.Write(PinValue.Low); }
            public void SdaRelease() { _sda.Write(PinValue.High); }
            public bool SclIsHigh() { return _scl.Read() == PinValue.High; }
            public bool SdaIsHigh() { return _sda.Read() == PinValue.High; }

            /// <summary>
            /// No explicit wait: one interpreted GPIO call on the ESP32 takes several µs (≈6–18 µs per
            /// write+call measured upstream), longer than the 5 µs half period of 100 kHz.
            /// </summary>
            public void HalfPeriodDelay() { }
        }
    }
}
