namespace Bedside.Device.Board
{
    /// <summary>Which pulse sensor is fitted.</summary>
    public enum PulseSensorKind : byte
    {
        None = 0,
        /// <summary>Analog PPG module (e.g. PulseSensor.com) on ADC1.</summary>
        Analog = 1,
        /// <summary>MAX30102 on I2C.</summary>
        Max30102 = 2,
    }

    /// <summary>Which skin-conductance front end is fitted.</summary>
    public enum EdaSensorKind : byte
    {
        None = 0,
        /// <summary>Grove GSR module output on ADC1.</summary>
        GroveAnalog = 1,
        /// <summary>Grove GSR (or any EDA front end) through an ADS1115 on I2C.</summary>
        Ads1115 = 2,
    }

    /// <summary>Build-time board configuration (one place to change for a different sensor fit).</summary>
    public static class BoardConfig
    {
        public static readonly PulseSensorKind Pulse = PulseSensorKind.Max30102;
        public static readonly EdaSensorKind Eda = EdaSensorKind.Ads1115;

        public const int FirmwareMajor = 0;
        public const int FirmwareMinor = 1;
        public const int FirmwarePatch = 0;
        public const int HardwareRevision = 1;

        /// <summary>Audio output sample rate (Hz) of the engine's PCM blocks.</summary>
        public const int AudioSampleRateHz = 16000;
        /// <summary>Samples per I2S write (32 ms at 16 kHz).</summary>
        public const int AudioBlockSamples = 512;
        /// <summary>I2S DMA ring in bytes: 16 DMA buffers of 256 frames x 2 bytes = 8192 bytes = 256 ms at 16 kHz mono 16-bit.</summary>
        public const int AudioDmaBytes = 8192;

        /// <summary>Analog PPG sampling rate, Hz: the core's SensingHub.DefaultPulseRateHz (125).</summary>
        public const int AnalogPulseRateHz = Bedside.Core.Sensing.SensingHub.DefaultPulseRateHz;
        /// <summary>MAX30102 sampling rate, Hz: the chip's own 100 samples/s (125 is not one of its rates); the hub is configured for it.</summary>
        public const int Max30102RateHz = 100;
        /// <summary>MAX30102 FIFO poll period, ms: 8 samples per poll, far below the 32-sample FIFO (320 ms).</summary>
        public const int Max30102PollMs = 80;
        /// <summary>Skin-conductance sampling rate, Hz: the core's SensingHub.DefaultEdaRateHz (16).</summary>
        public const int EdaRateHz = Bedside.Core.Sensing.SensingHub.DefaultEdaRateHz;

        public const int I2cBusId = 1;
        public const string BleDeviceName = "Bedside";
    }
}
