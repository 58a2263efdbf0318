namespace Bedside.Device.Board
{
    /// <summary>
    /// The one pin map of the Bedside board (ESP32-WROVER-E module: GPIO 16/17 belong to PSRAM, 6..11 to flash).
    /// Plain constants only, so the host tests compile this file as a linked file and compare it with
    /// hardware/pinmap.md. Change both together.
    /// </summary>
    public static class PinMap
    {
        // --- I2S audio out (MAX98357A or PCM5102A) ---
        /// <summary>I2S bit clock (BCLK).</summary>
        public const int I2sBck = 26;
        /// <summary>I2S word select (LRCLK).</summary>
        public const int I2sWs = 25;
        /// <summary>I2S serial data to the amplifier (DIN).</summary>
        public const int I2sDataOut = 22;
        /// <summary>Amplifier shutdown/mute (MAX98357A SD_MODE, PCM5102A XSMT): low = silent. 100 kΩ pull-down on the board keeps it silent through boot.</summary>
        public const int AmpShutdown = 23;

        // --- I2C sensors (MAX30102 0x57, ADS1115 0x48) ---
        public const int I2cSda = 18;
        public const int I2cScl = 19;

        // --- Analog sensors (ADC1 only: ADC2 is unusable while BLE runs) ---
        /// <summary>Analog pulse sensor output (GPIO 36 = SENSOR_VP = ADC1 channel 0).</summary>
        public const int PulseAnalog = 36;
        public const int PulseAdcChannel = 0;
        /// <summary>Grove GSR output (GPIO 39 = SENSOR_VN = ADC1 channel 3).</summary>
        public const int GsrAnalog = 39;
        public const int GsrAdcChannel = 3;

        // --- Caregiver interface ---
        /// <summary>The one button, to GND, internal pull-up plus 10 kΩ external pull-up and 100 nF.</summary>
        public const int Button = 27;
        /// <summary>Warm dim indicator LED (amber, through 4.7 kΩ: ~0.3 mA), active high.</summary>
        public const int IndicatorLed = 13;

        // --- External watchdog (TPL5010) ---
        /// <summary>TPL5010 DONE: pulse high after each WAKE while healthy.</summary>
        public const int WatchdogDone = 4;
        /// <summary>TPL5010 WAKE (input-only pin).</summary>
        public const int WatchdogWake = 35;

        /// <summary>Pins the firmware drives as push-pull outputs.</summary>
        public static readonly int[] Outputs = { I2sBck, I2sWs, I2sDataOut, AmpShutdown, IndicatorLed, WatchdogDone };
        /// <summary>Digital inputs.</summary>
        public static readonly int[] Inputs = { Button, WatchdogWake };
        /// <summary>Open-drain lines (I2C; also driven as open-drain GPIO during bus recovery).</summary>
        public static readonly int[] OpenDrain = { I2cSda, I2cScl };
        /// <summary>Analog inputs.</summary>
        public static readonly int[] Analog = { PulseAnalog, GsrAnalog };
    }
}
