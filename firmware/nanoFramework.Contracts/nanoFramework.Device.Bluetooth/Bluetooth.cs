using System;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace nanoFramework.Device.Bluetooth
{
    public enum BluetoothError
    {
        Success = 0,
        RadioNotAvailable = 1,
        ResourceInUse = 2,
        DeviceNotConnected = 3,
        OtherError = 4,
        DisabledByPolicy = 5,
        NotSupported = 6,
        DisabledByUser = 7,
        ConsentRequired = 8,
        TransportNotSupported = 9,
    }

    /// <summary>A byte buffer for BLE values.</summary>
    public sealed class Buffer
    {
        public Buffer(uint capacity) { throw new NotSupportedException(); }
        public Buffer(byte[] array) { throw new NotSupportedException(); }
        public uint Capacity { get { throw new NotSupportedException(); } }
        public uint Length { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
    }

    public sealed class DataWriter
    {
        public DataWriter() { throw new NotSupportedException(); }
        public void WriteByte(byte value) { throw new NotSupportedException(); }
        public void WriteBytes(byte[] value) { throw new NotSupportedException(); }
        public void WriteInt16(short value) { throw new NotSupportedException(); }
        public void WriteInt32(int value) { throw new NotSupportedException(); }
        public void WriteUInt16(ushort value) { throw new NotSupportedException(); }
        public void WriteUInt32(uint value) { throw new NotSupportedException(); }
        public Buffer DetachBuffer() { throw new NotSupportedException(); }
    }

    public sealed class DataReader
    {
        private DataReader() { }
        public static DataReader FromBuffer(Buffer buffer) { throw new NotSupportedException(); }
        public uint UnconsumedBufferLength { get { throw new NotSupportedException(); } }
        public byte ReadByte() { throw new NotSupportedException(); }
        public void ReadBytes(byte[] value) { throw new NotSupportedException(); }
        public short ReadInt16() { throw new NotSupportedException(); }
    }

    public sealed class BluetoothDeviceId
    {
        private BluetoothDeviceId() { }
        public int Id { get { throw new NotSupportedException(); } }
    }

    public class BluetoothLEServer : IDisposable
    {
        private BluetoothLEServer() { }
        public static BluetoothLEServer Instance { get { throw new NotSupportedException(); } }
        public string DeviceName { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public ushort Appearance { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public DevicePairing Pairing { get { throw new NotSupportedException(); } }
        public GattServiceProvider[] Services { get { throw new NotSupportedException(); } }
        public void Start() { throw new NotSupportedException(); }
        public void Stop() { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }

    public enum DevicePairingIOCapabilities
    {
        DisplayOnly = 0,
        DisplayYesNo = 1,
        KeyboardOnly = 2,
        NoInputNoOutput = 3,
        KeyboardDisplay = 4,
    }

    public enum DevicePairingProtectionLevel
    {
        Default = 0,
        None = 1,
        Encryption = 2,
        EncryptionAndAuthentication = 3,
    }

    [Flags]
    public enum DevicePairingKinds
    {
        None = 0,
        ConfirmOnly = 1,
        DisplayPin = 2,
        ProvidePin = 4,
        ConfirmPinMatch = 8,
    }

    public enum DevicePairingResultStatus
    {
        Paired = 0,
        NotReadyToPair = 1,
        NotPaired = 2,
        AlreadyPaired = 3,
        ConnectionRejected = 4,
        TooManyConnections = 5,
        HardwareFailure = 6,
        AuthenticationTimeout = 7,
        AuthenticationNotAllowed = 8,
        AuthenticationFailure = 9,
        NoSupportedProfiles = 10,
        ProtectionLevelCouldNotBeMet = 11,
        AccessDenied = 12,
        InvalidCeremonyData = 13,
        PairingCanceled = 14,
        OperationAlreadyInProgress = 15,
        RequiredHandlerNotRegistered = 16,
        RejectedByHandler = 17,
        RemoteDeviceHasAssociation = 18,
        Failed = 19,
    }

    public class DevicePairingRequestedEventArgs
    {
        private DevicePairingRequestedEventArgs() { }
        public DevicePairingKinds PairingKind { get { throw new NotSupportedException(); } }
        public uint Pin { get { throw new NotSupportedException(); } }
        public void Accept() { throw new NotSupportedException(); }
        public void Accept(int pin) { throw new NotSupportedException(); }
    }

    public class DevicePairingEventArgs
    {
        private DevicePairingEventArgs() { }
        public DevicePairingResultStatus Status { get { throw new NotSupportedException(); } }
    }

    public sealed class DevicePairing
    {
        public delegate void DevicePairingRequestedHandler(object sender, DevicePairingRequestedEventArgs args);
        public delegate void PairingCompleteHandler(object sender, DevicePairingEventArgs args);

        private DevicePairing() { }
        public bool AllowBonding { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public DevicePairingProtectionLevel ProtectionLevel { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public DevicePairingIOCapabilities IOCapabilities { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public bool IsPaired { get { throw new NotSupportedException(); } }
        public bool IsAuthenticated { get { throw new NotSupportedException(); } }
        public event DevicePairingRequestedHandler PairingRequested { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public event PairingCompleteHandler PairingComplete { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
    }
}

namespace nanoFramework.Device.Bluetooth.Security
{
    /// <summary>The bond store (namespace as in the real package).</summary>
    public static class DeviceBonding
    {
        public static bool IsBonded(ulong bluetoothAddress) { throw new NotSupportedException(); }
        public static void DeleteAllBonds() { throw new NotSupportedException(); }
        public static int Count() { throw new NotSupportedException(); }
    }
}

namespace nanoFramework.Device.Bluetooth.GenericAttributeProfile
{
    [Flags]
    public enum GattCharacteristicProperties
    {
        None = 0,
        Broadcast = 1,
        Read = 2,
        WriteWithoutResponse = 4,
        Write = 8,
        Notify = 16,
        Indicate = 32,
    }

    public enum GattProtectionLevel
    {
        Plain = 0,
        AuthenticationRequired = 1,
        EncryptionRequired = 2,
        EncryptionAndAuthenticationRequired = 3,
    }

    public enum GattWriteOption
    {
        WriteWithResponse = 0,
        WriteWithoutResponse = 1,
    }

    public class GattSession
    {
        private GattSession() { }
        public BluetoothDeviceId DeviceId { get { throw new NotSupportedException(); } }
        public ushort MaxMtuSize { get { throw new NotSupportedException(); } }
    }

    public sealed class GattServiceProviderAdvertisingParameters
    {
        public GattServiceProviderAdvertisingParameters() { throw new NotSupportedException(); }
        public bool IsConnectable { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public bool IsDiscoverable { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
    }

    public sealed class GattServiceProviderResult
    {
        private GattServiceProviderResult() { }
        public BluetoothError Error { get { throw new NotSupportedException(); } }
        public GattServiceProvider ServiceProvider { get { throw new NotSupportedException(); } }
    }

    public sealed class GattServiceProvider
    {
        private GattServiceProvider() { }
        public static GattServiceProviderResult Create(Guid serviceUuid) { throw new NotSupportedException(); }
        public GattLocalService Service { get { throw new NotSupportedException(); } }
        public void StartAdvertising() { throw new NotSupportedException(); }
        public void StartAdvertising(GattServiceProviderAdvertisingParameters parameters) { throw new NotSupportedException(); }
        public void StopAdvertising() { throw new NotSupportedException(); }
    }

    public sealed class GattLocalService
    {
        private GattLocalService() { }
        public Guid Uuid { get { throw new NotSupportedException(); } }
        public GattLocalCharacteristicResult CreateCharacteristic(Guid characteristicUuid, GattLocalCharacteristicParameters parameters) { throw new NotSupportedException(); }
    }

    public sealed class GattLocalCharacteristicParameters
    {
        public GattLocalCharacteristicParameters() { throw new NotSupportedException(); }
        public GattCharacteristicProperties CharacteristicProperties { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public GattProtectionLevel ReadProtectionLevel { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public GattProtectionLevel WriteProtectionLevel { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public string UserDescription { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public Buffer StaticValue { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
    }

    public sealed class GattLocalCharacteristicResult
    {
        private GattLocalCharacteristicResult() { }
        public BluetoothError Error { get { throw new NotSupportedException(); } }
        public GattLocalCharacteristic Characteristic { get { throw new NotSupportedException(); } }
    }

    public sealed class GattSubscribedClient
    {
        private GattSubscribedClient() { }
        public GattSession Session { get { throw new NotSupportedException(); } }
    }

    public sealed class GattReadRequest
    {
        private GattReadRequest() { }
        public void RespondWithValue(Buffer value) { throw new NotSupportedException(); }
        public void RespondWithProtocolError(byte protocolError) { throw new NotSupportedException(); }
    }

    public sealed class GattWriteRequest
    {
        private GattWriteRequest() { }
        public Buffer Value { get { throw new NotSupportedException(); } }
        public uint Offset { get { throw new NotSupportedException(); } }
        public GattWriteOption Option { get { throw new NotSupportedException(); } }
        public void Respond() { throw new NotSupportedException(); }
        public void RespondWithProtocolError(byte protocolError) { throw new NotSupportedException(); }
    }

    public sealed class GattReadRequestedEventArgs
    {
        private GattReadRequestedEventArgs() { }
        public GattSession Session { get { throw new NotSupportedException(); } }
        public GattReadRequest GetRequest() { throw new NotSupportedException(); }
    }

    public sealed class GattWriteRequestedEventArgs
    {
        private GattWriteRequestedEventArgs() { }
        public GattSession Session { get { throw new NotSupportedException(); } }
        public GattWriteRequest GetRequest() { throw new NotSupportedException(); }
    }

    public sealed class GattClientNotificationResult
    {
        private GattClientNotificationResult() { }
    }

    public sealed class GattLocalCharacteristic
    {
        public delegate void GattLocalCharacteristicReadEventHandler(GattLocalCharacteristic sender, GattReadRequestedEventArgs ReadRequestEventArgs);
        public delegate void GattLocalCharacteristicWriteEventHandler(GattLocalCharacteristic sender, GattWriteRequestedEventArgs WriteRequestEventArgs);
        public delegate void GattLocalCharacteristicClientsChangedEventHandler(GattLocalCharacteristic sender, object args);

        private GattLocalCharacteristic() { }
        public event GattLocalCharacteristicReadEventHandler ReadRequested { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public event GattLocalCharacteristicWriteEventHandler WriteRequested { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public event GattLocalCharacteristicClientsChangedEventHandler SubscribedClientsChanged { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public GattSubscribedClient[] SubscribedClients { get { throw new NotSupportedException(); } }
        public GattClientNotificationResult[] NotifyValue(Buffer value) { throw new NotSupportedException(); }
    }
}
