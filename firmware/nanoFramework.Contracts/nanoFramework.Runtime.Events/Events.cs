using System;

namespace nanoFramework.Runtime.Events
{
    /// <summary>Base of native events routed to managed code (used by the GPIO and Bluetooth assemblies).</summary>
    public class BaseEvent
    {
        public ushort Source;
        public byte Message;
        public DateTime Time;
    }
}
