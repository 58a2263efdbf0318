using Bedside.Host.Replay;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Sensing;

/// <summary>Random CSV content never crashes the replay runner: exit 0 with four files, or non-zero with one line and no files.</summary>
public class ReplayFuzzTests
{
    static readonly string[] Tokens = { "t_s", "ppg", "eda_uS", "ecg", ",", ",", ",", "\n", "\n", "0", "1", "-1", "0.5", "NaN", "1e308", "-0", "abc", " ", "\r\n", "2048", "4095", "9e9", "" };

    [Fact]
    public void Random_csv_content_gives_a_clean_result()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bedside-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var gen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, Tokens.Length - 1].Array[0, 120], Gen.Int[2, 300], Gen.Double[-5, 5]);
            int run = 0, ok = 0, bad = 0;
            // 300 files: a third of them random token soup, two thirds mostly valid files with a chance of one bad cell
            // (each of the 23 tokens is the bad cell in about 6 of them).
            Property.Check(gen, (mode, toks, rows, scale) =>
            {
                string text;
                if (mode == 0) text = string.Concat(toks.Select(i => Tokens[i]));
                else
                {
                    // a mostly valid file with a chance of one bad cell
                    var sb = new System.Text.StringBuilder(mode == 1 ? "t_s,ppg\n" : "t_s,ppg,eda_uS\n");
                    for (int k = 0; k < rows; k++)
                    {
                        double t = k * 0.01;
                        string v = (toks.Length > 0 && k == toks[0] * 2) ? Tokens[toks[^1]] : (scale * Math.Sin(k * 0.3)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        sb.Append(t.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(v);
                        if (mode == 2) sb.Append(',').Append((Math.Abs(scale) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        sb.Append('\n');
                    }
                    text = sb.ToString();
                }
                int n = Interlocked.Increment(ref run);
                var input = Path.Combine(dir, $"in{n}.csv"); File.WriteAllText(input, text);
                var outDir = Path.Combine(dir, $"out{n}");
                var err = new StringWriter();
                int code = ReplayRunner.Run(input, outDir, err);
                if (code == 0) ok++; else bad++;
                if (code == 0)
                {
                    Assert.Equal("", err.ToString());
                    foreach (var f in new[] { "beats.csv", "hr.csv", "eda.csv", "arousal.csv" }) Assert.True(File.Exists(Path.Combine(outDir, f)), f);
                }
                else
                {
                    Assert.Single(err.ToString().TrimEnd('\r', '\n').Split('\n'));
                    Assert.StartsWith("replay: ", err.ToString());
                    Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
                }
            }, cases: 300);
            Assert.True(ok > 0 && bad > 0, $"both outcomes exercised: ok {ok}, bad {bad}");
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }
}
