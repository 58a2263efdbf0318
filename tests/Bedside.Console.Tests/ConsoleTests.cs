using System.Text.RegularExpressions;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Core.Protocol;
using Bedside.Core.Therapy;
using Bedside.Sim.Serve;
using Microsoft.Playwright;
using Xunit;

namespace Bedside.Console.Tests;

/// <summary>
/// The therapist's console in a real browser against virtual units: what the therapist sees on screen and what the
/// unit ends up holding, over the WebSocket transport and over Web Bluetooth (fake navigator.bluetooth).
/// </summary>
[Collection("console")]
public sealed class ConsoleTests
{
    private readonly ConsoleFixture F;
    public ConsoleTests(ConsoleFixture f) { F = f; }

    private static async Task Until(Func<bool> condition, string what, int timeoutMs = 15000)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.ElapsedMilliseconds > timeoutMs) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>The caregiver's 4 s hold in Standby: opens the unit's pairing window.</summary>
    private static async Task OpenPairingWindow(VirtualUnit unit)
    {
        unit.PressButton(4500);
        await Until(() => unit.PairingWindowOpen, "the pairing window to open");
    }

    /// <summary>Hold 4 s, then hold 4 s again inside the open window: forget all clients.</summary>
    private static async Task ForgetAllClients(VirtualUnit unit)
    {
        await OpenPairingWindow(unit);
        await Task.Delay(200);
        unit.PressButton(4500);
        await Until(() => unit.ClientCount == 0 && !unit.PairingWindowOpen, "the clients to be forgotten");
    }

    private static async Task Open(IPage page, Served s)
    {
        await page.GotoAsync(s.Http);
        await page.Locator("#connect-ws").WaitForAsync();
    }

    private static async Task ConnectWs(IPage page, string label, string wsUrl)
    {
        await page.FillAsync("#unit-label", label);
        await page.FillAsync("#ws-url", wsUrl);
        await page.ClickAsync("#connect-ws");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("enrolled");
    }

    private static Task Nav(IPage page, string tab) => page.ClickAsync("header nav >> text=" + tab);

    private static Preset UnitPreset(VirtualUnit u) { var p = new Preset(); u.Operations.Protocol.CopyPresetTo(p); return p; }

    private static async Task SetPresetOnPage(IPage page)
    {
        await page.ClickAsync("#mood >> text=Luminous");
        await page.ClickAsync("#key >> text=G");
        await page.FillAsync("#tempo-min", "50");
        await page.FillAsync("#tempo-max", "66");
        await page.ClickAsync("#noise >> text=Brown");
    }

    /// <summary>Not enrolled: refused (0x08) and shown; window open: enrol, preset written and read back; forget all: refused again.</summary>
    private async Task EnrolmentAndPresetFlow(IPage page, Served s, string shotPrefix)
    {
        var factory = UnitPreset(s.Unit);
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("not enrolled");

        // 1. No key: the unit refuses the write with 0x08; the console says so in plain words, nothing changes.
        await Nav(page, "Preset");
        await SetPresetOnPage(page);
        await page.ClickAsync("#send-preset");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not enrolled");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("0x08");
        Assert.True(UnitPreset(s.Unit).SameAs(factory));
        await ConsoleFixture.Shot(page, shotPrefix + "refused-not-enrolled");

        // 2. The caregiver opens the window; the tablet enrols and the same write is accepted and read back.
        await Nav(page, "Connect");
        await page.ClickAsync("#enrol");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("pairing window is not open");
        await OpenPairingWindow(s.Unit);
        await page.ClickAsync("#enrol");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("enrolled: may change");
        Assert.Equal(1, s.Unit.ClientCount);
        Assert.False(s.Unit.PairingWindowOpen); // one hold admits one tablet
        await ConsoleFixture.Shot(page, shotPrefix + "connect-enrolled");

        await Nav(page, "Preset");
        await SetPresetOnPage(page);
        await page.ClickAsync("#send-preset");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Preset saved on the unit");
        var p = UnitPreset(s.Unit);
        Assert.Equal(Mood.Luminous, p.Mood);
        Assert.Equal(7, p.KeyRootSemitone);
        Assert.Equal(5000, p.TempoMinCentiBpm);
        Assert.Equal(6600, p.TempoMaxCentiBpm);
        Assert.Equal(NoiseColor.Brown, p.Noise);
        await Assertions.Expect(page.Locator("#preset-on-unit")).ToContainTextAsync("Luminous, key of G, 50–66 BPM");
        await ConsoleFixture.Shot(page, shotPrefix + "preset");

        // 3. The console enforces the unit's ranges before sending: nothing reaches the unit.
        await page.FillAsync("#tempo-max", "45");
        await page.ClickAsync("#send-preset");
        await Assertions.Expect(page.Locator("#preset-error")).ToContainTextAsync("Not sent");
        Assert.Equal(6600, UnitPreset(s.Unit).TempoMaxCentiBpm);

        // 4. Forget all clients on the unit: the stored key no longer works.
        await ForgetAllClients(s.Unit);
        await page.FillAsync("#tempo-max", "70");
        await page.ClickAsync("#send-preset");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not enrolled");
        Assert.Equal(6600, UnitPreset(s.Unit).TempoMaxCentiBpm);
    }

    [Fact]
    public async Task WebSocket_enrolment_preset_write_read_back_refusals_and_forget_all()
    {
        await using var s = await F.Serve(new VirtualUnitOptions { Speed = 5 }, "Virtual bed 3");
        var page = await F.NewPage();
        await Open(page, s);
        await ConnectWs(page, "Bed 3", s.Ws);
        await Assertions.Expect(page.Locator("#protocol-version")).ToContainTextAsync("version " + GattProfile.ProtocolVersion);
        await EnrolmentAndPresetFlow(page, s, "ws-");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Web_Bluetooth_transport_runs_the_same_flow_through_navigator_bluetooth()
    {
        await using var s = await F.Serve(new VirtualUnitOptions { Speed = 5 }, "Bedside 0417");
        var page = await F.NewPage(fakeBluetoothUrl: s.Ws);
        await Open(page, s);
        await page.FillAsync("#unit-label", "Bed 5");
        await page.ClickAsync("#connect-ble");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("not enrolled");
        await Assertions.Expect(page.Locator("#device-card h2")).ToContainTextAsync("Bluetooth");
        await EnrolmentAndPresetFlow(page, s, "ble-");
        // Live status arrives as notifications through startNotifications.
        await Nav(page, "Live");
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("Standby");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Bluetooth_missing_or_chooser_cancelled_gives_a_clear_message()
    {
        await using var s = await F.Serve(new VirtualUnitOptions(), "Virtual");
        var page = await F.NewPage();
        await Open(page, s);
        await page.ClickAsync("#connect-ble");
        await Assertions.Expect(page.Locator("#connect-error")).ToContainTextAsync("no Web Bluetooth");
        await page.Context.CloseAsync();

        var cancelled = await F.NewPage(fakeBluetoothUrl: s.Ws, cancelChooser: true);
        await Open(cancelled, s);
        await cancelled.ClickAsync("#connect-ble");
        await Assertions.Expect(cancelled.Locator("#connect-error")).ToContainTextAsync("No unit was chosen");
        await Assertions.Expect(cancelled.Locator("#device-card")).ToHaveCountAsync(0);
        await cancelled.Context.CloseAsync();
    }

    [Fact]
    public async Task Settings_are_checked_against_the_units_ranges_written_and_read_back()
    {
        await using var s = await F.Serve(new VirtualUnitOptions { Speed = 5 }, "Virtual");
        var page = await F.NewPage();
        await Open(page, s);
        await ConnectWs(page, "Bed 6", s.Ws);
        await OpenPairingWindow(s.Unit);
        await page.ClickAsync("#enrol");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("enrolled: may change");
        await Nav(page, "Settings");
        await page.FillAsync("#level-cap", "-24");   // above the factory maximum (-27 dB): not sent
        await page.ClickAsync("#send-settings");
        await Assertions.Expect(page.Locator("#settings-error")).ToContainTextAsync("level cap");
        await page.FillAsync("#level-cap", "-30");
        await page.FillAsync("#default-level", "-30");
        await page.FillAsync("#sleep-timer", "60");
        await page.ClickAsync("#default-program >> text=Calm");
        await page.ClickAsync("#send-settings");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Settings saved on the unit");
        var got = new SettingsPatch();
        s.Unit.Operations.Protocol.CopySettingsTo(got);
        Assert.Equal(-3000, got.LevelCapCentiDb);
        Assert.Equal(-3000, got.DefaultLevelCentiDb);
        Assert.Equal(60, got.SleepTimerMinutes);
        Assert.Equal(Bedside.Core.ProgramKind.Calm, got.DefaultProgram);
        await Assertions.Expect(page.Locator("#settings-on-unit")).ToContainTextAsync("cap -30 dB");
        await ConsoleFixture.Shot(page, "settings");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Live_status_updates_and_charts_while_a_session_plays()
    {
        await using var s = await F.Serve(new VirtualUnitOptions { Start = true, Speed = 20 }, "Virtual");
        var page = await F.NewPage();
        await Open(page, s);
        await ConnectWs(page, "Bed 7", s.Ws);
        await Nav(page, "Live");
        await Assertions.Expect(page.Locator("#live-hr")).ToContainTextAsync("BPM", new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#live-state")).Not.ToHaveTextAsync("Standby");
        int first = Count(await page.Locator("#live-count").InnerTextAsync());
        await Until(() => Count(page.Locator("#live-count").InnerTextAsync().GetAwaiter().GetResult()) >= Math.Max(first + 3, 16), "more live status updates", 30000);
        Assert.Equal(5, await page.Locator(".charts figure.chart").CountAsync());
        Assert.True(await page.Locator(".charts polyline").CountAsync() >= 4);
        await ConsoleFixture.Shot(page, "live");
        await page.Context.CloseAsync();
    }

    private static int Count(string liveCount) => int.Parse(Regex.Match(liveCount, @"\d+").Value);

    [Fact]
    public async Task Session_log_downloads_in_chunks_with_crc_check_and_renders_the_report()
    {
        await using var s = await F.Serve(new VirtualUnitOptions { HistoryMinutes = 20, Speed = 5 }, "Virtual");
        var page = await F.NewPage();
        await Open(page, s);
        await ConnectWs(page, "Bed 8", s.Ws);
        // Not enrolled: the download is refused at the first request.
        await Nav(page, "Session log");
        await page.ClickAsync("#download-log");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not enrolled");
        await Nav(page, "Connect");
        await OpenPairingWindow(s.Unit);
        await page.ClickAsync("#enrol");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("enrolled: may change");
        await Nav(page, "Session log");
        await page.ClickAsync("#download-log");
        await Assertions.Expect(page.Locator("#log-check")).ToContainTextAsync("verified", new() { Timeout = 30000 });
        await ConsoleFixture.Shot(page, "report");
        await Assertions.Expect(page.Locator("#report-minutes")).ToContainTextAsync(new Regex(@"^2[01] min"));
        await Assertions.Expect(page.Locator("#report-program")).ToHaveTextAsync("Sleep");
        Assert.Equal(7, await page.Locator("#report figure.chart").CountAsync());
        string settle = await page.Locator("#report-settle").InnerTextAsync();
        Assert.Matches(@"^(\d+ min|did not settle)$", settle);
        var rows = await page.Locator("#report-states tbody tr").AllInnerTextsAsync();
        int minutes = rows.Sum(r => int.Parse(Regex.Match(r, @"(\d+)\s*$").Groups[1].Value));
        Assert.InRange(minutes, 20, 21);
        Assert.Contains(rows, r => r.StartsWith("Attune") || r.StartsWith("Guide"));
        await ConsoleFixture.Shot(page, "report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        string csvPath = Path.Combine(ConsoleFixture.Artifacts, "session-bed8.csv");
        await download.SaveAsAsync(csvPath);
        var lines = File.ReadAllLines(csvPath);
        Assert.StartsWith("minute,program,state,hr_bpm", lines[0]);
        Assert.Equal(minutes + 1, lines.Length);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ward_view_lists_two_units_by_their_names_with_their_last_status()
    {
        await using var playing = await F.Serve(new VirtualUnitOptions { Start = true, Speed = 20 }, "Virtual A");
        await using var idle = await F.Serve(new VirtualUnitOptions { HistoryMinutes = 5 }, "Virtual B");
        var page = await F.NewPage();
        await Open(page, playing);
        await ConnectWs(page, "Bed 3", playing.Ws);
        await ConnectWs(page, "Bed 4", idle.Ws);
        await Nav(page, "Ward");
        await Assertions.Expect(page.Locator("#ward article.unit")).ToHaveCountAsync(2);
        var bed3 = page.Locator("article.unit[data-unit='Bed 3']");
        var bed4 = page.Locator("article.unit[data-unit='Bed 4']");
        await Assertions.Expect(bed4.Locator(".w-state")).ToHaveTextAsync("Standby");
        await Assertions.Expect(bed3.Locator(".w-state")).Not.ToHaveTextAsync("Standby");
        await Assertions.Expect(bed3.Locator(".w-hr")).ToContainTextAsync("BPM", new() { Timeout = 30000 });
        await ConsoleFixture.Shot(page, "ward");
        // The names persist in this browser: a reload lists the same units.
        await page.ReloadAsync();
        await Nav(page, "Ward");
        await Assertions.Expect(page.Locator("#ward article.unit .label")).ToHaveTextAsync(new[] { "Bed 3", "Bed 4" });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dropped_link_reconnects_and_keeps_what_is_on_screen()
    {
        var unit = new VirtualUnit(new VirtualUnitOptions { Start = true, Speed = 20 });
        var server = new GattSocketServer(unit, "Virtual", 0, F.ConsoleDir);
        await server.StartAsync();
        unit.Run();
        int port = server.Port;
        try
        {
            var page = await F.NewPage();
            await page.GotoAsync("http://127.0.0.1:" + port + "/");
            await ConnectWs(page, "Bed 9", "ws://127.0.0.1:" + port + "/gatt");
            await Nav(page, "Live");
            await Assertions.Expect(page.Locator("#live-hr")).ToContainTextAsync("BPM", new() { Timeout = 30000 });
            await server.DisposeAsync();            // the link drops (unit out of reach)
            await Assertions.Expect(page.Locator("#link-state")).ToContainTextAsync("reconnecting");
            await Assertions.Expect(page.Locator("#live-hr")).ToContainTextAsync("BPM"); // still on screen
            server = new GattSocketServer(unit, "Virtual", port, F.ConsoleDir);
            await server.StartAsync();
            await Assertions.Expect(page.Locator("#link-state")).ToContainTextAsync("connected", new() { Timeout = 30000 });
            await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Reconnected");
            await page.Context.CloseAsync();
        }
        finally
        {
            await server.DisposeAsync();
            unit.Dispose();
        }
    }
}
