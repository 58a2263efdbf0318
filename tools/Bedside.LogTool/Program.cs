namespace Bedside.LogTool;

/// <summary>
/// Bedside.LogTool --input session.log [--out session.csv]: decodes a device session log to CSV (stdout without
/// --out), the same as `bedside-sim log`. Exit codes and error lines follow tools/README.md.
/// </summary>
public static class Program
{
    public const string Prefix = "bedside-logtool: ";
    public const string Usage = "usage: Bedside.LogTool --input <session.log> [--out <output.csv>]";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string input = null, output = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "-h" || a == "--help") { stdout.WriteLine(Usage); return 0; }
            if (a == "--input" || a == "--out")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--")) { stderr.WriteLine(Prefix + a + " needs a value (" + Usage + ")"); return 2; }
                if (a == "--input") input = args[++i]; else output = args[++i];
                continue;
            }
            stderr.WriteLine(Prefix + "unknown argument '" + a + "' (" + Usage + ")");
            return 2;
        }
        if (input == null) { stderr.WriteLine(Prefix + "--input is required (" + Usage + ")"); return 2; }
        if (output == null) return LogDecoder.DecodeToCsv(input, stdout, stderr, Prefix);
        var sw = new StringWriter();
        int rc = LogDecoder.DecodeToCsv(input, sw, stderr, Prefix);
        if (rc != 0) return rc;
        string tmp = output + ".partial";
        try
        {
            File.WriteAllText(tmp, sw.ToString());
            File.Move(tmp, output, true);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            try { if (File.Exists(tmp)) File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            stderr.WriteLine(Prefix + "cannot write '" + output + "': " + e.Message.Replace('\n', ' ').Replace('\r', ' '));
            return 2;
        }
        stdout.WriteLine("wrote " + output);
        return 0;
    }
}
