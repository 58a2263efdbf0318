using Bedside.Portability;

// Usage: Bedside.Portability --api <mscorlib.dll> [--api <package.dll>]... <assembly.dll>...
// Exit 0 when the assemblies use only what the nanoFramework device runtime can load, 1 with one line per
// finding otherwise, 2 on bad arguments.
var api = new List<string>();
var targets = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--api" && i + 1 < args.Length) api.Add(args[++i]);
    else if (args[i] is "-h" or "--help")
    {
        Console.WriteLine("usage: Bedside.Portability --api <nanoFramework mscorlib.dll> [--api <package.dll>]... <assembly.dll>...");
        return 0;
    }
    else targets.Add(args[i]);
}
foreach (var p in api.Concat(targets))
{
    if (!File.Exists(p)) { Console.Error.WriteLine($"portability: no such file: {p}"); return 2; }
}
if (api.Count == 0 || targets.Count == 0)
{
    Console.Error.WriteLine("portability: need --api <mscorlib.dll> and at least one assembly to check (see --help)");
    return 2;
}
try
{
    var findings = new PortabilityGate(api).Check(targets);
    foreach (var f in findings) Console.WriteLine(f);
    Console.WriteLine(findings.Count == 0
        ? $"portability: {targets.Count} assemblies load on nanoCLR (no generics, no missing types)"
        : $"portability: {findings.Count} constructs the device runtime cannot load");
    return findings.Count == 0 ? 0 : 1;
}
catch (Exception e) when (e is BadImageFormatException or IOException or ArgumentException)
{
    Console.Error.WriteLine($"portability: {e.Message}");
    return 2;
}
