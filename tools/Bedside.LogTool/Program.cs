namespace Bedside.LogTool;

public static class Program
{
    /// <summary>Usage: Bedside.LogTool &lt;session.log&gt; [output.csv]. Without an output path the CSV goes to stdout.</summary>
    public static int Main(string[] args)
    {
        if (args.Length < 1 || args.Length > 2 || args[0] == "-h" || args[0] == "--help")
        {
            Console.Error.WriteLine("usage: Bedside.LogTool <session.log> [output.csv]");
            return 1;
        }
        if (args.Length == 1) return LogDecoder.DecodeToCsv(args[0], Console.Out, Console.Error);
        var sw = new StringWriter();
        int rc = LogDecoder.DecodeToCsv(args[0], sw, Console.Error);
        if (rc != 0) return rc;
        try { File.WriteAllText(args[1], sw.ToString()); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            Console.Error.WriteLine("log: cannot write '" + args[1] + "': " + e.Message);
            return 2;
        }
        return 0;
    }
}
