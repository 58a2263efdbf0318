using System;
using Bedside.Core.Protocol;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.Device.Bluetooth.Security;
using BleBuffer = nanoFramework.Device.Bluetooth.Buffer;

namespace Bedside.Device.Ble
{
    /// <summary>
    /// Device-side glue of the Bedside GATT profile (documented in firmware/Bedside.Core/Protocol/README.md).
    /// Handlers only copy bytes in/out and forward to the core codec (BedsideProtocol, LiveStatus, DeviceInfo,
    /// LogChunker), then answer with the value or the codec's ATT error code; they never block, so they
    /// answer well inside the 2 s limit. Security: writable values need an encrypted link
    /// (EncryptionRequired, LE Secure Connections), bonding only inside the 60 s window, bond limit 4.
    /// </summary>
    public sealed class BleGattService
    {
        private readonly BedsideProtocol _protocol;
        private readonly PairingWindow _window = new PairingWindow();
        private readonly ILogImageSource _log;
        private readonly byte[] _rx = new byte[32];
        private readonly byte[] _presetOut = new byte[Bedside.Core.Composer.Preset.WireSize];
        private readonly byte[] _settingsOut = new byte[SettingsPatch.WireSize];
        private readonly byte[] _statusOut = new byte[LiveStatus.WireSize];
        private readonly byte[] _infoOut = new byte[DeviceInfo.WireSize];
        private readonly byte[] _logOut = new byte[LogChunker.MaxReadBytes];
        private GattLocalCharacteristic _status;
        private bool _bondingAllowed;
        private bool _started;
        private int _infoFlags;
        private int _pulseKind;
        private int _edaKind;

        public BleGattService(BedsideProtocol protocol, ILogImageSource log, int pulseKind, int edaKind)
        {
            _protocol = protocol;
            _log = log;
            _pulseKind = pulseKind;
            _edaKind = edaKind;
        }

        public PairingWindow Window { get { return _window; } }

        /// <summary>True once the service is advertising.</summary>
        public bool Started { get { return _started; } }

        /// <summary>Creates the service and characteristics and starts advertising; false on any BLE error.</summary>
        public bool Start(string deviceName)
        {
            BluetoothLEServer server = BluetoothLEServer.Instance;
            server.DeviceName = deviceName;
            server.Pairing.IOCapabilities = DevicePairingIOCapabilities.NoInputNoOutput;
            server.Pairing.ProtectionLevel = DevicePairingProtectionLevel.Encryption;
            server.Pairing.AllowBonding = false;
            server.Pairing.PairingRequested += OnPairingRequested;

            GattServiceProviderResult sr = GattServiceProvider.Create(new Guid(GattProfile.ServiceUuid));
            if (sr.Error != BluetoothError.Success) return false;
            GattLocalService service = sr.ServiceProvider.Service;

            GattLocalCharacteristic preset = Create(service, GattProfile.PresetUuid, GattCharacteristicProperties.Read | GattCharacteristicProperties.Write,
                GattProtectionLevel.EncryptionRequired, GattProtectionLevel.EncryptionRequired, "Therapist preset");
            GattLocalCharacteristic settings = Create(service, GattProfile.SettingsUuid, GattCharacteristicProperties.Read | GattCharacteristicProperties.Write,
                GattProtectionLevel.EncryptionRequired, GattProtectionLevel.EncryptionRequired, "Settings");
            _status = Create(service, GattProfile.StatusUuid, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify,
                GattProtectionLevel.EncryptionRequired, GattProtectionLevel.EncryptionRequired, "Live status");
            GattLocalCharacteristic logRequest = Create(service, GattProfile.LogRequestUuid, GattCharacteristicProperties.Write,
                GattProtectionLevel.EncryptionRequired, GattProtectionLevel.EncryptionRequired, "Log request");
            GattLocalCharacteristic logData = Create(service, GattProfile.LogDataUuid, GattCharacteristicProperties.Read,
                GattProtectionLevel.EncryptionRequired, GattProtectionLevel.EncryptionRequired, "Log data");
            GattLocalCharacteristic info = Create(service, GattProfile.DeviceInfoUuid, GattCharacteristicProperties.Read,
                GattProtectionLevel.Plain, GattProtectionLevel.EncryptionRequired, "Device info");
            if (preset == null || settings == null || _status == null || logRequest == null || logData == null || info == null) return false;

            preset.ReadRequested += OnPresetRead;
            preset.WriteRequested += OnPresetWrite;
            settings.ReadRequested += OnSettingsRead;
            settings.WriteRequested += OnSettingsWrite;
            _status.ReadRequested += OnStatusRead;
            logRequest.WriteRequested += OnLogRequestWrite;
            logData.ReadRequested += OnLogDataRead;
            info.ReadRequested += OnInfoRead;

            GattServiceProviderAdvertisingParameters adv = new GattServiceProviderAdvertisingParameters();
            adv.IsConnectable = true;
            adv.IsDiscoverable = true;
            sr.ServiceProvider.StartAdvertising(adv);
            _started = true;
            return true;
        }

        private static GattLocalCharacteristic Create(GattLocalService service, string uuid, GattCharacteristicProperties props,
            GattProtectionLevel read, GattProtectionLevel write, string description)
        {
            GattLocalCharacteristicParameters p = new GattLocalCharacteristicParameters();
            p.CharacteristicProperties = props;
            p.ReadProtectionLevel = read;
            p.WriteProtectionLevel = write;
            p.UserDescription = description;
            GattLocalCharacteristicResult r = service.CreateCharacteristic(new Guid(uuid), p);
            return r.Error == BluetoothError.Success ? r.Characteristic : null;
        }

        /// <summary>Opens the 60 s pairing window (from the caregiver's button gesture).</summary>
        public void OpenPairingWindow(long nowMs)
        {
            _window.Open(nowMs);
            Tick(nowMs);
        }

        /// <summary>Control-thread tick: keeps AllowBonding in step with the window and the bond count.</summary>
        public void Tick(long nowMs)
        {
            if (!_started) return;
            bool allow = _window.MayBond(nowMs, DeviceBonding.Count());
            if (allow != _bondingAllowed)
            {
                BluetoothLEServer.Instance.Pairing.AllowBonding = allow;
                _bondingAllowed = allow;
            }
            _infoFlags = (_infoFlags & ~DeviceInfo.FlagPairingOpen) | (_window.IsOpen(nowMs) ? DeviceInfo.FlagPairingOpen : 0);
        }

        /// <summary>Sets the sensor-unavailable flags reported in Device info.</summary>
        public void SetSensorFlags(bool pulseUnavailable, bool edaUnavailable)
        {
            int f = _infoFlags & DeviceInfo.FlagPairingOpen;
            if (pulseUnavailable) f |= DeviceInfo.FlagPulseUnavailable;
            if (edaUnavailable) f |= DeviceInfo.FlagEdaUnavailable;
            _infoFlags = f;
        }

        /// <summary>Encodes the live status and notifies subscribers (control thread, about once a second).</summary>
        public void NotifyStatus(int state, int program, int heartRateCentiBpm, int arousalQ15, int confidenceQ15,
            int tempoCentiBpm, int levelCentiDb, int pulseStatus, int edaStatus)
        {
            lock (_statusOut)
            {
                LiveStatus.Encode(_statusOut, 0, state, program, heartRateCentiBpm, arousalQ15, confidenceQ15,
                    tempoCentiBpm, levelCentiDb, pulseStatus, edaStatus);
            }
            if (_status != null && _status.SubscribedClients.Length > 0) _status.NotifyValue(ToBuffer(_statusOut, _statusOut.Length));
        }

        private void OnPairingRequested(object sender, DevicePairingRequestedEventArgs args)
        {
            // Just Works needs no answer; confirm-type requests are accepted only inside the window.
            long nowMs = NowMs();
            if (_window.MayBond(nowMs, DeviceBonding.Count())) args.Accept();
        }

        private void OnPresetRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            int n = _protocol.ReadPreset(_presetOut);
            args.GetRequest().RespondWithValue(ToBuffer(_presetOut, n));
        }

        private void OnPresetWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            int n = CopyIn(req.Value);
            Answer(req, n < 0 ? AttError.InvalidAttributeValueLength : _protocol.WritePreset(_rx, n, (int)req.Offset));
        }

        private void OnSettingsRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            int n = _protocol.ReadSettings(_settingsOut);
            args.GetRequest().RespondWithValue(ToBuffer(_settingsOut, n));
        }

        private void OnSettingsWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            int n = CopyIn(req.Value);
            Answer(req, n < 0 ? AttError.InvalidAttributeValueLength : _protocol.WriteSettings(_rx, n, (int)req.Offset));
        }

        private void OnStatusRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            BleBuffer b;
            lock (_statusOut) { b = ToBuffer(_statusOut, _statusOut.Length); }
            args.GetRequest().RespondWithValue(b);
        }

        private void OnLogRequestWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            int n = CopyIn(req.Value);
            byte err = n < 0 ? AttError.InvalidAttributeValueLength
                : _log == null ? AttError.RequestRejected
                : _protocol.WriteLogRequest(_rx, n, (int)req.Offset, _log.LogImage, _log.LogLength);
            Answer(req, err);
        }

        private void OnLogDataRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            int n = _log == null ? _protocol.ReadLogChunk(null, 0, _logOut) : _protocol.ReadLogChunk(_log.LogImage, _log.LogLength, _logOut);
            args.GetRequest().RespondWithValue(ToBuffer(_logOut, n));
        }

        private void OnInfoRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            DeviceInfo.Encode(_infoOut, 0, Board.BoardConfig.FirmwareMajor, Board.BoardConfig.FirmwareMinor, Board.BoardConfig.FirmwarePatch,
                Board.BoardConfig.HardwareRevision, _pulseKind, _edaKind, DeviceBonding.Count(), _infoFlags);
            args.GetRequest().RespondWithValue(ToBuffer(_infoOut, _infoOut.Length));
        }

        private static void Answer(GattWriteRequest req, byte attError)
        {
            if (attError == AttError.None) req.Respond();
            else req.RespondWithProtocolError(attError);
        }

        /// <summary>Copies a written value into _rx; returns its length, or -1 when longer than any valid value.</summary>
        private int CopyIn(BleBuffer value)
        {
            DataReader r = DataReader.FromBuffer(value);
            int n = (int)r.UnconsumedBufferLength;
            if (n > _rx.Length) return -1;
            for (int i = 0; i < n; i++) _rx[i] = r.ReadByte();
            return n;
        }

        private static BleBuffer ToBuffer(byte[] src, int count)
        {
            DataWriter w = new DataWriter();
            for (int i = 0; i < count; i++) w.WriteByte(src[i]);
            return w.DetachBuffer();
        }

        private static long NowMs() { return (long)(nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent() / 1000); }
    }
}
