using System.Globalization;

namespace Bedside.Host.Physio;

/// <summary>A bad physio file: the message is one line, naming the file, the line and the problem.</summary>
public sealed class PhysioFormatException : Exception
{
    public PhysioFormatException(string message) : base(message) { }
}

/// <summary>One recording in the ../shared/data/physio layout: t_s plus optional ppg and eda_uS columns.</summary>
public sealed class PhysioRecording
{
    public string Name = "";
    public double[] TimeS = Array.Empty<double>();
    /// <summary>Null when the file has no ppg column.</summary>
    public double[] Ppg;
    /// <summary>Null when the file has no eda_uS column.</summary>
    public double[] EdaMicroSiemens;
}

/// <summary>
/// Reader for the physio CSV layout. Every problem is a <see cref="PhysioFormatException"/> with a one-line message
/// naming the file and the line. Time must increase, by at most <see cref="MaxGapS"/> from one row to the next,
/// and the whole recording may span at most <see cref="MaxSpanS"/>: no sensor recording has a longer gap or
/// span, so anything beyond is a broken clock or a typo (a jump of 1e7 s would otherwise make a replay write
/// gigabytes of rows).
/// </summary>
public static class PhysioCsv
{
    /// <summary>Largest step between two rows, s (the slowest channel, EDA at 4 Hz, steps 0.25 s).</summary>
    public const double MaxGapS = 10;
    /// <summary>Largest span of a recording, s (24 h; the unit's longest session is 12 h).</summary>
    public const double MaxSpanS = 24 * 3600;

    public static PhysioRecording Read(string path)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new PhysioFormatException($"{name}: file not found");
        using var reader = new StreamReader(path);
        return Read(reader, name);
    }

    public static PhysioRecording Read(TextReader reader, string name)
    {
        string header = reader.ReadLine();
        while (header != null && header.Trim().Length == 0) header = reader.ReadLine();
        if (header == null) throw new PhysioFormatException($"{name}: empty file (no header)");
        string[] cols = header.Trim().TrimStart('\uFEFF').Split(',');
        int it = -1, ip = -1, ie = -1;
        for (int c = 0; c < cols.Length; c++)
        {
            string h = cols[c].Trim();
            if (h == "t_s") it = c; else if (h == "ppg") ip = c; else if (h == "eda_uS") ie = c;
        }
        if (it < 0) throw new PhysioFormatException($"{name}: missing column t_s (header: {Short(header)})");
        if (ip < 0 && ie < 0) throw new PhysioFormatException($"{name}: needs a ppg or eda_uS column (header: {Short(header)})");

        var t = new List<double>(); var p = ip >= 0 ? new List<double>() : null; var e = ie >= 0 ? new List<double>() : null;
        string line; int lineNo = 1;
        double prev = double.NegativeInfinity;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            string[] f = line.Split(',');
            if (f.Length != cols.Length)
                throw new PhysioFormatException($"{name}: line {lineNo}: {f.Length} fields, header has {cols.Length}");
            double tv = Num(f, it, "t_s", name, lineNo);
            if (tv <= prev)
                throw new PhysioFormatException($"{name}: line {lineNo}: time goes backwards or repeats (t_s {tv.ToString(CultureInfo.InvariantCulture)} after {prev.ToString(CultureInfo.InvariantCulture)})");
            if (t.Count > 0 && tv - prev > MaxGapS)
                throw new PhysioFormatException($"{name}: line {lineNo}: time jumps by {(tv - prev).ToString("0.###", CultureInfo.InvariantCulture)} s (t_s {tv.ToString(CultureInfo.InvariantCulture)} after {prev.ToString(CultureInfo.InvariantCulture)}); gaps over {MaxGapS.ToString(CultureInfo.InvariantCulture)} s are refused");
            if (t.Count > 0 && tv - t[0] > MaxSpanS)
                throw new PhysioFormatException($"{name}: line {lineNo}: recording spans more than {MaxSpanS / 3600} h (t_s {tv.ToString(CultureInfo.InvariantCulture)}, first {t[0].ToString(CultureInfo.InvariantCulture)})");
            prev = tv;
            t.Add(tv);
            if (p != null) p.Add(Num(f, ip, "ppg", name, lineNo));
            if (e != null) e.Add(Num(f, ie, "eda_uS", name, lineNo));
        }
        if (t.Count < 2) throw new PhysioFormatException($"{name}: no data rows (need at least 2)");
        return new PhysioRecording { Name = name, TimeS = t.ToArray(), Ppg = p?.ToArray(), EdaMicroSiemens = e?.ToArray() };
    }

    private static double Num(string[] f, int c, string col, string name, int lineNo)
    {
        string s = f[c].Trim();
        if (s.Length == 0) throw new PhysioFormatException($"{name}: line {lineNo}: empty value in column {col}");
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            throw new PhysioFormatException($"{name}: line {lineNo}: column {col} is not a number ('{Short(s)}')");
        if (double.IsNaN(v) || double.IsInfinity(v))
            throw new PhysioFormatException($"{name}: line {lineNo}: column {col} is {s} (NaN or infinite)");
        return v;
    }

    private static string Short(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";
}
