using System.Reflection;

namespace Bedside.Tests;

/// <summary>Where the repository and ../shared are, for tests that read files.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = Find("RepoRoot");
    public static string Configuration { get; } = Find("Configuration");
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    public static string Physio => Path.Combine(Shared, "data", "physio");

    private static string Find(string key)
    {
        foreach (var a in typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            if (a.Key == key) return a.Value!;
        throw new InvalidOperationException("missing assembly metadata " + key);
    }
}

public static class NanoPaths
{
    public static string Mscorlib { get; } = typeof(NanoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NanoMscorlib").Value!;

    /// <summary>Output of a nanoFramework-targeted SDK project (netstandard2.0 carrier) in this configuration.</summary>
    public static string Output(string projectDir, string assemblyName) =>
        Path.Combine(Paths.RepoRoot, projectDir, "bin", Paths.Configuration, "netstandard2.0", assemblyName + ".dll");
}
