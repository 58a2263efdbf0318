using System.Globalization;

namespace Bedside.Trainer;

/// <summary>
/// dotnet run --project tools/Bedside.Trainer -c Release -- [--corpus DIR] [--chorales FILE] [--markov-only]
/// Writes the Markov melody table and (unless --markov-only) the melody and harmony networks, the activation tables and
/// the copy guard into firmware/Bedside.Core/Composer, and prints the held-out figures. Errors: one line on stderr, exit 1
/// (bad data) or 2 (bad arguments).
/// </summary>
public static class Program
{
    public static string DefaultCorpusDir(string repoRoot) => Path.Combine(repoRoot, "tools", "Bedside.Trainer", "corpus");
    public static string DefaultOutFile(string repoRoot) => Path.Combine(repoRoot, "firmware", "Bedside.Core", "Composer", "MelodyTable.g.cs");
    public static string ComposerDir(string repoRoot) => Path.Combine(repoRoot, "firmware", "Bedside.Core", "Composer");
    public static string ReportFile(string repoRoot) => Path.Combine(repoRoot, "tools", "Bedside.Trainer", "network-report.txt");

    public static int Main(string[] args)
    {
        string? corpusArg = null, choraleArg = null; bool markovOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--corpus" when i + 1 < args.Length: corpusArg = args[++i]; break;
                case "--chorales" when i + 1 < args.Length: choraleArg = args[++i]; break;
                case "--markov-only": markovOnly = true; break;
                default:
                    Console.Error.WriteLine($"trainer: unknown or incomplete argument '{args[i]}' (usage: [--corpus DIR] [--chorales FILE] [--markov-only])");
                    return 2;
            }
        }
        try
        {
            string root = FindRepoRoot(Directory.GetCurrentDirectory());
            string corpus = corpusArg ?? DefaultCorpusDir(root);
            if (!Directory.Exists(corpus)) throw new IOException("corpus directory not found: " + corpus);
            string chorales = choraleArg ?? ChoraleData.DefaultPath(root);
            if (!markovOnly && !File.Exists(chorales)) throw new IOException("chorale data not found: " + chorales);
            string outFile = DefaultOutFile(root);
            var tunes = Model.LoadCorpus(corpus);
            string src = Model.GenerateSource(corpus);
            File.WriteAllText(outFile, src);
            Console.WriteLine($"{tunes.Count} tunes, {tunes.Sum(t => t.Degrees.Length)} notes -> {outFile} ({src.Length} chars)");
            if (markovOnly) return 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var run = NetworkTrainer.Run(corpus, chorales, new NetworkTrainer.Settings(), Console.WriteLine);
            string dir = ComposerDir(root);
            File.WriteAllText(Path.Combine(dir, "MelodyNetTable.g.cs"), run.MelodySource);
            File.WriteAllText(Path.Combine(dir, "HarmonyNetTable.g.cs"), run.HarmonySource);
            File.WriteAllText(Path.Combine(dir, "ActivationTable.g.cs"), run.ActivationSource);
            File.WriteAllText(Path.Combine(dir, "CopyGuardTable.g.cs"), run.GuardSource);
            File.WriteAllText(ReportFile(root), run.Report);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"networks, activation tables and copy guard -> {dir} ({sw.Elapsed.TotalSeconds:F0} s)"));
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("trainer: " + e.Message);
            return 1;
        }
    }

    static string FindRepoRoot(string dir)
    {
        for (var d = new DirectoryInfo(dir); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bedside.sln"))) return d.FullName;
        throw new IOException("run inside the repository (Bedside.sln not found above " + dir + ")");
    }
}
