using Bedside.Core.Protocol;
using Microsoft.JSInterop;

namespace Bedside.Console.Services;

/// <summary>
/// Web Bluetooth transport: forwards to wwwroot/js/ble.js, which wraps navigator.bluetooth only. Chrome reports a
/// refused operation by error class, not code, so codes 0x80, 0x81 and 0xFF all arrive as 0x0E ("the unit refused").
/// </summary>
public sealed class BleLink : IUnitLink
{
    private static readonly string[] Uuids = Enumerable.Range(0, GattOperations.Count).Select(GattOperations.Uuid).ToArray();
    private readonly IJSRuntime _js;
    private readonly string _deviceId;
    private IJSObjectReference _module;
    private DotNetObjectReference<BleLink> _self;

    public BleLink(IJSRuntime js, string deviceId) { _js = js; _deviceId = deviceId; }

    public event Action<byte[]> Notified;
    public event Action Lost;

    public static async Task<IJSObjectReference> Module(IJSRuntime js) => await js.InvokeAsync<IJSObjectReference>("import", "./js/ble.js");

    /// <summary>The browser's chooser. Returns (device id, name) or a failure code.</summary>
    public static async Task<(string id, string name, int error)> ChooseAsync(IJSRuntime js)
    {
        var m = await Module(js);
        var r = await m.InvokeAsync<ChooseResult>("choose", GattProfile.ServiceUuid);
        return r.error != 0 ? (null, null, r.error) : (r.id, r.name, 0);
    }

    public async Task<int> OpenAsync()
    {
        _module ??= await Module(_js);
        _self ??= DotNetObjectReference.Create(this);
        return await _module.InvokeAsync<int>("connect", _deviceId, GattProfile.ServiceUuid, Uuids, _self);
    }

    public async Task<(int att, byte[] value)> ReadAsync(string uuid)
    {
        if (_module == null) return (LinkCode.LinkLost, null);
        var r = await _module.InvokeAsync<ReadResult>("read", _deviceId, uuid);
        return (r.att, r.att == 0 ? Convert.FromBase64String(r.value ?? "") : null);
    }

    public async Task<int> WriteAsync(string uuid, byte[] value)
    {
        if (_module == null) return LinkCode.LinkLost;
        return await _module.InvokeAsync<int>("write", _deviceId, uuid, Convert.ToBase64String(value));
    }

    public async Task<int> SubscribeAsync(string uuid)
    {
        if (_module == null) return LinkCode.LinkLost;
        return await _module.InvokeAsync<int>("subscribe", _deviceId, uuid, _self);
    }

    [JSInvokable] public void OnNotify(string value) => Notified?.Invoke(Convert.FromBase64String(value));
    [JSInvokable] public void OnLinkLost() => Lost?.Invoke();

    public async ValueTask DisposeAsync()
    {
        try { if (_module != null) await _module.InvokeVoidAsync("disconnect", _deviceId); } catch (JSDisconnectedException) { }
        _self?.Dispose();
    }

    public sealed class ChooseResult { public string id { get; set; } public string name { get; set; } public int error { get; set; } }
    public sealed class ReadResult { public int att { get; set; } public string value { get; set; } }
}
