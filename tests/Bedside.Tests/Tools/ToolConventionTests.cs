using System.Diagnostics;
using Bedside.Budget;
using Bedside.Sim.Cli;
using Bedside.TableGen;
using Xunit;

namespace Bedside.Tests.Tools;

/// <summary>
/// The one command-line convention of tools/README.md, tried on every tool as a new user would: bad and missing
/// arguments, missing files, inputs of the wrong kind, outputs that cannot be written, --help; exit 0/2/1 and
/// exactly one error line starting with the tool's name, never a stack trace; SIGTERM cleans up like SIGINT.
/// </summary>
public sealed class ToolConventionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bedside-tools-" + Guid.NewGuid().ToString("N"));
    public ToolConventionTests() { Directory.CreateDirectory(_dir); }
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private string FileWith(string name, string text) { string p = Path.Combine(_dir, name); File.WriteAllText(p, text); return p; }

    /// <summary>A path that cannot be written even by root: its parent is a regular file.</summary>
    private string Unwritable(string name) => Path.Combine(FileWith("not-a-folder", "x"), name);

    private static void AssertOneErrorLine(string stderr, string prefix, string expect = null)
    {
        var lines = stderr.TrimEnd('\r', '\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one error line, got:\n" + stderr);
        Assert.StartsWith(prefix, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
        if (expect != null) Assert.Contains(expect, lines[0]);
    }

    private delegate int Cli(string[] args, TextWriter stdout, TextWriter stderr);

    private static (int code, string stdout, string stderr) Call(Cli cli, params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = cli(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static int Sim(string[] a, TextWriter o, TextWriter e) => SimCli.Run(a, o, e);

    public static IEnumerable<object[]> BudgetBadArgs() => new[]
    {
        new object[] { new[] { "--minutes", "abc" }, "--minutes must be a number" },
        new object[] { new[] { "--minutes" }, "--minutes needs a value" },
        new object[] { new[] { "--minutes", "0" }, "--minutes must be a number 0.1..600" },
        new object[] { new[] { "--block", "-1" }, "--block must be a whole number 16..8192" },
        new object[] { new[] { "--block", "0" }, "--block must be a whole number" },
        new object[] { new[] { "--core", "/nonexistent/Bedside.Core.dll" }, "not found" },
        new object[] { new[] { "--bogus" }, "unknown argument '--bogus'" },
        new object[] { new[] { "--check", "--profile" }, "--check and --profile do not go together" },
    };

    [Theory]
    [MemberData(nameof(BudgetBadArgs))]
    public void Budget_meter_refuses_bad_arguments_with_one_line_and_exit_2(string[] args, string expect)
    {
        var (code, _, err) = Call(BudgetCli.Run, args);
        Assert.Equal(2, code);
        AssertOneErrorLine(err, BudgetCli.Prefix, expect);
    }

    [Fact]
    public void Budget_meter_refuses_a_core_that_is_not_an_assembly_or_not_the_core()
    {
        var (code, _, err) = Call(BudgetCli.Run, "--core", FileWith("core.dll", "this is text"));
        Assert.Equal(2, code);
        AssertOneErrorLine(err, BudgetCli.Prefix, "is not a .NET assembly");
        (code, _, err) = Call(BudgetCli.Run, "--core", typeof(Assert).Assembly.Location);
        Assert.Equal(2, code);
        AssertOneErrorLine(err, BudgetCli.Prefix, "not Bedside.Core");
        var (ok, help, _) = Call(BudgetCli.Run, "--help");
        Assert.Equal(0, ok);
        Assert.StartsWith("usage:", help);
    }

    [Fact]
    public void TableGen_reports_an_unwritable_output_and_bad_arguments()
    {
        var (code, _, err) = Call(TableGenCli.Run, Unwritable("Tables.g.cs"));
        Assert.Equal(2, code);
        AssertOneErrorLine(err, TableGenCli.Prefix, "cannot write");
        (code, _, err) = Call(TableGenCli.Run);
        Assert.Equal(2, code);
        AssertOneErrorLine(err, TableGenCli.Prefix, "missing output path");
        (code, _, err) = Call(TableGenCli.Run, "a.cs", "b.cs");
        Assert.Equal(2, code);
        AssertOneErrorLine(err, TableGenCli.Prefix);
        var (ok, help, _) = Call(TableGenCli.Run, "-h");
        Assert.Equal(0, ok);
        Assert.StartsWith("usage:", help);
        string target = Path.Combine(_dir, "Tables.g.cs");
        var (done, said, _) = Call(TableGenCli.Run, target);
        Assert.Equal(0, done);
        Assert.Equal("wrote " + target, said.Trim());
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
    }

    [Fact]
    public void LogTool_takes_input_like_sim_log_and_follows_the_convention()
    {
        const string P = Bedside.LogTool.Program.Prefix;
        Cli log = Bedside.LogTool.Program.Run;
        var (code, help, _) = Call(log, "--help");
        Assert.Equal(0, code);
        Assert.Contains("--input", help);
        string err;
        (code, _, err) = Call(log); Assert.Equal(2, code); AssertOneErrorLine(err, P, "--input is required");
        (code, _, err) = Call(log, "--input"); Assert.Equal(2, code); AssertOneErrorLine(err, P, "--input needs a value");
        (code, _, err) = Call(log, "session.log"); Assert.Equal(2, code); AssertOneErrorLine(err, P, "unknown argument");
        (code, _, err) = Call(log, "--input", Path.Combine(_dir, "missing.log")); Assert.Equal(2, code); AssertOneErrorLine(err, P, "cannot read");
        (code, _, err) = Call(log, "--input", FileWith("text.log", "hello")); Assert.Equal(2, code); AssertOneErrorLine(err, P, "session log");
        string good = GoodLog();
        (code, _, err) = Call(log, "--input", good, "--out", Unwritable("s.csv")); Assert.Equal(2, code); AssertOneErrorLine(err, P, "cannot write");
        string csv = Path.Combine(_dir, "s.csv");
        (code, var said, err) = Call(log, "--input", good, "--out", csv);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal("wrote " + csv, said.Trim());
    }

    private string GoodLog()
    {
        var log = new Bedside.Core.Session.SessionLog();
        log.Begin(0);
        log.CommitMinute(1, Bedside.Core.ProgramKind.Sleep, 2, new Bedside.Core.Composer.MusicControls(), false);
        log.Seal();
        var b = new byte[log.SerializedLength];
        log.CopySerialized(0, b, 0, b.Length);
        string p = Path.Combine(_dir, "good.log");
        File.WriteAllBytes(p, b);
        return p;
    }

    [Fact]
    public void Sim_verbs_follow_the_same_convention()
    {
        const string P = SimCli.Prefix;
        string err;
        int code;
        (code, _, err) = Call(Sim, "session", "--minutes", "abc"); Assert.Equal(2, code); AssertOneErrorLine(err, P, "--minutes");
        (code, _, err) = Call(Sim, "session", "--minutes"); Assert.Equal(2, code); AssertOneErrorLine(err, P);
        (code, _, err) = Call(Sim, "replay", "--input", Path.Combine(_dir, "none.csv"), "--out", _dir); Assert.Equal(2, code); AssertOneErrorLine(err, P, "not found");
        (code, _, err) = Call(Sim, "replay", "--input", FileWith("jump.csv", "t_s,ppg\n0,1\n0.01,2\n1e7,3\n"), "--out", Path.Combine(_dir, "r"));
        Assert.Equal(2, code); AssertOneErrorLine(err, P + "replay: ", "line 4: time jumps");
        Assert.False(Directory.Exists(Path.Combine(_dir, "r")) && Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "r")).Any());
        (code, _, err) = Call(Sim, "log", "--input", FileWith("t.log", "not a log")); Assert.Equal(2, code); AssertOneErrorLine(err, P + "log: ", "session log");
        (code, _, err) = Call(Sim, "session", "--minutes", "1", "--out", Unwritable("out")); Assert.Equal(2, code); AssertOneErrorLine(err, P, "cannot write");
        var (ok, help, _) = Call(Sim, "--help");
        Assert.Equal(0, ok);
        Assert.Contains("session", help);
    }

    [Fact]
    public void Sim_replay_prints_one_summary_line()
    {
        string rec = Path.Combine(Paths.Physio, "nk_bio_100hz.csv");
        var (code, stdout, err) = Call(Sim, "replay", "--input", rec, "--out", Path.Combine(_dir, "rep"));
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = stdout.TrimEnd('\r', '\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("replayed nk_bio_100hz.csv: ", lines[0]);
    }

    /// <summary>The hidden .partial-* folders in dir (hidden entries listed explicitly: a search pattern may skip them).</summary>
    private static string[] Partials(string dir) => !Directory.Exists(dir) ? Array.Empty<string>()
        : new DirectoryInfo(dir).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0 })
            .Where(d => d.Name.StartsWith(".partial-")).Select(d => d.FullName).ToArray();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);

    [Fact]
    public async Task SIGTERM_during_a_session_removes_the_partial_folder_like_SIGINT()
    {
        string dll = Path.Combine(Paths.RepoRoot, "tools", "Bedside.Sim", "bin", Paths.Configuration, "net10.0", "Bedside.Sim.dll");
        Assert.True(File.Exists(dll), dll);
        string outDir = Path.Combine(_dir, "term");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "session", "--minutes", "1440", "--out", outDir }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(60) && !p.HasExited && Partials(outDir).Length == 0) await Task.Delay(20);
        if (p.HasExited) Assert.Fail("the session ended before the signal: " + await stderrTask);
        Assert.Single(Partials(outDir));
        await Task.Delay(300); // the render is under way
        Assert.Equal(0, SysKill(p.Id, 15)); // SIGTERM
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await p.WaitForExitAsync(timeout.Token);
        string err = await stderrTask;
        Assert.True(p.ExitCode == 1, $"exit {p.ExitCode}; stderr: {err}");
        AssertOneErrorLine(err, SimCli.Prefix, "cancelled");
        var left = Directory.Exists(outDir) ? Directory.EnumerateFileSystemEntries(outDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToArray() : Array.Empty<string>();
        Assert.True(left.Length == 0, "files left behind: " + string.Join(", ", left));
        await stdoutTask;
    }
}
