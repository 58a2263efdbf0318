using Bedside.Core.Composer;

namespace Bedside.Core.Protocol
{
    /// <summary>
    /// The BLE codec state shared by the GATT handlers: current preset and settings as received, the log
    /// cursor. Every write is validated (ATT offset, length, ranges) and either applied whole or rejected with
    /// an AttError code and no state change. Methods lock SyncRoot, because BLE handlers and the control
    /// thread run on different managed threads; the control thread polls PresetVersion/SettingsVersion and
    /// copies values out with CopyPresetTo/CopySettingsTo. Allocation only in the constructor.
    /// </summary>
    public sealed class BedsideProtocol
    {
        public readonly object SyncRoot = new object();

        private readonly Preset _preset = new Preset();
        private readonly Preset _presetScratch = new Preset();
        private readonly SettingsPatch _settings = new SettingsPatch();
        private readonly SettingsPatch _settingsScratch = new SettingsPatch();
        private readonly LogChunker _log = new LogChunker();
        private int _presetVersion;
        private int _settingsVersion;

        /// <summary>Incremented on every accepted preset write.</summary>
        public int PresetVersion { get { return _presetVersion; } }
        /// <summary>Incremented on every accepted settings write.</summary>
        public int SettingsVersion { get { return _settingsVersion; } }

        /// <summary>Seeds the values served on read (e.g. from the settings store at boot); not counted as a write.</summary>
        public void Load(Preset preset, SettingsPatch settings)
        {
            lock (SyncRoot)
            {
                if (preset != null && preset.Validate() == null) _preset.CopyFrom(preset);
                if (settings != null && settings.Validate() == null) _settings.CopyFrom(settings);
            }
        }

        public byte WritePreset(byte[] value, int count, int attOffset)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != Preset.WireSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            lock (SyncRoot)
            {
                if (_preset.TryReadFrom(value, 0, count, _presetScratch) != null) return AttError.OutOfRange;
                _presetVersion++;
                return AttError.None;
            }
        }

        public byte WriteSettings(byte[] value, int count, int attOffset)
        {
            if (attOffset != 0) return AttError.InvalidOffset;
            if (value == null || count != SettingsPatch.WireSize || count > value.Length) return AttError.InvalidAttributeValueLength;
            lock (SyncRoot)
            {
                if (_settings.TryReadFrom(value, 0, count, _settingsScratch) != null) return AttError.OutOfRange;
                _settingsVersion++;
                return AttError.None;
            }
        }

        public byte WriteLogRequest(byte[] value, int count, int attOffset, byte[] image, int imageLength)
        {
            lock (SyncRoot) { return _log.WriteRequest(value, count, attOffset, image, imageLength); }
        }

        /// <summary>Writes the preset wire form into dst (≥ 9 bytes); returns the byte count.</summary>
        public int ReadPreset(byte[] dst)
        {
            lock (SyncRoot) { _preset.WriteTo(dst, 0); }
            return Preset.WireSize;
        }

        /// <summary>Writes the settings wire form into dst (≥ 7 bytes); returns the byte count.</summary>
        public int ReadSettings(byte[] dst)
        {
            lock (SyncRoot) { _settings.WriteTo(dst, 0); }
            return SettingsPatch.WireSize;
        }

        /// <summary>Next log chunk into dst (≥ LogChunker.MaxReadBytes for full chunks); returns bytes written.</summary>
        public int ReadLogChunk(byte[] image, int imageLength, byte[] dst)
        {
            lock (SyncRoot) { return _log.ReadChunk(image, imageLength, dst); }
        }

        public void CopyPresetTo(Preset dst) { lock (SyncRoot) { dst.CopyFrom(_preset); } }
        public void CopySettingsTo(SettingsPatch dst) { lock (SyncRoot) { dst.CopyFrom(_settings); } }
    }
}
