namespace Bedside.Core.Drivers
{
    /// <summary>
    /// ADS1115 16-bit ADC facts (TI SBAS444): config register 0x01, conversion register 0x00 (big-endian,
    /// two's complement). Config word bits: 15 OS, 14:12 MUX, 11:9 PGA, 8 MODE, 7:5 DR, 4 COMP_MODE,
    /// 3 COMP_POL, 2 COMP_LAT, 1:0 COMP_QUE (11 = comparator off). Hardware-free: the driver does the I2C.
    /// </summary>
    public static class Ads1115Registers
    {
        /// <summary>ADDR pin to GND.</summary>
        public const int I2cAddressGnd = 0x48;
        public const byte RegConversion = 0x00;
        public const byte RegConfig = 0x01;

        /// <summary>PGA codes 0..5 → full scale ±6.144, ±4.096, ±2.048, ±1.024, ±0.512, ±0.256 V.</summary>
        public const int Pga4V096 = 1;
        /// <summary>Data-rate code 4 = 128 samples/s (codes 0..7 = 8, 16, 32, 64, 128, 250, 475, 860 SPS).</summary>
        public const int Dr128Sps = 4;

        private static readonly int[] FullScaleMicrovoltsByPga = { 6144000, 4096000, 2048000, 1024000, 512000, 256000 };

        /// <summary>
        /// Config word for a single-ended read of AINn against GND (MUX = 0b100 + n), comparator disabled.
        /// channel 0..3, pgaCode 0..5, drCode 0..7 (clamped). singleShot sets MODE and OS (start a conversion).
        /// </summary>
        public static ushort BuildConfigSingleEnded(int channel, int pgaCode, int drCode, bool singleShot)
        {
            if (channel < 0) channel = 0; else if (channel > 3) channel = 3;
            if (pgaCode < 0) pgaCode = 0; else if (pgaCode > 5) pgaCode = 5;
            if (drCode < 0) drCode = 0; else if (drCode > 7) drCode = 7;
            int w = ((4 + channel) << 12) | (pgaCode << 9) | (drCode << 5) | 0x0003;
            if (singleShot) w |= 0x8000 | 0x0100;
            return (ushort)w;
        }

        /// <summary>Full scale of a PGA code in microvolts (code clamped to 0..5).</summary>
        public static int FullScaleMicrovolts(int pgaCode)
        {
            if (pgaCode < 0) pgaCode = 0; else if (pgaCode > 5) pgaCode = 5;
            return FullScaleMicrovoltsByPga[pgaCode];
        }

        /// <summary>Conversion register bytes (MSB first) to a signed code: (short)((hi &lt;&lt; 8) | lo).</summary>
        public static int DecodeConversion(byte hi, byte lo)
        {
            return (short)((hi << 8) | lo);
        }

        /// <summary>Volts per count of the ESP32 ADC1 model the core's Grove GSR transfer function is written in: 3.3 V / 4095 ≈ 0.806 mV.</summary>
        public const int Adc12FullScaleMicrovolts = 3300000;

        /// <summary>
        /// Microvolts to the equivalent 12-bit ESP32 ADC count (the unit the core's Grove GSR model takes):
        /// counts = uv * 4095 / 3 300 000, clamped to 0..4095. Lets the Grove module's output read through the
        /// ADS1115 feed the same transfer function as a direct ADC1 read (finer steps, no ESP32 ADC nonlinearity).
        /// </summary>
        public static int MicrovoltsToAdc12Counts(int microvolts)
        {
            if (microvolts <= 0) return 0;
            long c = (long)microvolts * 4095 / Adc12FullScaleMicrovolts;
            return c > 4095 ? 4095 : (int)c;
        }

        /// <summary>Code to microvolts: code * FS_uV / 32768 (64-bit product, truncating toward zero).</summary>
        public static int CodeToMicrovolts(int code, int pgaCode)
        {
            return (int)(((long)code * FullScaleMicrovolts(pgaCode)) / 32768);
        }
    }
}
