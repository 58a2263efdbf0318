using Bedside.Core.Composer;
using Bedside.Core.Session;
using Xunit;

namespace Bedside.Tests.Session;

public class LogToolCliTests
{
    [Fact]
    public void Cli_writes_csv_and_rejects_bad_arguments()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bedside-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var log = new SessionLog();
            log.Begin(0);
            log.AddTick(null);
            log.CommitMinute(1, Bedside.Core.ProgramKind.Noise, 3, new MusicControls(), true);
            log.Seal();
            var b = new byte[log.SerializedLength];
            log.CopySerialized(0, b, 0, b.Length);
            string inPath = Path.Combine(dir, "s.log"), outPath = Path.Combine(dir, "s.csv");
            File.WriteAllBytes(inPath, b);
            Assert.Equal(0, Bedside.LogTool.Program.Main(new[] { "--input", inPath, "--out", outPath }));
            var lines = File.ReadAllLines(outPath);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("1,noise,Guide,", lines[2]);
            Assert.EndsWith(",partial", lines[2]);
            Assert.Equal(2, Bedside.LogTool.Program.Main(Array.Empty<string>()));
            File.WriteAllBytes(inPath, new byte[] { 1, 2, 3 });
            Assert.Equal(2, Bedside.LogTool.Program.Main(new[] { "--input", inPath }));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>The simulator's timeline and the decoded device log each have a level column with a different
    /// meaning (measured RMS vs the level setting): they must not share a name.</summary>
    [Fact]
    public void Measured_level_and_level_setting_columns_have_different_names()
    {
        var timeline = Bedside.Sim.Session.Timeline.Header.Split(',');
        var log = Bedside.LogTool.LogDecoder.CsvHeader.Split(',');
        Assert.Contains("rms_dbfs", timeline);
        Assert.Contains("level_setting_db", log);
        var shared = timeline.Intersect(log).Where(c => c.Contains("level") || c.Contains("db")).ToList();
        Assert.True(shared.Count == 0, "shared level column names: " + string.Join(", ", shared));
    }
}
