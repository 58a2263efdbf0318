namespace Bedside.Core.Drivers
{
    /// <summary>
    /// MAX30102 pulse-oximeter facts and FIFO decoding (hardware-free; the device driver does the I2C).
    /// Datasheet (Maxim 19-7740): 7-bit address 0x57, PART_ID 0x15 at 0xFF, 32-sample FIFO, each sample in
    /// SpO2 mode = 6 bytes (LED1/red 3 bytes, then LED2/IR 3 bytes, MSB first), 18 valid bits (left-justified
    /// at lower resolutions, so the low bits are 0).
    /// </summary>
    public static class Max30102Registers
    {
        public const int I2cAddress = 0x57;
        public const int PartIdValue = 0x15;

        public const byte RegIntStatus1 = 0x00;
        public const byte RegFifoWrPtr = 0x04;
        public const byte RegOvfCounter = 0x05;
        public const byte RegFifoRdPtr = 0x06;
        public const byte RegFifoData = 0x07;
        public const byte RegFifoConfig = 0x08;
        public const byte RegModeConfig = 0x09;
        public const byte RegSpo2Config = 0x0A;
        public const byte RegLed1Pa = 0x0C;
        public const byte RegLed2Pa = 0x0D;
        public const byte RegPartId = 0xFF;

        /// <summary>MODE_CONFIG bit 6: reset all registers.</summary>
        public const byte ModeReset = 0x40;
        /// <summary>MODE_CONFIG bit 7: shutdown (LEDs off).</summary>
        public const byte ModeShutdown = 0x80;
        /// <summary>MODE_CONFIG mode 0b011: SpO2 (red + IR slots).</summary>
        public const byte ModeSpo2 = 0x03;
        /// <summary>FIFO_CONFIG: no averaging (SMP_AVE=000), roll-over enabled (bit 4), A_FULL=0.</summary>
        public const byte FifoConfigNoAvgRollover = 0x10;
        /// <summary>SPO2_CONFIG: ADC range 4096 nA (01), 100 samples/s (001), 411 µs pulse = 18-bit (11): 0b0_01_001_11.</summary>
        public const byte Spo2Config100Sps18Bit = 0x27;
        /// <summary>LED current step 0.2 mA per LSB; 0x24 = 7.2 mA IR (enough through a fingertip, dim to the eye).</summary>
        public const byte LedIrCurrent7mA2 = 0x24;
        /// <summary>Red LED off: only the IR channel is used (no visible light at the bedside).</summary>
        public const byte LedRedOff = 0x00;

        public const int FifoDepth = 32;
        public const int BytesPerSampleSpo2 = 6;
        public const int SampleMask18 = 0x3FFFF;

        /// <summary>Samples waiting in the FIFO: (wr - rd) mod 32; wr == rd means empty (or a full overflow, see OVF_COUNTER).</summary>
        public static int SamplesAvailable(int fifoWrPtr, int fifoRdPtr)
        {
            return (fifoWrPtr - fifoRdPtr) & (FifoDepth - 1);
        }

        /// <summary>One 18-bit channel value from 3 FIFO bytes: ((b0 &lt;&lt; 16) | (b1 &lt;&lt; 8) | b2) &amp; 0x3FFFF.</summary>
        public static int Decode18(byte[] src, int offset)
        {
            return ((src[offset] << 16) | (src[offset + 1] << 8) | src[offset + 2]) & SampleMask18;
        }

        /// <summary>
        /// Extracts the IR channel of <paramref name="sampleCount"/> SpO2-mode samples from raw FIFO bytes into
        /// irOut[0..]. Returns the number decoded (limited by the bytes present and irOut's length); no allocation.
        /// </summary>
        public static int DecodeIrSamples(byte[] fifoBytes, int byteCount, int sampleCount, int[] irOut)
        {
            if (fifoBytes == null || irOut == null || sampleCount <= 0) return 0;
            int max = byteCount / BytesPerSampleSpo2;
            if (max > fifoBytes.Length / BytesPerSampleSpo2) max = fifoBytes.Length / BytesPerSampleSpo2;
            if (sampleCount > max) sampleCount = max;
            if (sampleCount > irOut.Length) sampleCount = irOut.Length;
            for (int i = 0; i < sampleCount; i++)
                irOut[i] = Decode18(fifoBytes, i * BytesPerSampleSpo2 + 3);
            return sampleCount;
        }
    }
}
