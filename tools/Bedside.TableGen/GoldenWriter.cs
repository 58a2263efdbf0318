using System.Text.RegularExpressions;
using Bedside.Core.Audio;
using Bedside.Core.Unit;

namespace Bedside.TableGen;

/// <summary>
/// Rewrites the golden constants of firmware/Bedside.Core/Audio/GoldenScores.cs from renders of the current core: the
/// one step after any intended change of the sound (engine, composer, sensing or therapy).
/// </summary>
public static class GoldenWriter
{
    /// <summary>firmware/Bedside.Core/Audio/GoldenScores.cs under the first ancestor of the current directory that has Bedside.sln.</summary>
    public static string DefaultPath()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bedside.sln")))
                return Path.Combine(d.FullName, "firmware", "Bedside.Core", "Audio", "GoldenScores.cs");
        return null;
    }

    /// <summary>Renders every score and the whole-unit run, replaces the ExpectedCrc32 constants in GoldenScores.cs and Unit/GoldenUnit.cs, returns a one-line summary.</summary>
    public static string Rewrite(string path)
    {
        string src = File.ReadAllText(path);
        var e = new AudioEngine();
        var block = new byte[GoldenScores.BlockSamples * 2];
        var crcs = new string[GoldenScores.Count];
        for (int i = 0; i < GoldenScores.Count; i++) crcs[i] = "0x" + GoldenScores.Render(i, e, block).ToString("X8") + "u";
        string list = "{ " + string.Join(", ", crcs) + " }";
        var re = new Regex(@"(ExpectedCrc32\s*=\s*)\{[^}]*\}");
        if (!re.IsMatch(src)) throw new InvalidDataException(path + " has no ExpectedCrc32 initialiser");
        string outp = re.Replace(src, m => m.Groups[1].Value + list, 1);
        // the whole-unit run beside it: firmware/Bedside.Core/Unit/GoldenUnit.cs
        string unitPath = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path)))!, "Unit", "GoldenUnit.cs");
        if (!File.Exists(unitPath)) throw new InvalidDataException(unitPath + " not found (the whole-unit golden run)");
        string unitSrc = File.ReadAllText(unitPath);
        string unitCrc = "0x" + GoldenUnit.Render(GoldenUnit.Create(), new byte[2 * GoldenUnit.BlockSamples]).ToString("X8") + "u";
        var unitRe = new Regex(@"(const uint ExpectedCrc32\s*=\s*)0x[0-9A-Fa-f]+u");
        if (!unitRe.IsMatch(unitSrc)) throw new InvalidDataException(unitPath + " has no ExpectedCrc32 constant");
        File.WriteAllText(path, outp);
        File.WriteAllText(unitPath, unitRe.Replace(unitSrc, m => m.Groups[1].Value + unitCrc, 1));
        return "wrote " + path + ": ExpectedCrc32 = " + list + "; " + unitPath + ": ExpectedCrc32 = " + unitCrc;
    }
}
