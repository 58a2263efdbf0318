using System;
using Bedside.Core.Protocol;
using Bedside.Core.Runtime;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.Device.Bluetooth.Security;
using BleBuffer = nanoFramework.Device.Bluetooth.Buffer;

namespace Bedside.Device.Ble
{
    /// <summary>
    /// Device-side glue of the Bedside GATT profile (documented in firmware/Bedside.Core/Protocol/README.md).
    /// Every characteristic, its properties, sizes, the operations and their ATT errors come from the core's
    /// GattOperations (the same object the simulator's WebSocket server uses); the handlers here only copy bytes
    /// in and out, pass the link's connection id and the time, and answer with the value or the returned ATT error.
    /// A handler that throws answers RequestRejected: a BLE fault degrades, it never reboots the unit.
    /// Security: every value but Device info needs an encrypted link (EncryptionRequired, LE Secure Connections);
    /// bonding only while the controller's 60 s pairing window is open (opened by the caregiver's long hold), bond
    /// limit 4; on top, writes need a connection unlocked with an enrolled access key (GattOperations).
    /// </summary>
    public sealed class BleGattService : IClientLink
    {
        private readonly GattOperations _ops;
        private readonly byte[] _rx = new byte[32];
        private readonly byte[] _out = new byte[GattOperations.MaxValueBytes];
        private readonly byte[] _notify = new byte[GattOperations.MaxValueBytes];
        private readonly GattLocalCharacteristic[] _chars = new GattLocalCharacteristic[GattOperations.Count];
        private bool _bondingAllowed;
        private bool _windowOpen;
        private bool _started;

        public BleGattService(GattOperations ops) { _ops = ops; }

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

            for (int ch = 0; ch < GattOperations.Count; ch++)
            {
                GattLocalCharacteristic c = Create(service, ch);
                if (c == null) return false;
                int props = GattOperations.Properties(ch);
                if ((props & GattOperations.PropRead) != 0) c.ReadRequested += OnRead;
                if ((props & GattOperations.PropWrite) != 0) c.WriteRequested += OnWrite;
                _chars[ch] = c;
            }

            GattServiceProviderAdvertisingParameters adv = new GattServiceProviderAdvertisingParameters();
            adv.IsConnectable = true;
            adv.IsDiscoverable = true;
            sr.ServiceProvider.StartAdvertising(adv);
            _started = true;
            return true;
        }

        private static GattLocalCharacteristic Create(GattLocalService service, int ch)
        {
            GattProtectionLevel level = GattOperations.NeedsEncryption(ch) ? GattProtectionLevel.EncryptionRequired : GattProtectionLevel.Plain;
            GattLocalCharacteristicParameters p = new GattLocalCharacteristicParameters();
            p.CharacteristicProperties = (GattCharacteristicProperties)GattOperations.Properties(ch);
            p.ReadProtectionLevel = level;
            p.WriteProtectionLevel = GattProtectionLevel.EncryptionRequired;
            p.UserDescription = GattOperations.Description(ch);
            GattLocalCharacteristicResult r = service.CreateCharacteristic(new Guid(GattOperations.Uuid(ch)), p);
            return r.Error == BluetoothError.Success ? r.Characteristic : null;
        }

        /// <summary>
        /// Control-thread tick: windowOpen = BedsideController.PairingWindowOpen (the one pairing window, timed by
        /// the core; it closes early once a client has enrolled). Keeps AllowBonding in step with the window and the
        /// bond count, and reports the bond count in Device info.
        /// </summary>
        public void Tick(bool windowOpen)
        {
            _windowOpen = windowOpen;
            if (!_started) return;
            int bonds = DeviceBonding.Count();
            _ops.SetBondCount(bonds);
            bool allow = PairingWindow.BondingAllowed(windowOpen, bonds);
            if (allow != _bondingAllowed)
            {
                BluetoothLEServer.Instance.Pairing.AllowBonding = allow;
                _bondingAllowed = allow;
            }
        }

        /// <summary>The caregiver forgot all clients (the core has dropped every key): delete every bond too.</summary>
        public void DeleteAllBonds()
        {
            try { if (_started) DeviceBonding.DeleteAllBonds(); }
            catch (Exception) { /* the keys are gone already: an old bond alone cannot write */ }
        }

        /// <summary>
        /// Notifies subscribers of the Live status published to GattOperations (control thread, about once a second).
        /// </summary>
        public void NotifyStatus()
        {
            try
            {
                GattLocalCharacteristic status = _chars[GattOperations.Status];
                if (status != null && status.SubscribedClients.Length > 0)
                    status.NotifyValue(ToBuffer(_notify, _ops.CopyStatus(_notify)));
            }
            catch (Exception)
            {
                // a notification that fails is dropped: a BLE fault must not stop the control thread
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

        private int IndexOf(GattLocalCharacteristic sender)
        {
            for (int ch = 0; ch < GattOperations.Count; ch++) if (_chars[ch] == sender) return ch;
            return -1;
        }

        private void OnRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest req = args.GetRequest();
            try
            {
                int n;
                byte err;
                lock (_out)
                {
                    int conn = args.Session.DeviceId.Id;
                    long now = NowMs();
                    int ch = IndexOf(sender);
                    if (ch == GattOperations.AccessKey) _ops.Stir((uint)nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent());
                    err = _ops.Read(ch, conn, now, _out, out n);
                    if (err == AttError.None) { req.RespondWithValue(ToBuffer(_out, n)); return; }
                }
                req.RespondWithProtocolError(err);
            }
            catch (Exception) { Reject(req); }
        }

        private void OnWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest req = args.GetRequest();
            byte err;
            try
            {
                lock (_rx)
                {
                    int n = CopyIn(req.Value);
                    err = n < 0 ? AttError.InvalidAttributeValueLength
                        : _ops.Write(IndexOf(sender), args.Session.DeviceId.Id, NowMs(), _rx, n, (int)req.Offset);
                }
            }
            catch (Exception) { err = AttError.RequestRejected; }
            Answer(req, err);
        }

        private static long NowMs() { return (long)(nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent() / 1000); }

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
