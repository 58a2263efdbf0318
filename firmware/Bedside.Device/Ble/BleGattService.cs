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
    /// Handlers only copy bytes in/out and forward to the core codec (BedsideProtocol, LiveStatus, DeviceInfo),
    /// then answer with the value or the codec's ATT error code. BedsideProtocol is bound to the unit's
    /// BedsideController: preset/settings writes go to ApplySettings (validated, stored A/B, applied at once),
    /// reads come from the settings in force, the log download from the controller's sealed session log; it
    /// takes the unit lock for a bounded time, so handlers answer well inside the 2 s limit. A handler that
    /// throws answers RequestRejected: a BLE fault degrades, it never reboots the unit.
    /// Security: writable values need an encrypted link (EncryptionRequired, LE Secure Connections); bonding
    /// only while the controller's 60 s pairing window is open (opened by the caregiver's long hold), bond limit 4.
    /// </summary>
    public sealed class BleGattService
    {
        private readonly BedsideProtocol _protocol;
        private readonly byte[] _rx = new byte[32];
        private readonly byte[] _presetOut = new byte[Bedside.Core.Composer.Preset.WireSize];
        private readonly byte[] _settingsOut = new byte[SettingsPatch.WireSize];
        private readonly byte[] _statusOut = new byte[LiveStatus.WireSize];
        private readonly byte[] _infoOut = new byte[DeviceInfo.WireSize];
        private readonly byte[] _logOut = new byte[LogChunker.MaxReadBytes];
        private GattLocalCharacteristic _status;
        private bool _bondingAllowed;
        private bool _windowOpen;
        private bool _pairedInWindow;
        private bool _started;
        private int _infoFlags;
        private int _pulseKind;
        private int _edaKind;

        public BleGattService(BedsideProtocol protocol, int pulseKind, int edaKind)
        {
            _protocol = protocol;
            _pulseKind = pulseKind;
            _edaKind = edaKind;
        }

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
            server.Pairing.PairingComplete += OnPairingComplete;

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

        /// <summary>
        /// Control-thread tick: windowOpen = BedsideController.PairingWindowOpen (the one pairing window, timed by
        /// the core). Keeps AllowBonding in step with the window and the bond count.
        /// </summary>
        public void Tick(bool windowOpen)
        {
            _windowOpen = windowOpen;
            _infoFlags = (_infoFlags & ~DeviceInfo.FlagPairingOpen) | (windowOpen ? DeviceInfo.FlagPairingOpen : 0);
            if (!_started) return;
            bool allow = PairingWindow.BondingAllowed(windowOpen, DeviceBonding.Count());
            if (allow != _bondingAllowed)
            {
                BluetoothLEServer.Instance.Pairing.AllowBonding = allow;
                _bondingAllowed = allow;
            }
        }

        /// <summary>Sets the sensor-unavailable flags reported in Device info.</summary>
        public void SetSensorFlags(bool pulseUnavailable, bool edaUnavailable)
        {
            int f = _infoFlags & DeviceInfo.FlagPairingOpen;
            if (pulseUnavailable) f |= DeviceInfo.FlagPulseUnavailable;
            if (edaUnavailable) f |= DeviceInfo.FlagEdaUnavailable;
            _infoFlags = f;
        }

        /// <summary>
        /// Publishes an encoded live status (LiveStatus.WireSize bytes, built by LiveStatus.EncodeFrom under the unit
        /// lock) for reads and notifies subscribers (control thread, about once a second).
        /// </summary>
        public void NotifyStatus(byte[] encoded)
        {
            if (encoded == null || encoded.Length < LiveStatus.WireSize) return;
            lock (_statusOut) { Array.Copy(encoded, _statusOut, LiveStatus.WireSize); }
            try
            {
                if (_status != null && _status.SubscribedClients.Length > 0)
                {
                    BleBuffer b;
                    lock (_statusOut) { b = ToBuffer(_statusOut, _statusOut.Length); }
                    _status.NotifyValue(b);
                }
            }
            catch (Exception)
            {
                // a notification that fails is dropped: a BLE fault must not stop the control thread
            }
        }

        /// <summary>
        /// True once after a pairing completed while the window was open: the control thread then closes the
        /// controller's window (BedsideController.ClosePairingWindow), so one hold admits one therapist device.
        /// </summary>
        public bool TakePairedInWindow()
        {
            bool p = _pairedInWindow;
            _pairedInWindow = false;
            return p;
        }

        private void OnPairingComplete(object sender, DevicePairingEventArgs args)
        {
            try
            {
                if (_windowOpen && args.Status == DevicePairingResultStatus.Paired) _pairedInWindow = true;
            }
            catch (Exception)
            {
                // the window then simply runs its 60 s
            }
        }

        private void OnPairingRequested(object sender, DevicePairingRequestedEventArgs args)
        {
            // Just Works needs no answer; confirm-type requests are accepted only inside the window.
            try
            {
                if (PairingWindow.BondingAllowed(_windowOpen, DeviceBonding.Count())) args.Accept();
            }
            catch (Exception)
            {
                // not accepted: the peer's pairing fails, the unit keeps running
            }
        }

        private void OnPresetRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try { req.RespondWithValue(ToBuffer(_presetOut, _protocol.ReadPreset(_presetOut))); }
            catch (Exception) { Reject(req); }
        }

        private void OnPresetWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            byte err;
            try
            {
                int n = CopyIn(req.Value);
                err = n < 0 ? AttError.InvalidAttributeValueLength : _protocol.WritePreset(_rx, n, (int)req.Offset);
            }
            catch (Exception) { err = AttError.RequestRejected; }
            Answer(req, err);
        }

        private void OnSettingsRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try { req.RespondWithValue(ToBuffer(_settingsOut, _protocol.ReadSettings(_settingsOut))); }
            catch (Exception) { Reject(req); }
        }

        private void OnSettingsWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            byte err;
            try
            {
                int n = CopyIn(req.Value);
                err = n < 0 ? AttError.InvalidAttributeValueLength : _protocol.WriteSettings(_rx, n, (int)req.Offset);
            }
            catch (Exception) { err = AttError.RequestRejected; }
            Answer(req, err);
        }

        private void OnStatusRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try
            {
                BleBuffer b;
                lock (_statusOut) { b = ToBuffer(_statusOut, _statusOut.Length); }
                req.RespondWithValue(b);
            }
            catch (Exception) { Reject(req); }
        }

        private void OnLogRequestWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            byte err;
            try
            {
                int n = CopyIn(req.Value);
                err = n < 0 ? AttError.InvalidAttributeValueLength : _protocol.WriteLogRequest(_rx, n, (int)req.Offset);
            }
            catch (Exception) { err = AttError.RequestRejected; }
            Answer(req, err);
        }

        private void OnLogDataRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try { req.RespondWithValue(ToBuffer(_logOut, _protocol.ReadLogChunk(_logOut))); }
            catch (Exception) { Reject(req); }
        }

        private void OnInfoRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try
            {
                DeviceInfo.Encode(_infoOut, 0, Board.BoardConfig.FirmwareMajor, Board.BoardConfig.FirmwareMinor, Board.BoardConfig.FirmwarePatch,
                    Board.BoardConfig.HardwareRevision, _pulseKind, _edaKind, DeviceBonding.Count(), _infoFlags);
                req.RespondWithValue(ToBuffer(_infoOut, _infoOut.Length));
            }
            catch (Exception) { Reject(req); }
        }

        private static void Reject(GattReadRequest req)
        {
            try { req.RespondWithProtocolError(AttError.RequestRejected); }
            catch (Exception) { /* the stack answers on timeout */ }
        }

        private static void Answer(GattWriteRequest req, byte attError)
        {
            try
            {
                if (attError == AttError.None) req.Respond();
                else req.RespondWithProtocolError(attError);
            }
            catch (Exception) { /* the stack answers on timeout */ }
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
    }
}
