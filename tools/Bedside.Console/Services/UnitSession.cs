using Bedside.Core.Composer;
using Bedside.Core.Protocol;
using Bedside.Core.Session;
using Microsoft.JSInterop;

namespace Bedside.Console.Services;

/// <summary>One Live status notification, decoded by the core's ClientCodec, with the time it arrived.</summary>
public sealed record StatusSample(DateTime At, int State, int Program, int HeartRateCentiBpm, int ArousalQ15, int TempoCentiBpm, int LevelCentiDb, int Pulse, int Eda)
{
    public static StatusSample Decode(byte[] b, DateTime at) => new(at, ClientCodec.StatusState(b), ClientCodec.StatusProgram(b),
        ClientCodec.StatusHeartRateCentiBpm(b), ClientCodec.StatusArousalQ15(b), ClientCodec.StatusTempoCentiBpm(b),
        ClientCodec.StatusLevelCentiDb(b), ClientCodec.StatusPulse(b), ClientCodec.StatusEda(b));
}

public enum LinkState { Disconnected, Connecting, Connected, Reconnecting }

/// <summary>
/// One unit as the console sees it: the link, what was read from it (device info, preset, settings), the last
/// 30 minutes of live status, enrolment (its access key kept in the browser's localStorage per unit), and the
/// session-log download. A dropped link is re-opened in the background (bounded back-off) without clearing what
/// is on screen. Every failure ends in a message (Message) and a settled state: no operation leaves a spinner.
/// </summary>
public sealed class UnitSession : IAsyncDisposable
{
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromMinutes(30);
    private const int MaxReconnectAttempts = 8;
    private readonly IJSRuntime _js;
    private IUnitLink _link;
    private bool _disposed;
    private int _reconnects;

    public UnitSession(IJSRuntime js, string label, string address)
    {
        _js = js; Label = label; Address = address;
    }

    /// <summary>The therapist's name for the unit ("Bed 3").</summary>
    public string Label { get; set; }
    /// <summary>"ws://…/gatt" for a virtual unit, "ble:&lt;browser device id&gt;" for a real one.</summary>
    public string Address { get; }
    public bool IsBluetooth => Address.StartsWith("ble:", StringComparison.Ordinal);
    public string UnitName { get; private set; }
    public LinkState State { get; private set; } = LinkState.Disconnected;
    public string Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public bool Busy { get; private set; }
    public byte[] Info { get; private set; }
    public Preset Preset { get; private set; }
    public SettingsPatch Settings { get; private set; }
    public bool Enrolled { get; private set; }
    public bool HasKey { get; private set; }
    public List<StatusSample> History { get; } = new();
    public StatusSample Last => History.Count > 0 ? History[^1] : null;
    /// <summary>Log download progress 0..1 while a download runs.</summary>
    public double? LogProgress { get; private set; }
    public byte[] Log { get; private set; }
    public string LogCheck { get; private set; }

    /// <summary>Raised whenever anything shown changed.</summary>
    public event Action Changed;

    private string KeyName => "bedside.key." + Address;

    private void Say(string message, bool error) { Message = message; MessageIsError = error; Changed?.Invoke(); }

    private IUnitLink CreateLink() => IsBluetooth ? new BleLink(_js, Address.Substring(4)) : new SocketLink(Address);

    /// <summary>Opens the link and reads everything the screens show. True when connected.</summary>
    public async Task<bool> ConnectAsync()
    {
        if (State == LinkState.Connected) return true;
        State = LinkState.Connecting; Say("Connecting…", false);
        if (_link == null)
        {
            _link = CreateLink();
            _link.Notified += OnNotified;
            _link.Lost += OnLost;
        }
        int err = await _link.OpenAsync();
        if (err == 0) err = await LoadAsync();
        if (err != 0)
        {
            State = LinkState.Disconnected;
            Say(Messages.Of(err == LinkCode.LinkLost ? LinkCode.NotFound : err), true);
            return false;
        }
        State = LinkState.Connected; _reconnects = 0;
        Say(Enrolled ? "Connected. This tablet is enrolled: changes are allowed." : "Connected. Read only until this tablet is enrolled.", false);
        return true;
    }

    /// <summary>After (re)connecting: device info, unlock with the stored key, preset, settings, live status.</summary>
    private async Task<int> LoadAsync()
    {
        var info = await _link.ReadAsync(GattProfile.DeviceInfoUuid);
        if (info.att != 0) return info.att;
        Info = info.value;
        if (_link is SocketLink) UnitName ??= "Virtual unit";
        string key = await _js.InvokeAsync<string>("localStorage.getItem", KeyName);
        HasKey = key != null;
        Enrolled = false;
        if (key != null)
        {
            int u = await _link.WriteAsync(GattProfile.UnlockUuid, Convert.FromBase64String(key));
            if (u == 0) Enrolled = true;
            else if (u == AttError.InsufficientAuthorization)
            {
                // The unit no longer knows this key (its clients were forgotten): drop it.
                await _js.InvokeVoidAsync("localStorage.removeItem", KeyName);
                HasKey = false;
            }
            else return u;
        }
        int e = await ReadPresetAsync();
        if (e == 0) e = await ReadSettingsAsync();
        if (e == 0) e = await _link.SubscribeAsync(GattProfile.StatusUuid);
        if (e == 0)
        {
            var st = await _link.ReadAsync(GattProfile.StatusUuid);
            if (st.att == 0) OnNotified(st.value);
        }
        return e;
    }

    public async Task<int> ReadInfoAsync()
    {
        var r = await _link.ReadAsync(GattProfile.DeviceInfoUuid);
        if (r.att == 0) { Info = r.value; Changed?.Invoke(); }
        return r.att;
    }

    private async Task<int> ReadPresetAsync()
    {
        var r = await _link.ReadAsync(GattProfile.PresetUuid);
        if (r.att != 0) return r.att;
        var p = new Preset();
        if (p.TryReadFrom(r.value, 0, r.value.Length, new Preset()) != null) return AttError.InvalidAttributeValueLength;
        Preset = p;
        return 0;
    }

    private async Task<int> ReadSettingsAsync()
    {
        var r = await _link.ReadAsync(GattProfile.SettingsUuid);
        if (r.att != 0) return r.att;
        var s = new SettingsPatch();
        if (s.TryReadFrom(r.value, 0, r.value.Length, new SettingsPatch()) != null) return AttError.InvalidAttributeValueLength;
        Settings = s;
        return 0;
    }

    /// <summary>Reads this tablet's access key while the unit's pairing window is open and keeps it for this unit.</summary>
    public async Task EnrolAsync()
    {
        if (!await Begin()) return;
        try
        {
            var r = await _link.ReadAsync(GattProfile.AccessKeyUuid);
            if (r.att == AttError.InsufficientAuthorization)
            {
                Say("The unit's pairing window is not open. Ask the caregiver to hold the button for 4 seconds (three rising notes), then press Enrol within a minute.", true);
                return;
            }
            if (r.att != 0) { Say(Messages.Of(r.att) + " (" + Messages.Code(r.att) + ")", true); return; }
            await _js.InvokeVoidAsync("localStorage.setItem", KeyName, Convert.ToBase64String(r.value));
            HasKey = true; Enrolled = true;
            await ReadInfoAsync();
            Say("Enrolled: this tablet may now change presets and settings and download session logs.", false);
        }
        finally { End(); }
    }

    /// <summary>Validates the preset with the core's own ranges, writes it, reads it back. Null on success.</summary>
    public async Task<string> WritePresetAsync(Preset p)
    {
        string why = p.Validate();
        if (why != null) { Say("Not sent: " + why + ".", true); return why; }
        var b = new byte[Preset.WireSize];
        p.WriteTo(b, 0);
        return await WriteAndReadBack(GattProfile.PresetUuid, b, ReadPresetAsync, "Preset saved on the unit.");
    }

    /// <summary>Validates the settings with the core's own ranges, writes them, reads them back. Null on success.</summary>
    public async Task<string> WriteSettingsAsync(SettingsPatch s)
    {
        string why = s.Validate();
        if (why != null) { Say("Not sent: " + why + ".", true); return why; }
        var b = new byte[SettingsPatch.WireSize];
        s.WriteTo(b, 0);
        return await WriteAndReadBack(GattProfile.SettingsUuid, b, ReadSettingsAsync, "Settings saved on the unit.");
    }

    private async Task<string> WriteAndReadBack(string uuid, byte[] value, Func<Task<int>> readBack, string ok)
    {
        if (!await Begin()) return "not connected";
        try
        {
            int err = await WriteAuthorised(uuid, value);
            if (err != 0)
            {
                string m = Messages.Of(err) + " (" + Messages.Code(err) + ")";
                Say(m, true);
                return m;
            }
            err = await readBack();
            if (err != 0) { Say("Saved, but reading it back failed: " + Messages.Of(err), true); return Messages.Of(err); }
            Say(ok, false);
            return null;
        }
        finally { End(); }
    }

    /// <summary>A gated write; when the unit answers 0x08 (e.g. the unlock idled out) the stored key is presented once more.</summary>
    private async Task<int> WriteAuthorised(string uuid, byte[] value)
    {
        int err = await _link.WriteAsync(uuid, value);
        if (err != AttError.InsufficientAuthorization || !HasKey) return err;
        string key = await _js.InvokeAsync<string>("localStorage.getItem", KeyName);
        if (key == null) return err;
        int u = await _link.WriteAsync(GattProfile.UnlockUuid, Convert.FromBase64String(key));
        if (u != 0)
        {
            Enrolled = false;
            if (u == AttError.InsufficientAuthorization) { HasKey = false; await _js.InvokeVoidAsync("localStorage.removeItem", KeyName); }
            return u;
        }
        Enrolled = true;
        return await _link.WriteAsync(uuid, value);
    }

    /// <summary>
    /// Downloads the unit's last finished session log in LogChunker.MaxChunkBytes chunks with progress, then checks it
    /// (length, CRC-32 against the unit's header and the log's own trailer, format). A lost link resumes at the chunk
    /// it stopped at once the link is back.
    /// </summary>
    public async Task DownloadLogAsync()
    {
        if (!await Begin()) return;
        Log = null; LogCheck = null;
        try
        {
            var request = new byte[LogChunker.RequestSize];
            byte[] image = null;
            int offset = 0, length = -1, stalls = 0;
            uint crc = 0;
            LogProgress = 0; Changed?.Invoke();
            while (length < 0 || offset < length)
            {
                ClientCodec.EncodeLogRequest(request, offset, LogChunker.MaxChunkBytes);
                int err = await WriteAuthorised(GattProfile.LogRequestUuid, request);
                (int att, byte[] value) chunk = err == 0 ? await _link.ReadAsync(GattProfile.LogDataUuid) : (err, null);
                if (chunk.att == LinkCode.LinkLost && await WaitForLink()) continue;
                if (chunk.att != 0) { Say("Download stopped: " + Messages.Of(chunk.att) + " (" + Messages.Code(chunk.att) + ")", true); return; }
                byte[] v = chunk.value;
                if (v.Length < LogChunker.HeaderBytes) { Say("Download stopped: the unit sent a short chunk.", true); return; }
                int n = ClientCodec.ChunkCount(v), at = ClientCodec.ChunkOffset(v), len = ClientCodec.ChunkImageLength(v);
                if (length < 0)
                {
                    if (len <= 0 || len > SessionLog.MaxSerializedSize) { Say("Download stopped: the unit reports an impossible log length.", true); return; }
                    length = len; crc = ClientCodec.ChunkImageCrc(v); image = new byte[length];
                }
                else if (len != length || ClientCodec.ChunkImageCrc(v) != crc)
                {
                    // A new session was sealed during the download: start again.
                    length = -1; offset = 0; continue;
                }
                if (n == 0 || at != offset || offset + n > length || v.Length < LogChunker.HeaderBytes + n)
                {
                    if (++stalls > 5) { Say("Download stopped: the unit sent no data.", true); return; }
                    continue;
                }
                Array.Copy(v, LogChunker.HeaderBytes, image, offset, n);
                offset += n;
                LogProgress = offset / (double)length; Changed?.Invoke();
            }
            string why = SessionLogFormat.Check(image, image.Length);
            uint trailer = ClientCodec.U32(image, image.Length - 4);
            uint computed = Bedside.Core.Crc32.Compute(image, 0, image.Length - 4);
            if (why != null || trailer != crc || computed != crc)
            {
                LogCheck = "CRC check FAILED: " + (why ?? "the log does not match the unit's CRC") + ". Download again.";
                Say(LogCheck, true);
                return;
            }
            Log = image;
            LogCheck = "CRC-32 0x" + crc.ToString("X8") + " verified (" + length + " bytes, " + SessionLogFormat.RecordCount(image) + " minutes).";
            Say("Session log downloaded and checked.", false);
        }
        finally { LogProgress = null; End(); }
    }

    private async Task<bool> WaitForLink()
    {
        for (int i = 0; i < 40 && !_disposed; i++)
        {
            if (State == LinkState.Connected) return true;
            if (State == LinkState.Disconnected) return false;
            await Task.Delay(250);
        }
        return State == LinkState.Connected;
    }

    private async Task<bool> Begin()
    {
        if (Busy) return false;
        if (State != LinkState.Connected) { Say("Not connected to the unit.", true); return false; }
        Busy = true; Changed?.Invoke();
        await Task.Yield();
        return true;
    }

    private void End() { Busy = false; Changed?.Invoke(); }

    private void OnNotified(byte[] value)
    {
        if (value == null || value.Length < LiveStatus.WireSize) return;
        var now = DateTime.UtcNow;
        History.Add(StatusSample.Decode(value, now));
        int drop = 0;
        while (drop < History.Count && now - History[drop].At > HistoryWindow) drop++;
        if (drop > 0) History.RemoveRange(0, drop);
        Changed?.Invoke();
    }

    private async void OnLost()
    {
        if (_disposed || State == LinkState.Reconnecting) return;
        State = LinkState.Reconnecting;
        Say(Messages.Of(LinkCode.LinkLost), true);
        for (int attempt = 1; attempt <= MaxReconnectAttempts && !_disposed; attempt++)
        {
            await Task.Delay(Math.Min(500 * (1 << (attempt - 1)), 8000));
            if (_disposed) return;
            if (await _link.OpenAsync() == 0 && await LoadAsync() == 0)
            {
                State = LinkState.Connected; _reconnects++;
                Say("Reconnected.", false);
                return;
            }
        }
        State = LinkState.Disconnected;
        Say("The unit is out of reach. What is on screen is the last known state; press Connect to try again.", true);
    }

    public async Task DisconnectAsync()
    {
        if (_link != null)
        {
            _link.Lost -= OnLost;
            await _link.DisposeAsync();
            _link.Notified -= OnNotified;
            _link = null;
        }
        State = LinkState.Disconnected;
        Say("Disconnected.", false);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_link != null) await _link.DisposeAsync();
    }
}
