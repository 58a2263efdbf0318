using System.Globalization;

namespace Bedside.Host.Physio;

/// <summary>Reference beats (<c>case.truth.csv</c>: beat_t_s,flag) and masked intervals (<c>case.mask.csv</c>).</summary>
public sealed class BeatTruth
{
    public double[] BeatS = Array.Empty<double>();
    /// <summary>True for a premature beat (flag P): optional when scoring.</summary>
    public bool[] Optional = Array.Empty<bool>();
    public double[] MaskStartS = Array.Empty<double>();
    public double[] MaskEndS = Array.Empty<double>();

    /// <summary>Reads truth and (if present) mask files for a case path like .../icu_mixedsignals.csv.</summary>
    public static BeatTruth ForCase(string caseCsv)
    {
        string stem = Path.Combine(Path.GetDirectoryName(caseCsv) ?? ".", Path.GetFileNameWithoutExtension(caseCsv));
        var bt = new BeatTruth();
        var b = new List<double>(); var o = new List<bool>();
        foreach (var f in Rows(stem + ".truth.csv")) { b.Add(D(f[0])); o.Add(f.Length > 1 && f[1].Trim() == "P"); }
        bt.BeatS = b.ToArray(); bt.Optional = o.ToArray();
        var ms = new List<double>(); var me = new List<double>();
        if (File.Exists(stem + ".mask.csv"))
            foreach (var f in Rows(stem + ".mask.csv")) { ms.Add(D(f[0])); me.Add(D(f[1])); }
        bt.MaskStartS = ms.ToArray(); bt.MaskEndS = me.ToArray();
        return bt;
    }

    public bool Masked(double t)
    {
        for (int i = 0; i < MaskStartS.Length; i++) if (t >= MaskStartS[i] && t <= MaskEndS[i]) return true;
        return false;
    }

    private static IEnumerable<string[]> Rows(string path)
    {
        bool first = true;
        foreach (var line in File.ReadLines(path))
        {
            if (first) { first = false; continue; }
            if (line.Trim().Length == 0) continue;
            yield return line.Split(',');
        }
    }

    private static double D(string s) => double.Parse(s.Trim(), CultureInfo.InvariantCulture);
}
