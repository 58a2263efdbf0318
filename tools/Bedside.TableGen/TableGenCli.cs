namespace Bedside.TableGen;

/// <summary>
/// Bedside.TableGen &lt;output Tables.g.cs&gt;: regenerates the engine's tables.
/// Bedside.TableGen --golden [GoldenScores.cs]: re-renders every golden score with the current core and rewrites
/// its expected CRC-32 constants (default path: firmware/Bedside.Core/Audio/GoldenScores.cs, found from the
/// current directory upwards). Exit codes and error lines follow
/// tools/README.md (0 done, 2 bad input or an output that cannot be written, 1 failure). The file is written
/// to a temporary name beside the target and moved over it, so a failed write never leaves a half file.
/// </summary>
public static class TableGenCli
{
    public const string Prefix = "bedside-tablegen: ";
    public const string Usage = "usage: Bedside.TableGen <output Tables.g.cs> | --golden [GoldenScores.cs]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 1 && (args[0] == "-h" || args[0] == "--help")) { stdout.WriteLine(Usage); return 0; }
        if (args.Length >= 1 && args[0] == "--golden")
        {
            if (args.Length > 2) { stderr.WriteLine(Prefix + "--golden takes at most one path (" + Usage + ")"); return 2; }
            string golden = args.Length == 2 ? args[1] : GoldenWriter.DefaultPath();
            if (golden == null) { stderr.WriteLine(Prefix + "repository root not found; pass the GoldenScores.cs path (" + Usage + ")"); return 2; }
            if (!File.Exists(golden)) { stderr.WriteLine(Prefix + "'" + golden + "' not found (" + Usage + ")"); return 2; }
            try { stdout.WriteLine(GoldenWriter.Rewrite(golden)); return 0; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                stderr.WriteLine(Prefix + "cannot rewrite '" + golden + "': " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
                return 2;
            }
        }
        if (args.Length != 1 || args[0].StartsWith("-"))
        {
            stderr.WriteLine(Prefix + (args.Length == 0 ? "missing output path" : "expected exactly one output path") + " (" + Usage + ")");
            return 2;
        }
        string path = args[0];
        string text;
        try { text = TableGenerator.Generate(); }
        catch (Exception e)
        {
            stderr.WriteLine(Prefix + "failed: " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
            return 1;
        }
        string tmp = path + ".partial";
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, true);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            try { if (File.Exists(tmp)) File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            stderr.WriteLine(Prefix + "cannot write '" + path + "': " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
            return 2;
        }
        stdout.WriteLine("wrote " + path);
        return 0;
    }
}
