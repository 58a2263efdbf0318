using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Bedside.Core.Protocol;
using Bedside.Sim.Cli;
using Bedside.Sim.Serve;
using Xunit;

namespace Bedside.Tests.Sim;

/// <summary>`serve`: its command line, and the WebSocket server forwarding GATT operations to the core's GattOperations.</summary>
public sealed class ServeTests
{
    private static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = SimCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--speed", "0.5")]
    [InlineData("--speed", "fast")]
    [InlineData("--history", "-1")]
    [InlineData("--scenario", "asleep")]
    [InlineData("--seconds", "x")]
    [InlineData("--console", "/nonexistent-console-folder")]
    public void Bad_options_give_one_line_and_exit_2(string option, string value)
    {
        var (code, _, stderr) = Run("serve", option, value, "--seconds", "1");
        Assert.Equal(SimCli.ExitBadInput, code);
        Assert.StartsWith(SimCli.Prefix, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Serve_runs_on_a_free_loopback_port_and_stops_by_itself()
    {
        var (code, stdout, stderr) = Run("serve", "--port", "0", "--seconds", "1", "--speed", "10");
        Assert.True(code == SimCli.ExitOk, stderr);
        Assert.Contains("ws://127.0.0.1:", stdout);
        Assert.Contains("virtual unit stopped", stdout);
    }

    private static async Task<JsonObject> Ask(ClientWebSocket ws, string json, bool skipNotifications = true)
    {
        await ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var msg = await Receive(ws);
            if (!skipNotifications || msg["notify"] == null) return msg;
        }
    }

    private static async Task<JsonObject> Receive(ClientWebSocket ws)
    {
        var buf = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var r = await ws.ReceiveAsync(buf, timeout.Token);
        return (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(buf, 0, r.Count));
    }

    [Fact]
    public async Task WebSocket_forwards_reads_writes_errors_and_notifications_like_the_device()
    {
        using var unit = new VirtualUnit(new VirtualUnitOptions { Speed = 20 });
        var server = new GattSocketServer(unit, "test unit", 0, null);
        await server.StartAsync();
        unit.Run();
        try
        {
            using var ws = new ClientWebSocket();
            await ws.ConnectAsync(new Uri("ws://127.0.0.1:" + server.Port + "/gatt"), CancellationToken.None);

            var info = await Ask(ws, "{\"id\":1,\"op\":\"read\",\"uuid\":\"" + GattProfile.DeviceInfoUuid + "\"}");
            Assert.Equal(1, (int)info["id"]);
            Assert.Equal(0, (int)info["att"]);
            byte[] v = Convert.FromBase64String((string)info["value"]);
            Assert.Equal(DeviceInfo.WireSize, v.Length);
            Assert.Equal(GattProfile.ProtocolVersion, v[0]);

            var preset = new byte[9]; new Bedside.Core.Composer.Preset().WriteTo(preset, 0);
            var w = await Ask(ws, "{\"id\":2,\"op\":\"write\",\"uuid\":\"" + GattProfile.PresetUuid + "\",\"value\":\"" + Convert.ToBase64String(preset) + "\"}");
            Assert.Equal(AttError.InsufficientAuthorization, (byte)(int)w["att"]);
            var ro = await Ask(ws, "{\"id\":3,\"op\":\"write\",\"uuid\":\"" + GattProfile.StatusUuid + "\",\"value\":\"AA==\"}");
            Assert.Equal(AttError.WriteNotPermitted, (byte)(int)ro["att"]);
            var bad = await Ask(ws, "{\"id\":4,\"op\":\"fly\"}");
            Assert.Contains("unknown op", (string)bad["error"]);
            var junk = await Ask(ws, "not json");
            Assert.NotNull(junk["error"]);

            // The pairing window from the virtual button, then the key, then the write is accepted.
            unit.PressButton(4500);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (!unit.PairingWindowOpen && sw.ElapsedMilliseconds < 10000) await Task.Delay(20);
            var key = await Ask(ws, "{\"id\":5,\"op\":\"read\",\"uuid\":\"" + GattProfile.AccessKeyUuid + "\"}");
            Assert.Equal(0, (int)key["att"]);
            Assert.Equal(16, Convert.FromBase64String((string)key["value"]).Length);
            w = await Ask(ws, "{\"id\":6,\"op\":\"write\",\"uuid\":\"" + GattProfile.PresetUuid + "\",\"value\":\"" + Convert.ToBase64String(preset) + "\"}");
            Assert.Equal(0, (int)w["att"]);

            var sub = await Ask(ws, "{\"id\":7,\"op\":\"subscribe\",\"uuid\":\"" + GattProfile.StatusUuid + "\"}");
            Assert.Equal(0, (int)sub["att"]);
            JsonObject note;
            do note = await Receive(ws); while (note["notify"] == null);
            Assert.Equal(GattProfile.StatusUuid, (string)note["notify"]);
            Assert.Equal(LiveStatus.WireSize, Convert.FromBase64String((string)note["value"]).Length);
        }
        finally { await server.DisposeAsync(); }
    }

    [Fact]
    public async Task A_new_connection_starts_locked()
    {
        using var unit = new VirtualUnit(new VirtualUnitOptions { Speed = 20 });
        var server = new GattSocketServer(unit, "test unit", 0, null);
        await server.StartAsync();
        unit.Run();
        try
        {
            var preset = new byte[9]; new Bedside.Core.Composer.Preset().WriteTo(preset, 0);
            string write = "{\"id\":1,\"op\":\"write\",\"uuid\":\"" + GattProfile.PresetUuid + "\",\"value\":\"" + Convert.ToBase64String(preset) + "\"}";
            using (var first = new ClientWebSocket())
            {
                await first.ConnectAsync(new Uri("ws://127.0.0.1:" + server.Port + "/gatt"), CancellationToken.None);
                unit.PressButton(4500);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                while (!unit.PairingWindowOpen && sw.ElapsedMilliseconds < 10000) await Task.Delay(20);
                Assert.Equal(0, (int)(await Ask(first, "{\"id\":1,\"op\":\"read\",\"uuid\":\"" + GattProfile.AccessKeyUuid + "\"}"))["att"]);
                Assert.Equal(0, (int)(await Ask(first, write))["att"]);
            }
            using var second = new ClientWebSocket();
            await second.ConnectAsync(new Uri("ws://127.0.0.1:" + server.Port + "/gatt"), CancellationToken.None);
            Assert.Equal(AttError.InsufficientAuthorization, (byte)(int)(await Ask(second, write))["att"]);
        }
        finally { await server.DisposeAsync(); }
    }
}
