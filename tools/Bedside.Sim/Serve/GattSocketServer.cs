using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bedside.Core.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Bedside.Sim.Serve;

/// <summary>
/// The virtual unit's GATT service over a WebSocket on loopback (127.0.0.1 only), for the therapist's console and
/// the browser tests. Each WebSocket is one connection (its own connection id, so unlocks are per connection as on
/// the radio); every operation is forwarded to the unit's <see cref="GattOperations"/>, so values, sizes and ATT
/// errors are the device's. Messages are JSON text frames:
///   request  {"id":1,"op":"read","uuid":"5b1d0002-…"}  {"id":2,"op":"write","uuid":…,"value":"&lt;base64&gt;","offset":0}
///            {"id":3,"op":"subscribe","uuid":"5b1d0004-…"}  {"id":4,"op":"info"}
///   answer   {"id":1,"att":0,"value":"&lt;base64&gt;"}  (att = the ATT error code, 0 = success)
///   notify   {"notify":"5b1d0004-…","value":"&lt;base64&gt;"}
/// Also: POST /button?ms=N presses the virtual button for N simulated ms (100 = a press, 4500 = the pairing hold),
/// GET /unit answers the unit's name and state, and the published console is served from / when a folder is given.
/// </summary>
public sealed class GattSocketServer : IAsyncDisposable
{
    private readonly VirtualUnit _unit;
    private readonly string _name;
    private readonly WebApplication _app;
    private readonly List<Client> _clients = new();
    private int _nextConnection = 1;

    private sealed class Client
    {
        public int Id;
        public WebSocket Socket;
        public bool StatusSubscribed;
        public readonly SemaphoreSlim SendLock = new(1, 1);
    }

    /// <param name="port">TCP port on 127.0.0.1; 0 picks a free one (see <see cref="Port"/>).</param>
    /// <param name="consoleDir">Folder of the published console (its wwwroot) to serve at /, or null.</param>
    public GattSocketServer(VirtualUnit unit, string name, int port, string consoleDir)
    {
        _unit = unit;
        _name = name;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        _app.Map("/gatt", HandleGatt);
        _app.MapPost("/button", (HttpContext c) =>
        {
            if (!int.TryParse(c.Request.Query["ms"], out int ms) || ms < 30 || ms > 15000)
                return Results.BadRequest("ms must be a whole number 30..15000");
            _unit.PressButton(ms);
            return Results.Ok();
        });
        _app.MapGet("/unit", () => Results.Json(new
        {
            name = _name, state = _unit.State.ToString(), pairingOpen = _unit.PairingWindowOpen,
            clients = _unit.ClientCount, simulatedMs = _unit.NowMs,
        }));
        if (consoleDir != null)
        {
            var files = new PhysicalFileProvider(Path.GetFullPath(consoleDir));
            _app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
            types.Mappings[".dat"] = "application/octet-stream";
            types.Mappings[".wasm"] = "application/wasm";
            _app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, ServeUnknownFileTypes = true });
            // Client-side routes (/preset, /report …) fall back to the app's index.html.
            _app.MapFallback(async c =>
            {
                c.Response.ContentType = "text/html";
                await c.Response.SendFileAsync(files.GetFileInfo("index.html"));
            });
        }
        _unit.StatusPublished += OnStatus;
    }

    /// <summary>The port actually bound (after StartAsync).</summary>
    public int Port { get; private set; }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>();
        Port = new Uri(addresses.Addresses.First()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _unit.StatusPublished -= OnStatus;
        Client[] open;
        lock (_clients) open = _clients.ToArray();
        foreach (var c in open) c.Socket.Abort();
        using (var t = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(t.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleGatt(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest) { http.Response.StatusCode = 400; return; }
        using WebSocket ws = await http.WebSockets.AcceptWebSocketAsync();
        var client = new Client { Socket = ws };
        lock (_clients) { client.Id = _nextConnection++; _clients.Add(client); }
        var buffer = new byte[8192];
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                var text = new StringBuilder();
                WebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer, http.RequestAborted);
                    if (r.MessageType == WebSocketMessageType.Close) return;
                    text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
                    if (text.Length > 65536) return; // far beyond any request: drop the connection
                } while (!r.EndOfMessage);
                string answer = Answer(client, text.ToString());
                await Send(client, answer);
            }
        }
        catch (WebSocketException) { }
        catch (OperationCanceledException) { }
        finally
        {
            lock (_clients) _clients.Remove(client);
            _unit.Operations.Disconnected(client.Id);
        }
    }

    /// <summary>One request to its answer (JSON). Bad requests get {"id":…,"error":"…"}, never a dropped unit.</summary>
    private string Answer(Client client, string request)
    {
        JsonNode id = null;
        try
        {
            var req = JsonNode.Parse(request) as JsonObject;
            if (req == null) return Error(null, "request must be a JSON object");
            id = req["id"]?.DeepClone();
            string op = (string)req["op"];
            if (op == "info") return new JsonObject { ["id"] = id, ["name"] = _name, ["connection"] = client.Id }.ToJsonString();
            string uuid = ((string)req["uuid"])?.ToLowerInvariant();
            int ch = GattOperations.IndexOf(uuid);
            long now = _unit.NowMs;
            switch (op)
            {
                case "read":
                {
                    var dst = new byte[GattOperations.MaxValueBytes];
                    int n = 0;
                    byte att = ch < 0 ? AttError.AttributeNotFound : _unit.Operations.Read(ch, client.Id, now, dst, out n);
                    var o = new JsonObject { ["id"] = id, ["att"] = att };
                    if (att == AttError.None) o["value"] = Convert.ToBase64String(dst, 0, n);
                    return o.ToJsonString();
                }
                case "write":
                {
                    byte[] value = Convert.FromBase64String((string)req["value"] ?? "");
                    int offset = (int?)req["offset"] ?? 0;
                    byte att = ch < 0 ? AttError.AttributeNotFound : _unit.Operations.Write(ch, client.Id, now, value, value.Length, offset);
                    return new JsonObject { ["id"] = id, ["att"] = att }.ToJsonString();
                }
                case "subscribe":
                case "unsubscribe":
                {
                    byte att = ch < 0 ? AttError.AttributeNotFound
                        : (GattOperations.Properties(ch) & GattOperations.PropNotify) == 0 ? AttError.RequestNotSupported : AttError.None;
                    if (att == AttError.None) client.StatusSubscribed = op == "subscribe";
                    return new JsonObject { ["id"] = id, ["att"] = att }.ToJsonString();
                }
                default:
                    return Error(id, "unknown op '" + op + "' (expected read, write, subscribe, unsubscribe or info)");
            }
        }
        catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidOperationException)
        {
            return Error(id, "bad request: " + e.Message);
        }
    }

    private static string Error(JsonNode id, string message) => new JsonObject { ["id"] = id, ["error"] = message }.ToJsonString();

    private void OnStatus()
    {
        var value = new byte[LiveStatus.WireSize];
        _unit.Operations.CopyStatus(value);
        string msg = new JsonObject { ["notify"] = GattProfile.StatusUuid, ["value"] = Convert.ToBase64String(value) }.ToJsonString();
        Client[] subscribed;
        lock (_clients) subscribed = _clients.Where(c => c.StatusSubscribed).ToArray();
        foreach (var c in subscribed) _ = Send(c, msg);
    }

    private static async Task Send(Client c, string text)
    {
        await c.SendLock.WaitAsync();
        try
        {
            if (c.Socket.State == WebSocketState.Open)
                await c.Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (WebSocketException) { }
        catch (ObjectDisposedException) { }
        finally { c.SendLock.Release(); }
    }
}
