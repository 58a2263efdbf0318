using Bedside.Core.Runtime;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device.Drivers
{
    /// <summary>The µs clock of the ESP32 (HighResTimer, 64-bit, from boot) as the core loops' clock port.</summary>
    public sealed class HighResClock : IClock
    {
        public long NowUs() { return (long)HighResTimer.GetCurrent(); }
    }
}
