using Bedside.Host.Replay;
using Bedside.Host.Scoring;
using Bedside.Host.Physio;
using Xunit;

namespace Bedside.Tests.Sensing;

public class ReplayRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bedside-replay-" + Guid.NewGuid().ToString("N"));
    public ReplayRunnerTests() { Directory.CreateDirectory(_dir); }
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    string Write(string name, string text) { var p = Path.Combine(_dir, name); File.WriteAllText(p, text); return p; }

    /// <summary>60 s of a 66-bpm pulse and skin conductance at 5 µS with one SCR at 20 s and a slow ±20 nS wave
    /// (live skin is never constant to the count: an unchanging reading is what a frozen converter gives).</summary>
    static string Synthetic(double seconds)
    {
        var sb = new System.Text.StringBuilder("t_s,ppg,eda_uS\n");
        var beats = SynthSignals.Beats(66, 0.3, seconds + 2, 0.02);
        for (int k = 0; k < seconds * 100; k++)
        {
            double t = k / 100.0;
            sb.Append(System.FormattableString.Invariant($"{t:0.000},{1000 * SynthSignals.Ppg(t, beats):0.00},{5 + 0.4 * SynthSignals.Bateman(t - 20) + 0.02 * Math.Sin(2 * Math.PI * t / 7):0.0000}\n"));
        }
        return sb.ToString();
    }

    [Fact]
    public void Writes_the_four_files_with_their_headers()
    {
        var input = Write("ok.csv", Synthetic(60));
        var outDir = Path.Combine(_dir, "out");
        var err = new StringWriter();
        Assert.Equal(0, ReplayRunner.Run(input, outDir, err));
        Assert.Equal("", err.ToString());
        var beats = File.ReadAllLines(Path.Combine(outDir, "beats.csv"));
        Assert.Equal("beat_t_s", beats[0]);
        Assert.InRange(beats.Length - 1, 60, 68);       // 66 bpm for 60 s, detector latency at the end
        Assert.Equal("t_s,hr_bpm,quality", File.ReadLines(Path.Combine(outDir, "hr.csv")).First());
        Assert.Equal("t_s,scl_us,scr_per_min", File.ReadLines(Path.Combine(outDir, "eda.csv")).First());
        Assert.Equal("t_s,arousal,confidence", File.ReadLines(Path.Combine(outDir, "arousal.csv")).First());
        var lastHr = File.ReadLines(Path.Combine(outDir, "hr.csv")).Last().Split(',');
        Assert.InRange(double.Parse(lastHr[1], System.Globalization.CultureInfo.InvariantCulture), 63, 69);
        var lastEda = File.ReadLines(Path.Combine(outDir, "eda.csv")).Last().Split(',');
        Assert.InRange(double.Parse(lastEda[1], System.Globalization.CultureInfo.InvariantCulture), 4.9, 5.1);
        Assert.Equal("1.00", lastEda[2]);                 // the one SCR at 20 s
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Theory]
    [InlineData("empty.csv", "", "empty file")]
    [InlineData("nohead.csv", "ppg\n1\n2\n", "missing column t_s")]
    [InlineData("nochan.csv", "t_s,ecg\n0,1\n1,2\n", "needs a ppg or eda_uS column")]
    [InlineData("nan.csv", "t_s,ppg\n0,1\n0.01,NaN\n0.02,3\n", "NaN")]
    [InlineData("text.csv", "t_s,ppg\n0,1\n0.01,abc\n", "not a number")]
    [InlineData("back.csv", "t_s,ppg\n0,1\n0.02,1\n0.01,2\n", "time goes backwards")]
    [InlineData("rows.csv", "t_s,ppg\n", "no data rows")]
    [InlineData("ragged.csv", "t_s,ppg\n0,1\n0.01\n", "fields")]
    [InlineData("blank.csv", "t_s,ppg,eda_uS\n0,1,2\n0.01,,2\n", "empty value")]
    [InlineData("jump.csv", "t_s,ppg\n0,1\n0.01,2\n10000000,3\n", "line 4: time jumps by 9999999.99 s")]
    public void Bad_input_gives_one_line_and_no_files(string name, string content, string expect)
    {
        var input = Write(name, content);
        var outDir = Path.Combine(_dir, "out-" + name);
        var err = new StringWriter();
        int code = ReplayRunner.Run(input, outDir, err);
        Assert.NotEqual(0, code);
        var text = err.ToString();
        Assert.Contains(expect, text);
        Assert.Single(text.TrimEnd('\n', '\r').Split('\n'));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), "partial output left behind");
    }

    [Fact]
    public void A_recording_longer_than_a_day_is_refused_naming_the_row_and_success_prints_one_summary_line()
    {
        var sb = new System.Text.StringBuilder("t_s,eda_uS\n");
        for (int k = 0; k <= 8700; k++) sb.Append(k * 10).Append(",5\n"); // 10 s steps (allowed) to 87 000 s
        var err = new StringWriter();
        Assert.Equal(2, ReplayRunner.Run(Write("long.csv", sb.ToString()), Path.Combine(_dir, "o-long"), err));
        Assert.Contains("line 8643: recording spans more than 24 h", err.ToString());

        var outDir = Path.Combine(_dir, "o-ok");
        var stdout = new StringWriter();
        err = new StringWriter();
        Assert.Equal(0, ReplayRunner.Run(Write("ok3.csv", Synthetic(30)), outDir, stdout, err, new ReplayOptions()));
        Assert.Equal("", err.ToString());
        var lines = stdout.ToString().TrimEnd('\n', '\r').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("replayed ok3.csv: ", lines[0]);
        Assert.Contains(" beats", lines[0]);
    }

    [Fact]
    public void Missing_input_file_is_an_error()
    {
        var err = new StringWriter();
        Assert.Equal(2, ReplayRunner.Run(Path.Combine(_dir, "nope.csv"), Path.Combine(_dir, "o"), err));
        Assert.Contains("file not found", err.ToString());
    }

    [Fact]
    public void Unwritable_output_is_an_error_and_leaves_nothing()
    {
        var input = Write("ok2.csv", Synthetic(15));
        var blocker = Write("blocker", "x");           // a file where the output directory should be
        var err = new StringWriter();
        Assert.Equal(2, ReplayRunner.Run(input, blocker, err));
        Assert.StartsWith("replay: cannot write output", err.ToString());
    }

    [Fact]
    public void Scorer_counts_matches_lag_and_optional_beats()
    {
        var truth = new BeatTruth
        {
            BeatS = Enumerable.Range(0, 60).Select(i => 5.0 + i).ToArray(),
            Optional = Enumerable.Range(0, 60).Select(i => i == 30).ToArray(),
        };
        // detections 0.45 s after each truth beat, one missed required beat (i = 20), the optional one missed,
        // one extra detection
        var det = truth.BeatS.Select((t, i) => (t, i)).Where(p => p.i != 20 && p.i != 30).Select(p => p.t + 0.45).ToList();
        det.Add(40.0); det.Sort();
        var s = BeatScorer.Score(det, truth, 0.1);
        Assert.InRange(s.LagS, 0.449, 0.451);
        int required = truth.BeatS.Where((t, i) => t >= 10 && i != 30).Count();
        Assert.Equal(required - 1, s.TruePositives);
        Assert.Equal(1, s.FalseNegatives);
        Assert.Equal(1, s.FalsePositives);
        var hr = BeatScorer.HrErrorFromDisplay(truth.BeatS.Select(t => (t, 60.0)).ToList(), truth);
        Assert.True(hr.MeanAbsErrorBpm < 1e-9);
        Assert.Equal(60, BeatScorer.RateIn(truth.BeatS, 10, 20), 6);
    }
}
