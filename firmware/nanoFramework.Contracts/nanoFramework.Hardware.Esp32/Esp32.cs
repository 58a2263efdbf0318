using System;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Pin functions; value = type*0x10000 + bus*0x100 + index (values as in the real package).</summary>
    public enum DeviceFunction
    {
        I2C1_DATA = 0x20100,
        I2C1_CLOCK = 0x20101,
        I2C2_DATA = 0x20200,
        I2C2_CLOCK = 0x20201,
        ADC1_CH0 = 0x50100 + 0,
        ADC1_CH1 = 0x50100 + 1,
        ADC1_CH2 = 0x50100 + 2,
        ADC1_CH3 = 0x50100 + 3,
        ADC1_CH4 = 0x50100 + 4,
        ADC1_CH5 = 0x50100 + 5,
        ADC1_CH6 = 0x50100 + 6,
        ADC1_CH7 = 0x50100 + 7,
        ADC1_CH8 = 0x50100 + 8,
        ADC1_CH9 = 0x50100 + 9,
        ADC1_CH10 = 0x50100 + 10,
        ADC1_CH11 = 0x50100 + 11,
        ADC1_CH12 = 0x50100 + 12,
        ADC1_CH13 = 0x50100 + 13,
        ADC1_CH14 = 0x50100 + 14,
        ADC1_CH15 = 0x50100 + 15,
        ADC1_CH16 = 0x50100 + 16,
        ADC1_CH17 = 0x50100 + 17,
        ADC1_CH18 = 0x50100 + 18,
        ADC1_CH19 = 0x50100 + 19,
        I2S1_MCK = 0x60100,
        I2S1_BCK = 0x60101,
        I2S1_WS = 0x60102,
        I2S1_DATA_OUT = 0x60103,
        I2S1_MDATA_IN = 0x60104,
        I2S2_MCK = 0x60200,
        I2S2_BCK = 0x60201,
        I2S2_WS = 0x60202,
        I2S2_DATA_OUT = 0x60203,
        I2S2_MDATA_IN = 0x60204,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function) { throw new NotSupportedException(); }
        public static int GetFunctionPin(DeviceFunction function) { throw new NotSupportedException(); }
    }

    public static class NativeMemory
    {
        public enum MemoryType
        {
            All,
            Internal,
            SpiRam,
        }

        public static void GetMemoryInfo(MemoryType memoryType, out uint totalSize, out uint totalFreeSize, out uint largestFreeBlock) { throw new NotSupportedException(); }
    }

    /// <summary>Microsecond timer (at most 10 per device).</summary>
    public class HighResTimer : IDisposable
    {
        public delegate void OnHighResTimerExpiredEventHandler(HighResTimer sender, object e);

        public HighResTimer() { throw new NotSupportedException(); }
        public event OnHighResTimerExpiredEventHandler OnHighResTimerExpired { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public void StartOneShot(ulong timeoutMicroseconds) { throw new NotSupportedException(); }
        public void StartOnePeriodic(ulong timeoutMicroseconds) { throw new NotSupportedException(); }
        public void Stop() { throw new NotSupportedException(); }
        /// <summary>Microseconds since boot.</summary>
        public static ulong GetCurrent() { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }
}
