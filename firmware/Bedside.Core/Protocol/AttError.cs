namespace Bedside.Core.Protocol
{
    /// <summary>
    /// ATT error codes returned by the Bedside GATT service (Bluetooth Core 5.3 Vol 3 Part F §3.4.1.1, and
    /// Core Specification Supplement Part B §1.2 for 0xFF). 0 means success (not an error code on air).
    /// </summary>
    public static class AttError
    {
        public const byte None = 0x00;
        /// <summary>Read of a characteristic that is write only.</summary>
        public const byte ReadNotPermitted = 0x02;
        /// <summary>Write to a characteristic that is read/notify only.</summary>
        public const byte WriteNotPermitted = 0x03;
        /// <summary>Operation the characteristic does not support (e.g. subscribing to one without notify).</summary>
        public const byte RequestNotSupported = 0x06;
        /// <summary>Link not authenticated/bonded as required.</summary>
        public const byte InsufficientAuthentication = 0x05;
        /// <summary>The client has not presented an enrolled access key on this connection (Unlock), or the key read
        /// was attempted outside the pairing window. Nothing changed.</summary>
        public const byte InsufficientAuthorization = 0x08;
        /// <summary>No such characteristic (a host forwarding an unknown UUID).</summary>
        public const byte AttributeNotFound = 0x0A;
        /// <summary>Offset of a write (or prepared write) is not 0: every value is written whole.</summary>
        public const byte InvalidOffset = 0x07;
        /// <summary>Value has the wrong number of bytes.</summary>
        public const byte InvalidAttributeValueLength = 0x0D;
        /// <summary>Link not encrypted.</summary>
        public const byte InsufficientEncryption = 0x0F;
        /// <summary>Application error: the request is well formed but cannot be served now (e.g. log request beyond the log end).</summary>
        public const byte RequestRejected = 0x80;
        /// <summary>Application error: the value was valid but could not be stored (settings save failed); nothing changed.</summary>
        public const byte StoreFailed = 0x81;
        /// <summary>Out of Range (CSS Part B §1.2): a field is outside its documented range.</summary>
        public const byte OutOfRange = 0xFF;
    }
}
