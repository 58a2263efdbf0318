using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;
using Spectre.Console;

namespace Bedside.Sim.Cli;

/// <summary>
/// The command line: `session`, `replay`, `log`, `serve`. Every error is exactly one line on stderr prefixed
/// "bedside-sim: ", with exit code 2 for bad input and 1 for a failure while running; a failed session
/// leaves no files behind (it writes into a hidden partial folder and moves the files only on success).
/// </summary>
public static class SimCli
{
    public const int ExitOk = 0, ExitFailed = 1, ExitBadInput = 2;
    public const string Prefix = "bedside-sim: ";

    /// <summary>
    /// Runs the CLI. showProgress draws a Spectre.Console progress bar (only for an interactive console).
    /// coreFactory replaces CoreParts.Create (tests: a core that fails mid-session); null = the real one.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool showProgress = false,
        Func<SessionCoreConfig, ISessionCore> coreFactory = null, CancellationToken cancel = default)
    {
        try { return RunInner(args, stdout, stderr, showProgress, coreFactory ?? CoreParts.Create, cancel); }
        catch (Exception e)
        {
            stderr.WriteLine(Prefix + ButtonScript.OneLine(e.Message));
            return ExitFailed;
        }
    }

    private static Option<string> Opt(string name, string description, string defaultValue = null)
    {
        var o = new Option<string>(name) { Description = description };
        if (defaultValue != null) o.DefaultValueFactory = _ => defaultValue;
        return o;
    }

    private static int RunInner(string[] args, TextWriter stdout, TextWriter stderr, bool showProgress, Func<SessionCoreConfig, ISessionCore> coreFactory, CancellationToken cancel)
    {
        var program = Opt("--program", "sleep | calm | pain | noise", "sleep");
        var minutes = Opt("--minutes", "session length in minutes, 1.." + SessionOptions.MaxMinutes, "20");
        var scenario = Opt("--scenario", string.Join(" | ", ScenarioNames.All), "falling-asleep");
        var seed = Opt("--seed", "seed for the listener and the music, 0..4294967295", "1");
        var rate = Opt("--rate", "audio sample rate: 11025 | 16000 | 22050", "16000");
        var preset = Opt("--preset", "therapist preset file (key = value, see README)");
        var buttons = Opt("--buttons", "scripted button presses (t_s,pressed|released|tap|hold,MS per line)");
        var outDir = Opt("--out", "output folder", "out");
        var session = new Command("session", "Simulate a whole bedside session: session.wav, timeline.csv, session.png, session.log");
        foreach (var o in new[] { program, minutes, scenario, seed, rate, preset, buttons, outDir }) session.Options.Add(o);

        var rInput = Opt("--input", "recording CSV (t_s plus ppg and/or eda_uS)");
        rInput.Required = true;
        var rOut = Opt("--out", "output folder for beats.csv, hr.csv, eda.csv, arousal.csv");
        rOut.Required = true;
        var replay = new Command("replay", "Feed a recorded CSV through the device's sensing pipeline");
        replay.Options.Add(rInput); replay.Options.Add(rOut);

        var lInput = Opt("--input", "device session log (session.log)");
        lInput.Required = true;
        var log = new Command("log", "Decode a device session log to CSV on stdout");
        log.Options.Add(lInput);

        var sPort = Opt("--port", "TCP port on 127.0.0.1 (loopback only), 0..65535 (0 = any free port)", "8080");
        var sSpeed = Opt("--speed", "simulated seconds per real second, 1..600", "1");
        var sScenario = Opt("--scenario", string.Join(" | ", ScenarioNames.All), "falling-asleep");
        var sSeed = Opt("--seed", "seed for the listener and the music, 0..4294967295", "1");
        var sProgram = Opt("--program", "default program: sleep | calm | pain | noise", "sleep");
        var sHistory = Opt("--history", "minutes of a finished session already in the log (0 = none), 0..720", "0");
        var sStart = new Option<bool>("--start") { Description = "start a session at once (as a press of the button would)" };
        var sConsole = Opt("--console", "folder of the published console to serve at / (its wwwroot)");
        var sName = Opt("--name", "the unit's name", "Bedside (virtual)");
        var sSeconds = Opt("--seconds", "stop after this many real seconds (0 = run until Ctrl-C)", "0");
        var serve = new Command("serve", "Run a virtual unit in real time and serve its GATT profile over a WebSocket on 127.0.0.1");
        foreach (var o in new Option[] { sPort, sSpeed, sScenario, sSeed, sProgram, sHistory, sStart, sConsole, sName, sSeconds }) serve.Options.Add(o);

        var root = new RootCommand("Bedside simulator: a whole bedside session on a PC, heard and seen");
        root.Subcommands.Add(session); root.Subcommands.Add(replay); root.Subcommands.Add(log); root.Subcommands.Add(serve);

        int exit = ExitOk;
        serve.SetAction(pr =>
        {
            exit = RunServe(pr.GetValue(sPort), pr.GetValue(sSpeed), pr.GetValue(sScenario), pr.GetValue(sSeed), pr.GetValue(sProgram),
                pr.GetValue(sHistory), pr.GetValue(sStart), pr.GetValue(sConsole), pr.GetValue(sName), pr.GetValue(sSeconds), stdout, stderr, cancel);
        });
        session.SetAction(pr =>
        {
            exit = RunSession(pr.GetValue(program), pr.GetValue(minutes), pr.GetValue(scenario), pr.GetValue(seed), pr.GetValue(rate),
                pr.GetValue(preset), pr.GetValue(buttons), pr.GetValue(outDir), stdout, stderr, showProgress, coreFactory, cancel);
        });
        replay.SetAction(pr =>
        {
            string input = pr.GetValue(rInput);
            if (!File.Exists(input)) { stderr.WriteLine(Prefix + "input file '" + input + "' not found"); exit = ExitBadInput; return; }
            exit = CoreParts.RunReplay(input, pr.GetValue(rOut), stdout, stderr, Prefix + "replay: ");
        });
        log.SetAction(pr =>
        {
            string input = pr.GetValue(lInput);
            if (!File.Exists(input)) { stderr.WriteLine(Prefix + "log file '" + input + "' not found"); exit = ExitBadInput; return; }
            exit = CoreParts.DecodeLog(input, stdout, stderr, Prefix + "log: ");
        });

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine(Prefix + ButtonScript.OneLine(parsed.Errors[0].Message) + " (see --help)");
            return ExitBadInput;
        }
        int code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
        return code != 0 && exit == ExitOk ? code : exit;
    }

    private static int RunSession(string programText, string minutesText, string scenarioText, string seedText, string rateText,
        string presetPath, string buttonsPath, string outText, TextWriter stdout, TextWriter stderr, bool showProgress,
        Func<SessionCoreConfig, ISessionCore> coreFactory, CancellationToken cancel)
    {
        int Bad(string msg) { stderr.WriteLine(Prefix + msg); return ExitBadInput; }
        var o = new SessionOptions();
        if (!SessionOptions.TryParseProgram(programText, out o.Program))
            return Bad("unknown program '" + programText + "' (expected sleep, calm, pain or noise)");
        if (!int.TryParse(minutesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out o.Minutes) || o.Minutes < 1 || o.Minutes > SessionOptions.MaxMinutes)
            return Bad("--minutes must be a whole number 1.." + SessionOptions.MaxMinutes + ", got '" + minutesText + "'");
        if (!ScenarioNames.TryParse(scenarioText, out o.Scenario))
            return Bad("unknown scenario '" + scenarioText + "' (expected " + string.Join(", ", ScenarioNames.All) + ")");
        if (!uint.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out o.Seed))
            return Bad("--seed must be a whole number 0..4294967295, got '" + seedText + "'");
        if (!int.TryParse(rateText, NumberStyles.Integer, CultureInfo.InvariantCulture, out o.RateHz) || Array.IndexOf(SessionOptions.Rates, o.RateHz) < 0)
            return Bad("--rate must be 11025, 16000 or 22050, got '" + rateText + "'");
        if (presetPath != null)
        {
            string why = PresetFile.TryLoad(presetPath, out o.Preset);
            if (why != null) return Bad(why);
        }
        if (buttonsPath != null)
        {
            string why = ButtonScript.TryLoad(buttonsPath, o.Minutes * 60.0, out o.Buttons);
            if (why != null) return Bad(why);
        }
        if (string.IsNullOrWhiteSpace(outText)) return Bad("--out must name a folder");

        // Output: create the folder (remember if we did), work in a hidden partial folder inside it.
        string outDir, partial;
        bool createdOut = false;
        try
        {
            outDir = Path.GetFullPath(outText);
            if (File.Exists(outDir)) return Bad("output folder '" + outText + "' is a file");
            if (!Directory.Exists(outDir)) { Directory.CreateDirectory(outDir); createdOut = true; }
            partial = Path.Combine(outDir, ".partial-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(partial);
        }
        catch (Exception e)
        {
            return Bad("cannot write output folder '" + outText + "': " + ButtonScript.OneLine(e.Message));
        }

        var sw = Stopwatch.StartNew();
        SessionResult result;
        try
        {
            if (showProgress)
            {
                SessionResult r = null;
                AnsiConsole.Progress().AutoClear(true).Start(ctx =>
                {
                    var task = ctx.AddTask("Rendering " + o.Minutes + " min", maxValue: 100);
                    r = SessionRunner.Run(o, partial, f => task.Value = 100 * f, coreFactory, cancel);
                });
                result = r;
            }
            else result = SessionRunner.Run(o, partial, null, coreFactory, cancel);
            foreach (var f in Directory.GetFiles(partial))
                File.Move(f, Path.Combine(outDir, Path.GetFileName(f)), overwrite: true);
            Directory.Delete(partial, true);
        }
        catch (Exception e)
        {
            TryDelete(partial, true);
            if (createdOut) TryDelete(outDir, false);
            stderr.WriteLine(Prefix + (e is OperationCanceledException ? "session cancelled, no files written" : "session failed: " + ButtonScript.OneLine(e.Message)));
            return ExitFailed;
        }
        SessionSummary.Write(stdout, o, result, outText, sw.Elapsed.TotalSeconds);
        return ExitOk;
    }

    private static int RunServe(string portText, string speedText, string scenarioText, string seedText, string programText,
        string historyText, bool start, string consoleDir, string name, string secondsText, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        int Bad(string msg) { stderr.WriteLine(Prefix + msg); return ExitBadInput; }
        var o = new Serve.VirtualUnitOptions { Start = start };
        if (!int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int port) || port < 0 || port > 65535)
            return Bad("--port must be a whole number 0..65535 (0 = any free port), got '" + portText + "'");
        if (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out o.Speed) || !(o.Speed >= 1 && o.Speed <= 600))
            return Bad("--speed must be a number 1..600, got '" + speedText + "'");
        if (!ScenarioNames.TryParse(scenarioText, out o.Scenario))
            return Bad("unknown scenario '" + scenarioText + "' (expected " + string.Join(", ", ScenarioNames.All) + ")");
        if (!uint.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out o.Seed))
            return Bad("--seed must be a whole number 0..4294967295, got '" + seedText + "'");
        if (!SessionOptions.TryParseProgram(programText, out o.Program))
            return Bad("unknown program '" + programText + "' (expected sleep, calm, pain or noise)");
        if (!int.TryParse(historyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out o.HistoryMinutes) || o.HistoryMinutes < 0 || o.HistoryMinutes > 720)
            return Bad("--history must be a whole number of minutes 0..720, got '" + historyText + "'");
        if (!int.TryParse(secondsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) || seconds < 0)
            return Bad("--seconds must be a whole number ≥ 0, got '" + secondsText + "'");
        if (consoleDir != null && !File.Exists(Path.Combine(consoleDir, "index.html")))
            return Bad("--console folder '" + consoleDir + "' has no index.html (publish the console first, see tools/Bedside.Console/README.md)");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 40) return Bad("--name must be 1..40 characters");

        using var unit = new Serve.VirtualUnit(o);
        var server = new Serve.GattSocketServer(unit, name, port, consoleDir);
        try { server.StartAsync().GetAwaiter().GetResult(); }
        catch (Exception e)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stderr.WriteLine(Prefix + "cannot listen on 127.0.0.1:" + port + ": " + ButtonScript.OneLine(e.Message));
            return ExitFailed;
        }
        unit.Run();
        stdout.WriteLine("virtual unit '" + name + "' on ws://127.0.0.1:" + server.Port + "/gatt" + (consoleDir != null ? ", console at http://127.0.0.1:" + server.Port + "/" : "")
            + " (" + o.Speed.ToString(CultureInfo.InvariantCulture) + "x real time; press the button: curl -X POST 'http://127.0.0.1:" + server.Port + "/button?ms=4500'; Ctrl-C stops)");
        stdout.Flush();
        try { Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, cancel).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        stdout.WriteLine("virtual unit stopped");
        return ExitOk;
    }

    private static void TryDelete(string dir, bool recursive)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
