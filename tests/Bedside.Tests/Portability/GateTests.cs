using Bedside.Portability;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Bedside.Tests.Portability;

/// <summary>
/// The gate must catch every construct the device runtime cannot load. Each case compiles a tiny assembly
/// with Roslyn (against the nanoFramework mscorlib where the construct compiles there, against .NET where the
/// construct needs types nanoFramework lacks, exactly as a mistaken reference would) and checks the finding.
/// </summary>
public class GateTests
{
    private static readonly Lazy<PortabilityGate> Gate = new(() => new PortabilityGate(ApiAssemblies()));

    /// <summary>nanoFramework mscorlib plus every compile-only stand-in that has been built.</summary>
    public static IEnumerable<string> ApiAssemblies()
    {
        yield return NanoPaths.Mscorlib;
        var contracts = Path.Combine(Paths.RepoRoot, "firmware", "nanoFramework.Contracts");
        if (!Directory.Exists(contracts)) yield break;
        foreach (var dir in Directory.GetDirectories(contracts))
        {
            var name = Path.GetFileName(dir);
            var dll = NanoPaths.Output(Path.Combine("firmware", "nanoFramework.Contracts", name), name);
            if (File.Exists(dll)) yield return dll;
        }
    }

    private static string Compile(string source, bool againstNano, bool unsafeCode = false)
    {
        IEnumerable<MetadataReference> refs = againstNano
            ? new[] { MetadataReference.CreateFromFile(NanoPaths.Mscorlib) }
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => MetadataReference.CreateFromFile(p));
        var name = "Fixture" + Guid.NewGuid().ToString("N")[..8];
        var compilation = CSharpCompilation.Create(name,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: unsafeCode, optimizationLevel: OptimizationLevel.Release));
        var path = Path.Combine(Path.GetTempPath(), name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    private static IReadOnlyList<Finding> CheckSource(string source, bool againstNano, bool unsafeCode = false)
    {
        var path = Compile(source, againstNano, unsafeCode);
        try { return Gate.Value.Check(path); }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, string, bool, bool, string, string> ForbiddenCases => new()
    {
        // name, source, against nanoFramework mscorlib, unsafe, expected construct, expected member
        { "generic class", "public class Box<T> { public T Value; }", true, false, "generic type definition", "" },
        { "generic struct", "public struct Pair<A, B> { public A X; public B Y; }", true, false, "generic type definition", "" },
        { "generic method", "public static class C { public static T Id<T>(T x) { return x; } }", true, false, "generic method definition", "Id" },
        { "generic instantiation", "public class Box<T> { } public static class C { public static object Make() { return new Box<int>(); } }", true, false, "generic instantiation", "Make" },
        { "Func delegate", "public static class C { public static int Run(System.Func<int, int> f) { return f(1); } }", false, false, "generic delegate", "Run" },
        { "Action delegate", "public static class C { public static void Run(System.Action<int> a) { a(1); } }", false, false, "generic delegate", "Run" },
        { "List<T>", "public static class C { public static int Count() { var l = new System.Collections.Generic.List<int>(); l.Add(1); return l.Count; } }", false, false, "generic instantiation", "Count" },
        { "System.Math", "public static class C { public static double S(double x) { return System.Math.Sin(x); } }", false, false, "System.Math", "S" },
        { "Span<T>", "public static class C { public static int F(int[] a) { System.Span<int> s = a; return s.Length; } }", false, false, "Span<T>", "F" },
        { "ValueTuple", "public static class C { public static (int, int) F() { return (1, 2); } }", false, false, "ValueTuple", "F" },
        { "async", "public static class C { public static async System.Threading.Tasks.Task F() { await System.Threading.Tasks.Task.Yield(); } }", false, false, "async method", "F" },
        { "pointer", "public static unsafe class C { public static int F(int* p) { return *p; } }", true, true, "unsafe pointer type", "F" },
        { "stackalloc", "public static unsafe class C { public static int F() { int* p = stackalloc int[4]; p[0] = 1; return p[0]; } }", true, true, "stackalloc", "F" },
        { "decimal", "public static class C { public static decimal F(decimal x) { return x * 2m; } }", false, false, "decimal", "F" },
        { "foreign assembly", "public static class C { public static void F() { System.Console.Beep(); } }", false, false, "type outside nanoFramework mscorlib and the listed packages", "F" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenCases))]
    public void Gate_names_each_forbidden_construct(string name, string source, bool nano, bool unsafeCode, string construct, string member)
    {
        var findings = CheckSource(source, nano, unsafeCode);
        Assert.True(findings.Any(f => f.Construct == construct && (member.Length == 0 || f.Member == member)),
            $"{name}: expected '{construct}' on '{member}', got:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Gate_accepts_plain_fixed_point_code()
    {
        var findings = CheckSource("""
            public sealed class Voice
            {
                private readonly short[] _table = new short[256];
                private uint _phaseQ32;
                public enum Kind : byte { A, B }
                public struct Pair { public int X; public int Y; }
                public interface ISink { void Put(int x); }
                public void Render(int[] mix, uint incQ32, int gainQ15, ISink sink)
                {
                    uint ph = _phaseQ32;
                    for (int i = 0; i < mix.Length; i++) { mix[i] += (_table[ph >> 24] * gainQ15) >> 15; ph += incQ32; }
                    _phaseQ32 = ph;
                    long acc = 0; foreach (int v in mix) acc += v;
                    sink.Put((int)(acc >> 8));
                    System.Array.Copy(mix, 0, mix, 0, 1);
                    switch ("a") { case "a": break; }
                }
            }
            """, againstNano: true);
        Assert.Empty(findings);
    }

    [Fact]
    public void Gate_reports_members_missing_from_the_device_library()
    {
        // Compiled against .NET: String.Contains(char) exists on .NET, not in nanoFramework mscorlib 1.17.11's String.
        var findings = CheckSource("public static class C { public static bool F(string s) { return s.Contains('x'); } }", againstNano: false);
        Assert.Contains(findings, f => f.Member == "F");
    }

    /// <summary>The real gate: every nanoFramework-targeted assembly the solution builds must load on nanoCLR.</summary>
    [Fact]
    public void Firmware_assemblies_pass_the_gate()
    {
        var targets = new List<string> { NanoPaths.Output("firmware/Bedside.Core.Nano", "Bedside.Core") };
        var device = Path.Combine(Paths.RepoRoot, "firmware", "Bedside.Device", "Bedside.Device.csproj");
        if (File.Exists(device)) targets.Add(NanoPaths.Output("firmware/Bedside.Device", "Bedside.Device"));
        var nfunit = Path.Combine(Paths.RepoRoot, "tests", "NFUnitTest", "NFUnitTest.csproj");
        if (File.Exists(nfunit)) targets.Add(NanoPaths.Output("tests/NFUnitTest", "NFUnitTest"));
        foreach (var t in targets) Assert.True(File.Exists(t), $"{t} was not built (is its project in Bedside.sln?)");
        var findings = Gate.Value.Check(targets);
        Assert.True(findings.Count == 0, "constructs the nanoFramework runtime cannot load:\n" + string.Join("\n", findings));
    }
}
