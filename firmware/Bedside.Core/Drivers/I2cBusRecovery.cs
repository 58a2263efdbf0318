namespace Bedside.Core.Drivers
{
    /// <summary>Outcome of a bus recovery attempt.</summary>
    public enum I2cRecoveryResult : byte
    {
        /// <summary>SDA and SCL were already high: nothing to do.</summary>
        BusIdle = 0,
        /// <summary>A slave released SDA after clocking; a STOP was sent.</summary>
        Recovered = 1,
        /// <summary>SCL is held low by a device (clock stretching forever): GPIO clocking cannot help.</summary>
        ClockHeldLow = 2,
        /// <summary>SDA still low after nine clocks and a STOP.</summary>
        DataStillLow = 3,
    }

    /// <summary>
    /// I2C stuck-bus recovery (NXP UM10204 §3.1.16 "Bus clear"): a slave that lost clocks mid-byte holds SDA
    /// low; clock SCL up to nine times until SDA is released, then send a STOP (SDA low→high while SCL high).
    /// The caller releases the I2C peripheral before and re-creates it after.
    /// </summary>
    public static class I2cBusRecovery
    {
        public const int MaxClocks = 9;

        /// <summary>Runs the bus-clear sequence on the given pins; returns the result and leaves both lines released.</summary>
        public static I2cRecoveryResult Run(II2cBusPins pins)
        {
            pins.SdaRelease();
            pins.SclRelease();
            pins.HalfPeriodDelay();
            if (!pins.SclIsHigh()) return I2cRecoveryResult.ClockHeldLow;
            if (pins.SdaIsHigh()) return I2cRecoveryResult.BusIdle;

            for (int i = 0; i < MaxClocks && !pins.SdaIsHigh(); i++)
            {
                pins.SclLow();
                pins.HalfPeriodDelay();
                pins.SclRelease();
                pins.HalfPeriodDelay();
                if (!pins.SclIsHigh()) return I2cRecoveryResult.ClockHeldLow;
            }

            // STOP condition: SDA low while SCL low, SCL high, then SDA high while SCL high.
            pins.SclLow();
            pins.HalfPeriodDelay();
            pins.SdaLow();
            pins.HalfPeriodDelay();
            pins.SclRelease();
            pins.HalfPeriodDelay();
            pins.SdaRelease();
            pins.HalfPeriodDelay();
            return pins.SdaIsHigh() && pins.SclIsHigh() ? I2cRecoveryResult.Recovered : I2cRecoveryResult.DataStillLow;
        }
    }
}
