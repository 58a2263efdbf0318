using System.Buffers.Binary;
using System.Security.Cryptography;
using Bedside.Sim.Cli;
using Bedside.Sim.Session;
using SkiaSharp;
using Xunit;

namespace Bedside.Tests.Sim;

/// <summary>Runs the simulator CLI in-process on short sessions and checks what it leaves on disk.</summary>
public sealed class SimCliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bedside-sim-tests-" + Guid.NewGuid().ToString("N"));

    public SimCliTests() { Directory.CreateDirectory(_root); }
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = SimCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private string P(string name) => Path.Combine(_root, name);

    private static readonly string[] Files = { "session.wav", "timeline.csv", "session.png", "session.log", "trace.csv", "listener.csv" };

    [Fact]
    public void Two_minute_session_writes_every_file_with_the_exact_layout()
    {
        string dir = P("out");
        var (code, stdout, stderr) = Run("session", "--minutes", "2", "--scenario", "restless", "--seed", "3", "--out", dir);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        foreach (var f in Files) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Empty(Directory.GetDirectories(dir)); // no partial folder left

        var lines = File.ReadAllLines(Path.Combine(dir, "timeline.csv"));
        Assert.Equal("t_s,program,state,hr_bpm,hr_quality,rmssd_ms,scl_us,scr_per_min,arousal,confidence,tempo_bpm,brightness,density,rms_dbfs", lines[0]);
        Assert.Equal(121, lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            Assert.Equal(14, f.Length);
            Assert.Equal(i.ToString(), f[0]);
            Assert.Equal("sleep", f[1]);
            Assert.False(string.IsNullOrEmpty(f[2]));
            double tempo = double.Parse(f[10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(tempo, 40, 120);
            double level = double.Parse(f[13], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(level, -120, 0);
        }

        byte[] wav = File.ReadAllBytes(Path.Combine(dir, "session.wav"));
        AssertWav(wav, 16000, 16000L * 120);

        using (var bmp = SKBitmap.Decode(Path.Combine(dir, "session.png")))
        {
            Assert.NotNull(bmp);
            Assert.Equal(SessionPlot.Width, bmp.Width);
            Assert.True(bmp.Height > 7 * 150);
        }

        Assert.Contains("Minutes per state: ", stdout);
        Assert.Contains("Time to settle: ", stdout);
        Assert.Contains("Level (per-second RMS, dBFS", stdout);
        Assert.Contains("timeline.csv (120 rows)", stdout);
        var minutesLine = stdout.Split('\n').First(l => l.StartsWith("Minutes per state: "));
        double total = minutesLine.Substring(19).Split('|').Sum(part => double.Parse(part.Trim().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(total, 1.85, 2.15); // the per-state minutes add up to the session

        var listener = File.ReadAllLines(Path.Combine(dir, "listener.csv"));
        Assert.Equal(Timeline.ListenerHeader, listener[0]);
        Assert.Equal(121, listener.Length);
        Assert.StartsWith("t_ms,state,reason", File.ReadAllText(Path.Combine(dir, "trace.csv")));
    }

    private static void AssertWav(byte[] wav, int rate, long samples)
    {
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal("fmt ", System.Text.Encoding.ASCII.GetString(wav, 12, 4));
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(wav, 36, 4));
        Assert.Equal((uint)(wav.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(20)));       // PCM
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(22)));       // mono
        Assert.Equal((uint)rate, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal((uint)(2 * rate), BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(32)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal((uint)(2 * samples), BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + 2 * samples, wav.Length);
    }

    [Theory]
    [InlineData("11025", "calm", "no-sensors")]
    [InlineData("22050", "noise", "sensor-detach")]
    public void Every_rate_gives_a_sample_exact_wav(string rate, string program, string scenario)
    {
        string dir = P("r" + rate);
        var (code, _, stderr) = Run("session", "--minutes", "1", "--rate", rate, "--program", program, "--scenario", scenario, "--out", dir);
        Assert.True(code == 0, stderr);
        int hz = int.Parse(rate);
        AssertWav(File.ReadAllBytes(Path.Combine(dir, "session.wav")), hz, hz * 60L);
        Assert.All(File.ReadAllLines(Path.Combine(dir, "timeline.csv")).Skip(1), l => Assert.StartsWith(l.Split(',')[0] + "," + program + ",", l));
    }

    [Fact]
    public void Same_seed_gives_identical_files()
    {
        string a = P("a"), b = P("b");
        Assert.Equal(0, Run("session", "--minutes", "1", "--scenario", "pain-episode", "--seed", "9", "--out", a).code);
        Assert.Equal(0, Run("session", "--minutes", "1", "--scenario", "pain-episode", "--seed", "9", "--out", b).code);
        foreach (var f in new[] { "session.wav", "timeline.csv", "listener.csv", "session.log" })
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(a, f))), SHA256.HashData(File.ReadAllBytes(Path.Combine(b, f))));
    }

    [Fact]
    public void Preset_and_buttons_files_are_accepted_and_an_existing_folder_is_reused()
    {
        string dir = P("existing");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
        File.WriteAllText(P("p.txt"), "# calm evening\nmood = neutral\nkey = F#\ntempo_min_bpm = 50\ntempo_max_bpm=72.5\ninstruments = pad, bell\nnoise = ocean\nnoise_level_percent = 20\n");
        File.WriteAllText(P("b.txt"), "t_s,event\n5,tap\n10.5,pressed\n12,released\n30,hold,2500\n");
        var (code, _, stderr) = Run("session", "--minutes", "1", "--preset", P("p.txt"), "--buttons", P("b.txt"), "--out", dir);
        Assert.True(code == 0, stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(dir, "session.wav")));
    }

    public static IEnumerable<object[]> BadInputs()
    {
        yield return new object[] { new[] { "--program", "party" }, "unknown program 'party'" };
        yield return new object[] { new[] { "--scenario", "marathon" }, "unknown scenario 'marathon'" };
        yield return new object[] { new[] { "--minutes", "0" }, "--minutes" };
        yield return new object[] { new[] { "--minutes", "ten" }, "--minutes" };
        yield return new object[] { new[] { "--minutes", "100000" }, "--minutes" };
        yield return new object[] { new[] { "--seed", "-4" }, "--seed" };
        yield return new object[] { new[] { "--rate", "44100" }, "--rate" };
        yield return new object[] { new[] { "--preset", "{dir}/missing.txt" }, "cannot read preset file" };
        yield return new object[] { new[] { "--preset", "{file:tempo_min_bpm = 200}" }, "tempo_min_bpm" };
        yield return new object[] { new[] { "--preset", "{file:tempo_min_bpm = 90\ntempo_max_bpm = 60}" }, "tempo max must not be below tempo min" };
        yield return new object[] { new[] { "--preset", "{file:volume = 11}" }, "unknown key 'volume'" };
        yield return new object[] { new[] { "--preset", "{file:mood = warm\nmood = warm}" }, "given twice" };
        yield return new object[] { new[] { "--buttons", "{file:3,pressed\n2,released}" }, "time goes backwards" };
        yield return new object[] { new[] { "--buttons", "{file:3,jump}" }, "unknown event 'jump'" };
        yield return new object[] { new[] { "--buttons", "{file:600,tap}" }, "after the end of the session" };
        yield return new object[] { new[] { "--buttons", "{file:NaN,tap}" }, "not a non-negative number" };
        yield return new object[] { new[] { "--out", "{blocker}/sub" }, "cannot write output folder" };
        yield return new object[] { new[] { "--out", "{blocker}" }, "is a file" };
        yield return new object[] { new[] { "--volume", "3" }, "--volume" };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_gives_one_stderr_line_a_nonzero_exit_and_no_files(string[] extra, string expected)
    {
        string outDir = P("never");
        string blocker = P("blocker");
        File.WriteAllText(blocker, "a file, not a folder");
        var args = new List<string> { "session", "--minutes", "1" };
        if (!extra.Contains("--out")) { args.Add("--out"); args.Add(outDir); }
        for (int i = 0; i < extra.Length; i++)
        {
            string a = extra[i].Replace("{dir}", _root).Replace("{blocker}", blocker);
            if (a.StartsWith("{file:"))
            {
                string path = P("input" + i + ".txt");
                File.WriteAllText(path, a.Substring(6, a.Length - 7));
                a = path;
            }
            args.Add(a);
        }
        var before = Directory.GetFileSystemEntries(_root).Length;
        var (code, stdout, stderr) = Run(args.ToArray());
        Assert.NotEqual(0, code);
        var errLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errLines);
        Assert.StartsWith("bedside-sim: ", errLines[0]);
        Assert.Contains(expected, errLines[0]);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir), "output folder must not be created on bad input");
        Assert.Equal(before, Directory.GetFileSystemEntries(_root).Length);
        Assert.Equal("a file, not a folder", File.ReadAllText(blocker));
    }

    [Theory]
    [InlineData("log", "--input", "nope.log", "log file")]
    [InlineData("replay", "--input", "nope.csv", "input file")]
    public void Log_and_replay_reject_a_missing_input_in_one_line(string cmd, string opt, string file, string expected)
    {
        var args = cmd == "replay" ? new[] { cmd, opt, P(file), "--out", P("rep") } : new[] { cmd, opt, P(file) };
        var (code, _, stderr) = Run(args);
        Assert.Equal(SimCli.ExitBadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.False(Directory.Exists(P("rep")));
    }

    [Fact]
    public void Missing_required_option_is_one_line()
    {
        var (code, _, stderr) = Run("log");
        Assert.Equal(SimCli.ExitBadInput, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

public class SessionFileFormatTests
{
    [Fact]
    public void Preset_file_maps_onto_the_core_preset()
    {
        Assert.Null(PresetFile.TryParse("mood=luminous\nkey=Bb\ntempo_min_bpm=45.5\ntempo_max_bpm=70\ninstruments=flute\nnoise=brown\nnoise_level_percent=0", out var p));
        Assert.Equal(Bedside.Core.Composer.Mood.Luminous, p.Mood);
        Assert.Equal(10, p.KeyRootSemitone);
        Assert.Equal(4550, p.TempoMinCentiBpm);
        Assert.Equal(7000, p.TempoMaxCentiBpm);
        Assert.Equal(Bedside.Core.Composer.Instruments.Flute, p.InstrumentSet);
        Assert.Equal(Bedside.Core.Audio.NoiseColor.Brown, p.Noise);
        Assert.Equal(0, p.NoiseLevelPercent);
        Assert.Null(p.Validate());
        Assert.Null(PresetFile.TryParse("", out var d));
        Assert.Equal(new Bedside.Core.Composer.Preset().TempoMaxCentiBpm, d.TempoMaxCentiBpm);
        Assert.NotNull(PresetFile.TryParse("instruments = pad, 3", out _));
        Assert.NotNull(PresetFile.TryParse("key = H", out _));
    }

    [Fact]
    public void Button_script_expands_taps_and_holds_in_time_order()
    {
        Assert.Null(ButtonScript.TryParse("1,hold,3000\n2,tap\n", 60, out var s));
        var got = Enumerable.Range(0, s.Count).Select(i => (s.TimeMs(i), s.Pressed(i))).ToArray();
        Assert.Equal(new[] { (1000L, true), (2000L, true), (2150L, false), (4000L, false) }, got);
    }
}

public sealed class SessionFailureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bedside-sim-fail-" + Guid.NewGuid().ToString("N"));
    public SessionFailureTests() { Directory.CreateDirectory(_root); }
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    /// <summary>A core that works for a while and then throws, as a bug in the core would.</summary>
    private sealed class FailingCore : ISessionCore
    {
        private readonly ISessionCore _inner;
        private readonly long _failAtMs;
        public FailingCore(SessionCoreConfig c, long failAtMs) { _inner = CoreParts.Create(c); _failAtMs = failAtMs; }
        public void PushPulse(int raw, long tUs) => _inner.PushPulse(raw, tUs);
        public void PushEda(int raw, long tUs) => _inner.PushEda(raw, tUs);
        public void Start(long nowMs) => _inner.Start(nowMs);
        public void OnButtonEdge(bool pressed, long tMs) => _inner.OnButtonEdge(pressed, tMs);
        public int BlockSamples => _inner.BlockSamples;
        public byte[] Block => _inner.Block;
        public void Step(long nowUs) { if (nowUs >= _failAtMs * 1000) throw new InvalidOperationException("core fault\nat tick"); _inner.Step(nowUs); }
        public Bedside.Core.Sensing.PhysioSnapshot Snapshot => _inner.Snapshot;
        public Bedside.Core.Composer.MusicControls Controls => _inner.Controls;
        public string StateName => _inner.StateName;
        public void DrainTrace(TextWriter sink) => _inner.DrainTrace(sink);
        public byte[] GetSessionLogBytes(long nowMs) => _inner.GetSessionLogBytes(nowMs);
    }

    [Fact]
    public void A_failure_mid_session_leaves_no_files_and_keeps_an_existing_folder()
    {
        string fresh = Path.Combine(_root, "fresh");
        var e = new StringWriter();
        int code = SimCli.Run(new[] { "session", "--minutes", "2", "--out", fresh }, new StringWriter(), e, false, c => new FailingCore(c, 30_000));
        Assert.Equal(SimCli.ExitFailed, code);
        Assert.Single(e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("core fault at tick", e.ToString());
        Assert.False(Directory.Exists(fresh));

        string existing = Path.Combine(_root, "existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "timeline.csv"), "previous run");
        code = SimCli.Run(new[] { "session", "--minutes", "2", "--out", existing }, new StringWriter(), new StringWriter(), false, c => new FailingCore(c, 90_000));
        Assert.Equal(SimCli.ExitFailed, code);
        Assert.Equal(new[] { "timeline.csv" }, Directory.GetFileSystemEntries(existing).Select(Path.GetFileName).ToArray());
        Assert.Equal("previous run", File.ReadAllText(Path.Combine(existing, "timeline.csv")));
    }
}

public class SimExampleFilesTests
{
    [Fact]
    public void The_example_preset_and_buttons_files_in_the_readme_folder_parse()
    {
        string dir = Path.Combine(Paths.RepoRoot, "tools", "Bedside.Sim", "examples");
        Assert.Null(PresetFile.TryLoad(Path.Combine(dir, "evening.preset"), out var p));
        Assert.Equal(4600, p.TempoMinCentiBpm);
        Assert.Null(ButtonScript.TryLoad(Path.Combine(dir, "night.buttons"), 20 * 60, out var b));
        Assert.Equal(8, b.Count);
        // Too short a session for the script: a clear reason, not a crash.
        Assert.Contains("after the end of the session", ButtonScript.TryLoad(Path.Combine(dir, "night.buttons"), 60, out _));
    }
}

public sealed class SessionCancelTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bedside-sim-cancel-" + Guid.NewGuid().ToString("N"));
    public SessionCancelTests() { Directory.CreateDirectory(_root); }
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    [Fact]
    public void A_cancelled_session_leaves_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        string dir = Path.Combine(_root, "out");
        var e = new StringWriter();
        int code = SimCli.Run(new[] { "session", "--minutes", "5", "--out", dir }, new StringWriter(), e, false, null, cts.Token);
        Assert.Equal(SimCli.ExitFailed, code);
        Assert.Equal("bedside-sim: session cancelled, no files written", e.ToString().Trim());
        Assert.False(Directory.Exists(dir));
    }
}

public class WavHeaderTests
{
    [Fact]
    public void Header_sizes_stay_right_beyond_2_GiB()
    {
        long data = 3_000_000_000; // a 24-hour session at 22050 Hz is 3.8 GB
        var h = WavWriter.BuildHeader(22050, data);
        Assert.Equal(44, h.Length);
        Assert.Equal((uint)(36 + data), BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(4)));
        Assert.Equal((uint)data, BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(40)));
        Assert.Equal(44100u, BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(28)));
    }
}
