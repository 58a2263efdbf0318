using Bedside.Core.Settings;

namespace Bedside.Core.Protocol
{
    /// <summary>
    /// The one map from GATT characteristic operations to the codec, used by every host that serves the profile
    /// (the device's BLE glue and the simulator's WebSocket server), so the bytes, sizes, notifications and ATT
    /// errors cannot differ between them. A host only moves bytes: it calls <see cref="Read"/> or <see cref="Write"/>
    /// with the characteristic index, the connection it came from and the time, and answers with the value or the
    /// returned ATT error; it sends <see cref="CopyStatus"/> as the Live status notification.
    ///
    /// Authorisation (on top of the encrypted link): Preset, Settings and Log request writes and Log data reads are
    /// served only on a connection that has written an enrolled access key to Unlock (else InsufficientAuthorization
    /// and nothing changes). A key is issued by a read of Access key while the caregiver's pairing window is open
    /// (the read enrols the client, unlocks its connection and closes the window; at most ClientKeyStore.MaxKeys).
    /// An unlock lasts while the connection is used: it ends at <see cref="Disconnected"/>, after UnlockIdleMs
    /// without an authorised operation (the device's stack does not report disconnects, and connection ids are
    /// reused), or when every client is forgotten.
    ///
    /// Threading: every method takes the codec's SyncRoot (the unit lock). Allocation only in the constructor.
    /// </summary>
    public sealed class GattOperations
    {
        // Characteristic indices (the order of the table in Protocol/README.md).
        public const int Preset = 0;
        public const int Settings = 1;
        public const int Status = 2;
        public const int LogRequest = 3;
        public const int LogData = 4;
        public const int DeviceInformation = 5;
        public const int AccessKey = 6;
        public const int Unlock = 7;
        public const int Count = 8;

        /// <summary>GATT characteristic property bits (Bluetooth Core Vol 3 Part G §3.3.1.1).</summary>
        public const int PropRead = 2, PropWrite = 8, PropNotify = 16;

        /// <summary>Connections tracked at once (more than the ESP32 stack admits); the least recently used is dropped.</summary>
        public const int MaxConnections = 4;
        /// <summary>An unlock ends after this long without an authorised operation on its connection, ms (10 min).</summary>
        public const int UnlockIdleMs = 600000;
        /// <summary>Largest value any characteristic reads (a full log chunk): the size of a host's read buffer.</summary>
        public const int MaxValueBytes = LogChunker.MaxReadBytes;

        private readonly BedsideProtocol _protocol;
        private readonly KeyGenerator _keys = new KeyGenerator();
        private readonly byte[] _key = new byte[ClientKeyStore.KeyBytes];
        private readonly byte[] _status = new byte[LiveStatus.WireSize];
        private readonly int[] _connId = new int[MaxConnections];
        private readonly bool[] _connUsed = new bool[MaxConnections];
        private readonly bool[] _connUnlocked = new bool[MaxConnections];
        private readonly int[] _connGeneration = new int[MaxConnections];
        private readonly long[] _connLastMs = new long[MaxConnections];
        private readonly int _fwMajor, _fwMinor, _fwPatch, _hwRevision, _pulseKind, _edaKind;
        private int _bondCount = -1;
        private int _sensorFlags;
        private bool _hasStatus;

        /// <summary>Serves protocol's unit; the rest is what Device info reports (firmware version, board, fitted sensors).</summary>
        public GattOperations(BedsideProtocol protocol, int fwMajor, int fwMinor, int fwPatch, int hwRevision, int pulseKind, int edaKind)
        {
            _protocol = protocol;
            _fwMajor = fwMajor; _fwMinor = fwMinor; _fwPatch = fwPatch; _hwRevision = hwRevision;
            _pulseKind = pulseKind; _edaKind = edaKind;
        }

        public BedsideProtocol Protocol { get { return _protocol; } }

        // ------------------------------------------------------------------ the profile table

        /// <summary>UUID of characteristic ch (GattProfile constants), null for an unknown index.</summary>
        public static string Uuid(int ch)
        {
            switch (ch)
            {
                case Preset: return GattProfile.PresetUuid;
                case Settings: return GattProfile.SettingsUuid;
                case Status: return GattProfile.StatusUuid;
                case LogRequest: return GattProfile.LogRequestUuid;
                case LogData: return GattProfile.LogDataUuid;
                case DeviceInformation: return GattProfile.DeviceInfoUuid;
                case AccessKey: return GattProfile.AccessKeyUuid;
                case Unlock: return GattProfile.UnlockUuid;
                default: return null;
            }
        }

        /// <summary>Index of the characteristic with this UUID (lower case, as in GattProfile), or -1.</summary>
        public static int IndexOf(string uuid)
        {
            for (int ch = 0; ch < Count; ch++) if (Uuid(ch) == uuid) return ch;
            return -1;
        }

        /// <summary>GATT properties of ch (PropRead | PropWrite | PropNotify bits).</summary>
        public static int Properties(int ch)
        {
            switch (ch)
            {
                case Preset: case Settings: return PropRead | PropWrite;
                case Status: return PropRead | PropNotify;
                case LogRequest: case Unlock: return PropWrite;
                case LogData: case DeviceInformation: case AccessKey: return PropRead;
                default: return 0;
            }
        }

        /// <summary>Value size in bytes: the exact size of a write or read (Log data: its largest read).</summary>
        public static int ValueSize(int ch)
        {
            switch (ch)
            {
                case Preset: return Bedside.Core.Composer.Preset.WireSize;
                case Settings: return SettingsPatch.WireSize;
                case Status: return LiveStatus.WireSize;
                case LogRequest: return LogChunker.RequestSize;
                case LogData: return LogChunker.MaxReadBytes;
                case DeviceInformation: return DeviceInfo.WireSize;
                case AccessKey: case Unlock: return ClientKeyStore.KeyBytes;
                default: return 0;
            }
        }

        /// <summary>True when the link must be encrypted for any operation on ch (all but Device info).</summary>
        public static bool NeedsEncryption(int ch) { return ch >= 0 && ch < Count && ch != DeviceInformation; }

        /// <summary>True when ch's operation needs an unlocked connection (Preset/Settings/Log request writes, Log data reads).</summary>
        public static bool NeedsUnlock(int ch, bool write)
        {
            if (write) return ch == Preset || ch == Settings || ch == LogRequest;
            return ch == LogData;
        }

        /// <summary>The characteristic's user description (GATT descriptor 0x2901).</summary>
        public static string Description(int ch)
        {
            switch (ch)
            {
                case Preset: return "Therapist preset";
                case Settings: return "Settings";
                case Status: return "Live status";
                case LogRequest: return "Log request";
                case LogData: return "Log data";
                case DeviceInformation: return "Device info";
                case AccessKey: return "Access key";
                case Unlock: return "Unlock";
                default: return null;
            }
        }

        // ------------------------------------------------------------------ host inputs

        /// <summary>Mixes host entropy into the key generator (boot entropy once, then e.g. the µs clock per request).</summary>
        public void Stir(uint entropy) { lock (_protocol.SyncRoot) { _keys.Stir(entropy); } }

        /// <summary>Bonds the host's stack stores (Device info [7]); a host without bonds leaves it unset and the key count is reported.</summary>
        public void SetBondCount(int bonds) { _bondCount = bonds; }

        /// <summary>The sensor-unavailable flags reported in Device info.</summary>
        public void SetSensorFlags(bool pulseUnavailable, bool edaUnavailable)
        {
            _sensorFlags = (pulseUnavailable ? DeviceInfo.FlagPulseUnavailable : 0) | (edaUnavailable ? DeviceInfo.FlagEdaUnavailable : 0);
        }

        /// <summary>Publishes a Live status value (LiveStatus.WireSize bytes from LiveStatus.EncodeFrom) for reads and notifications.</summary>
        public void PublishStatus(byte[] encoded)
        {
            if (encoded == null || encoded.Length < LiveStatus.WireSize) return;
            lock (_protocol.SyncRoot)
            {
                System.Array.Copy(encoded, _status, LiveStatus.WireSize);
                _hasStatus = true;
            }
        }

        /// <summary>Copies the last published Live status into dst (≥ 12 bytes) for a notification; returns its size.</summary>
        public int CopyStatus(byte[] dst)
        {
            lock (_protocol.SyncRoot)
            {
                if (!_hasStatus) LiveStatus.Encode(_status, 0, 0, 0, 0, 0, 0, 0, -9600, 0, 0);
                System.Array.Copy(_status, dst, LiveStatus.WireSize);
            }
            return LiveStatus.WireSize;
        }

        /// <summary>The connection has gone: its unlock ends (a later connection with the same id starts locked).</summary>
        public void Disconnected(int connectionId)
        {
            lock (_protocol.SyncRoot)
            {
                int s = FindSlot(connectionId);
                if (s >= 0) _connUsed[s] = false;
            }
        }

        /// <summary>True when connectionId has presented an enrolled key and the unlock is still in force at nowMs.</summary>
        public bool IsUnlocked(int connectionId, long nowMs)
        {
            lock (_protocol.SyncRoot) { return UnlockedSlot(connectionId, nowMs) >= 0; }
        }

        // ------------------------------------------------------------------ operations

        /// <summary>
        /// A read of characteristic ch from connectionId at nowMs into dst (≥ MaxValueBytes). Returns AttError.None and
        /// the value's length in count, or an ATT error (count 0).
        /// </summary>
        public byte Read(int ch, int connectionId, long nowMs, byte[] dst, out int count)
        {
            count = 0;
            if (ch < 0 || ch >= Count) return AttError.AttributeNotFound;
            if ((Properties(ch) & PropRead) == 0) return AttError.ReadNotPermitted;
            if (dst == null || dst.Length < ValueSize(ch)) return AttError.RequestRejected;
            lock (_protocol.SyncRoot)
            {
                if (NeedsUnlock(ch, false))
                {
                    int s = UnlockedSlot(connectionId, nowMs);
                    if (s < 0) return AttError.InsufficientAuthorization;
                    _connLastMs[s] = nowMs;
                }
                switch (ch)
                {
                    case Preset: count = _protocol.ReadPreset(dst); return AttError.None;
                    case Settings: count = _protocol.ReadSettings(dst); return AttError.None;
                    case Status: count = CopyStatus(dst); return AttError.None;
                    case LogData: count = _protocol.ReadLogChunk(dst); return AttError.None;
                    case DeviceInformation: count = ReadDeviceInfo(connectionId, nowMs, dst); return AttError.None;
                    case AccessKey: return IssueKey(connectionId, nowMs, dst, out count);
                }
            }
            return AttError.ReadNotPermitted;
        }

        /// <summary>
        /// A write of value[0..count) at ATT offset attOffset to characteristic ch from connectionId at nowMs.
        /// Returns AttError.None when accepted, otherwise the ATT error (and nothing changed).
        /// </summary>
        public byte Write(int ch, int connectionId, long nowMs, byte[] value, int count, int attOffset)
        {
            if (ch < 0 || ch >= Count) return AttError.AttributeNotFound;
            if ((Properties(ch) & PropWrite) == 0) return AttError.WriteNotPermitted;
            lock (_protocol.SyncRoot)
            {
                if (NeedsUnlock(ch, true))
                {
                    int s = UnlockedSlot(connectionId, nowMs);
                    if (s < 0) return AttError.InsufficientAuthorization;
                    _connLastMs[s] = nowMs;
                }
                switch (ch)
                {
                    case Preset: return _protocol.WritePreset(value, count, attOffset);
                    case Settings: return _protocol.WriteSettings(value, count, attOffset);
                    case LogRequest: return _protocol.WriteLogRequest(value, count, attOffset);
                    case Unlock: return WriteUnlock(connectionId, nowMs, value, count, attOffset);
                }
            }
            return AttError.WriteNotPermitted;
        }

        // ------------------------------------------------------------------ internals (caller holds SyncRoot)

        private int ReadDeviceInfo(int connectionId, long nowMs, byte[] dst)
        {
            int flags = _sensorFlags;
            if (_protocol.Controller.PairingWindowOpen) flags |= DeviceInfo.FlagPairingOpen;
            if (UnlockedSlot(connectionId, nowMs) >= 0) flags |= DeviceInfo.FlagUnlocked;
            int bonds = _bondCount >= 0 ? _bondCount : _protocol.Controller.Clients.Count;
            DeviceInfo.Encode(dst, 0, _fwMajor, _fwMinor, _fwPatch, _hwRevision, _pulseKind, _edaKind, bonds, flags);
            return DeviceInfo.WireSize;
        }

        private byte IssueKey(int connectionId, long nowMs, byte[] dst, out int count)
        {
            count = 0;
            if (!_protocol.Controller.PairingWindowOpen) return AttError.InsufficientAuthorization;
            ClientKeyStore clients = _protocol.Controller.Clients;
            if (clients.Count >= ClientKeyStore.MaxKeys) return AttError.RequestRejected;
            _keys.Stir((uint)nowMs ^ (uint)connectionId);
            _keys.Fill(_key, 0, ClientKeyStore.KeyBytes);
            int index = clients.Add(_key, 0);
            if (index == -1) return AttError.RequestRejected;
            if (index < 0) return AttError.StoreFailed;
            int s = SlotFor(connectionId, nowMs);
            _connUnlocked[s] = true;
            _connGeneration[s] = clients.Generation;
            _protocol.Controller.ClosePairingWindow();
            System.Array.Copy(_key, dst, ClientKeyStore.KeyBytes);
            count = ClientKeyStore.KeyBytes;
            return AttError.None;
        }

        private byte WriteUnlock(int connectionId, long nowMs, byte[] value, int count, int attOffset)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != ClientKeyStore.KeyBytes || count > value.Length) return AttError.InvalidAttributeValueLength;
            ClientKeyStore clients = _protocol.Controller.Clients;
            if (clients.Find(value, 0) < 0) return AttError.InsufficientAuthorization;
            int s = SlotFor(connectionId, nowMs);
            _connUnlocked[s] = true;
            _connGeneration[s] = clients.Generation;
            return AttError.None;
        }

        private int UnlockedSlot(int connectionId, long nowMs)
        {
            int s = FindSlot(connectionId);
            if (s < 0 || !_connUnlocked[s]) return -1;
            if (_connGeneration[s] != _protocol.Controller.Clients.Generation || nowMs - _connLastMs[s] > UnlockIdleMs)
            {
                _connUnlocked[s] = false;
                return -1;
            }
            return s;
        }

        private int FindSlot(int connectionId)
        {
            for (int s = 0; s < MaxConnections; s++) if (_connUsed[s] && _connId[s] == connectionId) return s;
            return -1;
        }

        /// <summary>The slot of connectionId, taking a free one or the least recently used one (its unlock ends).</summary>
        private int SlotFor(int connectionId, long nowMs)
        {
            int s = FindSlot(connectionId);
            if (s < 0)
            {
                s = 0;
                for (int i = 0; i < MaxConnections; i++)
                {
                    if (!_connUsed[i]) { s = i; break; }
                    if (_connLastMs[i] < _connLastMs[s]) s = i;
                }
                _connUsed[s] = true;
                _connId[s] = connectionId;
                _connUnlocked[s] = false;
            }
            _connLastMs[s] = nowMs;
            return s;
        }
    }
}
