namespace Bedside.Core.Drivers
{
    /// <summary>
    /// The two I2C lines driven as open-drain GPIOs during bus recovery (the I2C peripheral released).
    /// "Release" lets the pull-up take the line high; "Low" actively pulls it down. Implemented by the
    /// device with GpioPin(OutputOpenDrain) and by tests with a simulated slave.
    /// </summary>
    public interface II2cBusPins
    {
        void SclLow();
        void SclRelease();
        void SdaLow();
        void SdaRelease();
        bool SclIsHigh();
        bool SdaIsHigh();
        /// <summary>Wait half an SCL period (≥ 5 µs for 100 kHz timing).</summary>
        void HalfPeriodDelay();
    }
}
