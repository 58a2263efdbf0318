namespace Bedside.Trainer;

/// <summary>dotnet run --project tools/Bedside.Trainer [corpusDir] [outFile]</summary>
public static class Program
{
    public static string DefaultCorpusDir(string repoRoot) => Path.Combine(repoRoot, "tools", "Bedside.Trainer", "corpus");
    public static string DefaultOutFile(string repoRoot) => Path.Combine(repoRoot, "firmware", "Bedside.Core", "Composer", "MelodyTable.g.cs");

    public static int Main(string[] args)
    {
        try
        {
            string root = FindRepoRoot(Directory.GetCurrentDirectory());
            string corpus = args.Length > 0 ? args[0] : DefaultCorpusDir(root);
            string outFile = args.Length > 1 ? args[1] : DefaultOutFile(root);
            var tunes = Model.LoadCorpus(corpus);
            string src = Model.GenerateSource(corpus);
            File.WriteAllText(outFile, src);
            Console.WriteLine($"{tunes.Count} tunes, {tunes.Sum(t => t.Degrees.Length)} notes -> {outFile} ({src.Length} chars)");
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
