using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bedside.Console.Services;

/// <summary>
/// The virtual unit's transport: the JSON-over-WebSocket GATT forwarding of `Bedside.Sim serve`
/// (tools/Bedside.Sim/Serve/GattSocketServer.cs). One WebSocket = one connection to the unit.
/// </summary>
public sealed class SocketLink : IUnitLink
{
    private readonly Uri _url;
    private ClientWebSocket _ws;
    private CancellationTokenSource _cts;
    private int _nextId;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _send = new(1, 1);

    public SocketLink(string url) { _url = new Uri(url); }

    public event Action<byte[]> Notified;
    public event Action Lost;

    public async Task<int> OpenAsync()
    {
        await CloseSocket();
        _ws = new ClientWebSocket();
        _cts = new CancellationTokenSource();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _ws.ConnectAsync(_url, timeout.Token);
        }
        catch (Exception) { return LinkCode.NotFound; }
        _ = ReceiveLoop(_ws, _cts.Token);
        return LinkCode.Ok;
    }

    public async Task<(int att, byte[] value)> ReadAsync(string uuid)
    {
        var answer = await Request(new JsonObject { ["op"] = "read", ["uuid"] = uuid });
        if (answer == null) return (LinkCode.LinkLost, null);
        int att = (int?)answer["att"] ?? 0x0E;
        return (att, att == 0 ? Convert.FromBase64String((string)answer["value"] ?? "") : null);
    }

    public async Task<int> WriteAsync(string uuid, byte[] value)
    {
        var answer = await Request(new JsonObject { ["op"] = "write", ["uuid"] = uuid, ["value"] = Convert.ToBase64String(value), ["offset"] = 0 });
        return answer == null ? LinkCode.LinkLost : (int?)answer["att"] ?? 0x0E;
    }

    public async Task<int> SubscribeAsync(string uuid)
    {
        var answer = await Request(new JsonObject { ["op"] = "subscribe", ["uuid"] = uuid });
        return answer == null ? LinkCode.LinkLost : (int?)answer["att"] ?? 0x0E;
    }

    /// <summary>Sends one request and waits (5 s at most) for its answer; null when the link is gone.</summary>
    private async Task<JsonObject> Request(JsonObject req)
    {
        var ws = _ws;
        if (ws == null || ws.State != WebSocketState.Open) return null;
        int id = Interlocked.Increment(ref _nextId);
        req["id"] = id;
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        try
        {
            await _send.WaitAsync();
            try { await ws.SendAsync(Encoding.UTF8.GetBytes(req.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None); }
            finally { _send.Release(); }
            var done = await Task.WhenAny(tcs.Task, Task.Delay(5000));
            return done == tcs.Task ? tcs.Task.Result : null;
        }
        catch (Exception) { return null; }
        finally { _pending.TryRemove(id, out _); }
    }

    private async Task ReceiveLoop(ClientWebSocket ws, CancellationToken token)
    {
        var buffer = new byte[16384];
        try
        {
            while (ws.State == WebSocketState.Open && !token.IsCancellationRequested)
            {
                var text = new StringBuilder();
                WebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer, token);
                    if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("closed");
                    text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
                } while (!r.EndOfMessage);
                if (JsonNode.Parse(text.ToString()) is not JsonObject msg) continue;
                if (msg["notify"] != null) Notified?.Invoke(Convert.FromBase64String((string)msg["value"] ?? ""));
                else if (msg["id"] is JsonNode idNode && _pending.TryRemove((int)idNode, out var tcs)) tcs.TrySetResult(msg);
            }
        }
        catch (Exception) { }
        foreach (var p in _pending.Values) p.TrySetResult(null);
        if (!token.IsCancellationRequested) Lost?.Invoke();
    }

    private async Task CloseSocket()
    {
        _cts?.Cancel();
        if (_ws != null)
        {
            try { if (_ws.State == WebSocketState.Open) await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); }
            catch (Exception) { }
            _ws.Dispose();
            _ws = null;
        }
    }

    public async ValueTask DisposeAsync() => await CloseSocket();
}
