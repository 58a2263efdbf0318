using System.Diagnostics;
using Bedside.Sim.Serve;
using Microsoft.Playwright;
using Xunit;

namespace Bedside.Console.Tests;

/// <summary>
/// Shared by the browser tests: the console published once into the test output (dotnet publish -c Release, the
/// files a ward would copy to a USB stick), the system Chromium started headless through Playwright, and a factory
/// for virtual units served on 127.0.0.1 (each test gets fresh units, so enrolment state never leaks between tests).
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public static readonly string RepoRoot = FindRepoRoot();
    public static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "screenshots");
    public string ConsoleDir { get; private set; }
    public IBrowser Browser { get; private set; }
    private IPlaywright _playwright;

    private static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Bedside.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("Bedside.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The Chromium to drive: BEDSIDE_CHROMIUM, else the Debian package's /usr/bin/chromium.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("BEDSIDE_CHROMIUM") is string p && p.Length > 0 ? p : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Artifacts);
        // Two cores shared with the rest of the suite: give the page time before an assertion fails.
        Assertions.SetDefaultExpectTimeout(20000);
        ConsoleDir = Publish();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException("Chromium not found at " + ChromiumPath + ": run the tests with tests/run.sh (it installs the Debian package chromium) or set BEDSIDE_CHROMIUM");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = new[] { "--no-sandbox" } });
    }

    public async Task DisposeAsync()
    {
        if (Browser != null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>Publishes tools/Bedside.Console (Release) into the test output; returns its wwwroot.</summary>
    private static string Publish()
    {
        string outDir = Path.Combine(AppContext.BaseDirectory, "console-published");
        var psi = new ProcessStartInfo("dotnet", new[] { "publish", Path.Combine(RepoRoot, "tools", "Bedside.Console", "Bedside.Console.csproj"),
            "-c", "Release", "-o", outDir, "--nologo", "-v", "quiet" })
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException("dotnet publish of the console took over 10 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException("dotnet publish of the console failed:\n" + stdout.Result + stderr.Result);
        string www = Path.Combine(outDir, "wwwroot");
        if (!File.Exists(Path.Combine(www, "index.html"))) throw new InvalidOperationException("published console has no wwwroot/index.html");
        return www;
    }

    /// <summary>A virtual unit served (with the console) on a free loopback port. Dispose stops both.</summary>
    public async Task<Served> Serve(VirtualUnitOptions options, string name)
    {
        var unit = new VirtualUnit(options);
        var server = new GattSocketServer(unit, name, 0, ConsoleDir);
        await server.StartAsync();
        unit.Run();
        return new Served(unit, server);
    }

    public async Task<IPage> NewPage(string fakeBluetoothUrl = null, bool cancelChooser = false)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        if (fakeBluetoothUrl != null)
        {
            string cfg = "window.__fakeBle = " + System.Text.Json.JsonSerializer.Serialize(new { url = fakeBluetoothUrl, name = "Bedside 0417", cancel = cancelChooser }) + ";";
            await context.AddInitScriptAsync(cfg + "\n" + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FakeBluetooth.js")));
        }
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20000);
        return page;
    }

    public static async Task Shot(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });
    }
}

public sealed class Served : IAsyncDisposable
{
    public Served(VirtualUnit unit, GattSocketServer server) { Unit = unit; Server = server; }
    public VirtualUnit Unit { get; }
    public GattSocketServer Server { get; }
    public string Http => "http://127.0.0.1:" + Server.Port + "/";
    public string Ws => "ws://127.0.0.1:" + Server.Port + "/gatt";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Unit.Dispose();
    }
}

[CollectionDefinition("console")]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture> { }
