using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The deployable .nfproj files against the sources and the CI builds: same .cs files, one package version
/// per id everywhere (packages.config, HintPath, Reference version) and equal to the stand-in's AssemblyVersion.
/// </summary>
public class DeviceProjectTests
{
    private static string Repo(params string[] parts) => Path.Combine(new[] { Paths.RepoRoot }.Concat(parts).ToArray());

    private static List<string> CsFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/") && !f.StartsWith("bin/"))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    private static XDocument Load(params string[] parts) => XDocument.Load(Repo(parts));

    private static IEnumerable<XElement> Items(XDocument d, string name) => d.Descendants().Where(e => e.Name.LocalName == name);

    [Theory]
    [InlineData("firmware/Bedside.Device", "Bedside.Device.nfproj")]
    [InlineData("tests/NFUnitTest", "NFUnitTest.nfproj")]
    public void Nfproj_lists_exactly_the_cs_files_of_its_folder(string folder, string nfproj)
    {
        var includes = Items(Load(folder, nfproj), "Compile").Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')).ToList();
        // files linked from outside the folder: the test scaffolding shared with the host tests, every file of tests/Shared
        var linked = includes.Where(f => f.StartsWith("../", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var shared = folder == "tests/NFUnitTest" ? CsFiles(Repo("tests", "Shared")).Select(f => "../Shared/" + f).ToList() : new List<string>();
        Assert.Equal(shared, linked);
        var listed = includes.Except(linked).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var onDisk = CsFiles(Repo(folder));
        var missing = onDisk.Except(listed).ToList();
        var extra = listed.Except(onDisk).ToList();
        Assert.True(missing.Count == 0, $"{nfproj} does not compile: {string.Join(", ", missing)}");
        Assert.True(extra.Count == 0, $"{nfproj} lists files that do not exist: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Core_nfproj_compiles_every_core_source()
    {
        var d = Load("firmware", "Bedside.Core", "Bedside.Core.nfproj");
        var includes = Items(d, "Compile").Select(e => e.Attribute("Include")!.Value).ToList();
        if (includes.Contains("**\\*.cs")) return; // wildcard covers all (obj/bin excluded)
        var listed = includes.Select(i => i.Replace('\\', '/')).ToHashSet();
        var missing = CsFiles(Repo("firmware", "Bedside.Core")).Where(f => !listed.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "Bedside.Core.nfproj misses: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("firmware/Bedside.Device", "Bedside.Device.nfproj")]
    [InlineData("firmware/Bedside.Core", "Bedside.Core.nfproj")]
    [InlineData("tests/NFUnitTest", "NFUnitTest.nfproj")]
    public void Nfproj_is_a_nanoframework_project_and_its_references_match_packages_config(string folder, string nfproj)
    {
        var d = Load(folder, nfproj);
        string guids = Items(d, "ProjectTypeGuids").Single().Value;
        Assert.Equal("{11A8DD76-328B-46DF-9F39-F559912D0360};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}", guids);
        foreach (var imp in Items(d, "Import"))
            Assert.StartsWith("Exists(", imp.Attribute("Condition")?.Value ?? "");

        var packages = Items(Load(folder, "packages.config"), "package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value);
        var hint = new Regex(@"^\.\.\\\.\.\\packages\\(?<id>[A-Za-z0-9.]+?)\.(?<ver>\d+\.\d+\.\d+)\\lib\\[^\\]+\.(dll|exe)$");
        foreach (var r in Items(d, "Reference"))
        {
            string hp = r.Elements().Single(e => e.Name.LocalName == "HintPath").Value;
            var m = hint.Match(hp);
            Assert.True(m.Success, $"{nfproj}: HintPath {hp} is not ..\\..\\packages\\<Id>.<Version>\\lib\\<file>");
            string id = m.Groups["id"].Value, ver = m.Groups["ver"].Value;
            Assert.True(packages.TryGetValue(id, out var pv), $"{nfproj} references {id}, which packages.config lacks");
            Assert.Equal(pv, ver);
            var vm = Regex.Match(r.Attribute("Include")!.Value, @"Version=(\d+\.\d+\.\d+)\.0");
            if (vm.Success) Assert.Equal(ver, vm.Groups[1].Value);
        }
    }

    [Fact]
    public void One_version_per_package_everywhere_and_stand_ins_carry_it()
    {
        var seen = new Dictionary<string, string>();
        foreach (var cfg in new[] { "firmware/Bedside.Device/packages.config", "firmware/Bedside.Core/packages.config", "tests/NFUnitTest/packages.config" })
            foreach (var p in Items(XDocument.Load(Repo(cfg)), "package"))
            {
                string id = p.Attribute("id")!.Value, v = p.Attribute("version")!.Value;
                if (seen.TryGetValue(id, out var other)) Assert.True(other == v, $"{id}: {other} vs {v} in {cfg}");
                seen[id] = v;
            }
        Assert.Equal("1.17.11", seen["nanoFramework.CoreLibrary"]);

        string contracts = Repo("firmware", "nanoFramework.Contracts");
        int checkedCount = 0;
        foreach (var dir in Directory.GetDirectories(contracts))
        {
            string asm = Path.GetFileName(dir);
            string id = asm.StartsWith("System.") ? "nanoFramework." + asm : asm;
            string info = File.ReadAllText(Path.Combine(dir, "AssemblyInfo.cs"));
            string csproj = File.ReadAllText(Path.Combine(dir, asm + ".csproj"));
            var v = Regex.Match(info, "AssemblyVersion\\(\"(\\d+\\.\\d+\\.\\d+)\\.0\"\\)");
            Assert.True(v.Success, asm + ": no AssemblyVersion");
            Assert.Contains("<AssemblyName>" + asm + "</AssemblyName>", csproj);
            Assert.Contains("../../Nano.props", csproj);
            Assert.True(seen.ContainsKey(id), $"stand-in {asm} has no package {id} in any packages.config");
            Assert.Equal(seen[id], v.Groups[1].Value);
            checkedCount++;
        }
        Assert.Equal(11, checkedCount);
    }

    /// <summary>
    /// Each stand-in names the package release it stands for (AssemblyDescription "StandsForPackage id version"),
    /// and that release is the one packages.config pins and the .nfproj files reference (HintPath folder and
    /// Reference Version). Bluetooth must be 1.1.115, the release built for CoreLibrary 1.17.11: 1.1.8 was
    /// built for CoreLibrary 1.12, lacks nanoFramework.Device.Bluetooth.Security and would not load beside
    /// mscorlib 1.17.
    /// </summary>
    [Fact]
    public void Stand_ins_declare_the_release_they_stand_for_and_it_matches_the_pins_and_the_nfproj_references()
    {
        var pins = new Dictionary<string, string>();
        foreach (var cfg in new[] { "firmware/Bedside.Device/packages.config", "firmware/Bedside.Core/packages.config", "tests/NFUnitTest/packages.config" })
            foreach (var p in Items(XDocument.Load(Repo(cfg)), "package")) pins[p.Attribute("id")!.Value] = p.Attribute("version")!.Value;
        var referenced = new Dictionary<string, string>();
        var hint = new Regex(@"packages\\(?<id>[A-Za-z0-9.]+?)\.(?<ver>\d+\.\d+\.\d+)\\lib\\");
        foreach (var nf in new[] { "firmware/Bedside.Device/Bedside.Device.nfproj", "firmware/Bedside.Core/Bedside.Core.nfproj", "tests/NFUnitTest/NFUnitTest.nfproj" })
            foreach (var r in Items(XDocument.Load(Repo(nf)), "Reference"))
            {
                var m = hint.Match(r.Elements().Single(e => e.Name.LocalName == "HintPath").Value);
                if (m.Success) referenced[m.Groups["id"].Value] = m.Groups["ver"].Value;
            }
        var standsFor = new Regex("AssemblyDescription\\(\"StandsForPackage (?<id>[A-Za-z0-9.]+) (?<ver>\\d+\\.\\d+\\.\\d+)\"\\)");
        int n = 0;
        foreach (var dir in Directory.GetDirectories(Repo("firmware", "nanoFramework.Contracts")))
        {
            string info = File.ReadAllText(Path.Combine(dir, "AssemblyInfo.cs"));
            var m = standsFor.Match(info);
            Assert.True(m.Success, Path.GetFileName(dir) + ": no StandsForPackage metadata");
            string id = m.Groups["id"].Value, ver = m.Groups["ver"].Value;
            Assert.True(pins.TryGetValue(id, out var pinned), $"{id}: not pinned in any packages.config");
            Assert.Equal(pinned, ver);
            if (referenced.TryGetValue(id, out var refVer)) Assert.Equal(ver, refVer);
            Assert.Contains($"AssemblyVersion(\"{ver}.0\")", info);
            n++;
        }
        Assert.Equal(11, n);
        Assert.Equal("1.1.115", pins["nanoFramework.Device.Bluetooth"]);
        Assert.Equal("1.17.11", pins["nanoFramework.CoreLibrary"]);
        foreach (var id in referenced.Keys) Assert.True(pins.ContainsKey(id), id + " referenced but not pinned");
    }

    [Fact]
    public void Ci_csproj_files_compile_the_same_folder_and_use_the_stand_ins()
    {
        string dev = File.ReadAllText(Repo("firmware", "Bedside.Device", "Bedside.Device.csproj"));
        Assert.Contains("../Nano.props", dev);
        Assert.Contains("../Bedside.Core.Nano/Bedside.Core.Nano.csproj", dev);
        Assert.Contains("<Compile Include=\"**/*.cs\"", dev);
        string nf = File.ReadAllText(Repo("tests", "NFUnitTest", "NFUnitTest.csproj"));
        Assert.Contains("nanoFramework.TestFramework.csproj", nf);
        Assert.Contains("<AssemblyName>NFUnitTest</AssemblyName>", nf);
        string nfproj = File.ReadAllText(Repo("tests", "NFUnitTest", "NFUnitTest.nfproj"));
        Assert.Contains("<AssemblyName>NFUnitTest</AssemblyName>", nfproj);
        Assert.Contains("<None Include=\"nano.runsettings\" />", nfproj);
        Assert.Contains("<ProjectCapability Include=\"TestContainer\" />", nfproj);
    }

    /// <summary>
    /// The on-device test assembly must end by itself: on nanoCLR the real Bluetooth assembly's static constructor
    /// starts a listener thread that never ends, so NFUnitTest (which needs no Bluetooth) must not load it. Walks
    /// every reference of NFUnitTest.nfproj and NFUnitTest.csproj, their packages.config and, recursively, the
    /// projects they reference.
    /// </summary>
    [Theory]
    [InlineData("tests/NFUnitTest/NFUnitTest.nfproj")]
    [InlineData("tests/NFUnitTest/NFUnitTest.csproj")]
    public void The_on_device_test_assembly_references_no_Bluetooth(string project)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(Repo(project.Split('/'))));
        var offenders = new List<string>();
        while (pending.Count > 0)
        {
            string proj = pending.Pop();
            if (!seen.Add(proj)) continue;
            var d = XDocument.Load(proj);
            string dir = Path.GetDirectoryName(proj)!;
            foreach (var r in Items(d, "Reference").Concat(Items(d, "PackageReference")))
                if (r.Attribute("Include")!.Value.Contains("Bluetooth", StringComparison.OrdinalIgnoreCase))
                    offenders.Add(Path.GetRelativePath(Paths.RepoRoot, proj) + ": " + r.Attribute("Include")!.Value);
            string cfg = Path.Combine(dir, "packages.config");
            if (File.Exists(cfg))
                foreach (var p in Items(XDocument.Load(cfg), "package"))
                    if (p.Attribute("id")!.Value.Contains("Bluetooth", StringComparison.OrdinalIgnoreCase))
                        offenders.Add(Path.GetRelativePath(Paths.RepoRoot, cfg) + ": " + p.Attribute("id")!.Value);
            foreach (var pr in Items(d, "ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(dir, pr.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        Assert.True(seen.Count >= 2, "the walk found the referenced projects");
        Assert.True(offenders.Count == 0, "NFUnitTest would load Bluetooth: " + string.Join("; ", offenders));
    }
}
