using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;

namespace Bedside.Core.Protocol
{
    /// <summary>
    /// The BLE codec the GATT handlers forward to. It holds no copy of the settings: reads are built from
    /// <see cref="BedsideController.Settings"/> and every accepted preset/settings write becomes a full
    /// DeviceSettings passed to <see cref="BedsideController.ApplySettings"/> (validated, stored A/B, applied at
    /// once). A write is validated (ATT offset, length, ranges) and either applied whole or rejected with an
    /// AttError code and no state change. The session-log download reads the controller's sealed log.
    ///
    /// Threading: every method takes <see cref="SyncRoot"/>, the lock the host also holds around
    /// BedsideUnit.ControlTick / sensor pushes / button edges, because the controller is not thread-safe and
    /// BLE handlers run on their own managed threads. Work under the lock is bounded (a settings save of
    /// 2 x 32 bytes, or one log chunk of ≤ 160 bytes), so handlers answer well within the 2 s ATT limit.
    /// Allocation only in the constructor.
    /// </summary>
    public sealed class BedsideProtocol
    {
        /// <summary>The lock shared with the host's control tick.</summary>
        public readonly object SyncRoot;

        private readonly BedsideController _controller;
        private readonly Preset _presetScratch = new Preset();
        private readonly Preset _presetIn = new Preset();
        private readonly SettingsPatch _patchIn = new SettingsPatch();
        private readonly SettingsPatch _patchScratch = new SettingsPatch();
        private readonly SettingsPatch _patchOut = new SettingsPatch();
        private readonly DeviceSettings _candidate = new DeviceSettings();
        private readonly LogChunker _log = new LogChunker();
        private int _presetVersion;
        private int _settingsVersion;
        private int _storeFailures;

        /// <summary>Binds the codec to the controller whose settings it serves; syncRoot is the host's unit lock.</summary>
        public BedsideProtocol(BedsideController controller, object syncRoot)
        {
            _controller = controller;
            SyncRoot = syncRoot == null ? new object() : syncRoot;
        }

        /// <summary>A codec with a controller of its own on RAM storage (tests and tools).</summary>
        public BedsideProtocol() : this(new BedsideController(RamStorage.CreateDefault()), null) { }

        public BedsideController Controller { get { return _controller; } }

        /// <summary>Incremented on every accepted preset write.</summary>
        public int PresetVersion { get { return _presetVersion; } }
        /// <summary>Incremented on every accepted settings write.</summary>
        public int SettingsVersion { get { return _settingsVersion; } }
        /// <summary>Writes that were valid but could not be stored (answered with AttError.StoreFailed).</summary>
        public int StoreFailures { get { return _storeFailures; } }

        /// <summary>Preset write (9 bytes): decode, validate, then ApplySettings with the new preset.</summary>
        public byte WritePreset(byte[] value, int count, int attOffset)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != Preset.WireSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            lock (SyncRoot)
            {
                if (_presetIn.TryReadFrom(value, 0, count, _presetScratch) != null) return AttError.OutOfRange;
                _candidate.CopyFrom(_controller.Settings);
                _candidate.Preset.CopyFrom(_presetIn);
                if (_candidate.Validate() != null) return AttError.OutOfRange;
                if (_controller.ApplySettings(_candidate) != null) { _storeFailures++; return AttError.StoreFailed; }
                _presetVersion++;
                return AttError.None;
            }
        }

        /// <summary>Settings write (7 bytes): decode, validate (DeviceSettings ranges), map, ApplySettings.</summary>
        public byte WriteSettings(byte[] value, int count, int attOffset)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != SettingsPatch.WireSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            lock (SyncRoot)
            {
                if (_patchIn.TryReadFrom(value, 0, count, _patchScratch) != null) return AttError.OutOfRange;
                if (SettingsMapping.ToSettings(_patchIn, _controller.Settings, _candidate) != null) return AttError.OutOfRange;
                if (_controller.ApplySettings(_candidate) != null) { _storeFailures++; return AttError.StoreFailed; }
                _settingsVersion++;
                return AttError.None;
            }
        }

        /// <summary>Log request against the controller's session log (only a sealed log, i.e. a finished session).</summary>
        public byte WriteLogRequest(byte[] value, int count, int attOffset)
        {
            lock (SyncRoot) { return _log.WriteRequest(value, count, attOffset, _controller.Log); }
        }

        /// <summary>Next chunk of the controller's session log into dst (≥ LogChunker.MaxReadBytes for full chunks).</summary>
        public int ReadLogChunk(byte[] dst)
        {
            lock (SyncRoot) { return _log.ReadChunk(_controller.Log, dst); }
        }

        /// <summary>Log request against an explicit image (tools and tests).</summary>
        public byte WriteLogRequest(byte[] value, int count, int attOffset, byte[] image, int imageLength)
        {
            lock (SyncRoot) { return _log.WriteRequest(value, count, attOffset, image, imageLength); }
        }

        /// <summary>Next chunk of an explicit image (tools and tests).</summary>
        public int ReadLogChunk(byte[] image, int imageLength, byte[] dst)
        {
            lock (SyncRoot) { return _log.ReadChunk(image, imageLength, dst); }
        }

        /// <summary>Writes the preset in force (wire form) into dst (≥ 9 bytes); returns the byte count.</summary>
        public int ReadPreset(byte[] dst)
        {
            lock (SyncRoot) { _controller.Settings.Preset.WriteTo(dst, 0); }
            return Preset.WireSize;
        }

        /// <summary>Writes the settings in force (wire form) into dst (≥ 7 bytes); returns the byte count.</summary>
        public int ReadSettings(byte[] dst)
        {
            lock (SyncRoot)
            {
                SettingsMapping.ToPatch(_controller.Settings, _patchOut);
                _patchOut.WriteTo(dst, 0);
            }
            return SettingsPatch.WireSize;
        }

        public void CopyPresetTo(Preset dst) { lock (SyncRoot) { dst.CopyFrom(_controller.Settings.Preset); } }
        public void CopySettingsTo(SettingsPatch dst) { lock (SyncRoot) { SettingsMapping.ToPatch(_controller.Settings, dst); } }
    }
}
