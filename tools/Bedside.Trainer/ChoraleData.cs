using System.Text.Json;

namespace Bedside.Trainer;

/// <summary>One chorale of the JSB split reduced to what the models learn.</summary>
public sealed class Chorale
{
    public required string Split { get; init; }
    public required int Index { get; init; }
    /// <summary>Estimated tonic pitch class (0 = C) and mode (true = major).</summary>
    public required int TonicPc { get; init; }
    public required bool Major { get; init; }
    /// <summary>Soprano line as melody events: absolute degree relative to the tonic of octave 4 and duration class.</summary>
    public required int[] Degrees { get; init; }
    public required int[] DurClasses { get; init; }
    /// <summary>One harmony symbol per quarter-note frame: chord root degree (0..6) over the key, and the bass degree (0..6).</summary>
    public required int[] ChordRoots { get; init; }
    public required int[] BassDegrees { get; init; }
}

/// <summary>
/// Reads <c>Jsb16thSeparated.json</c> (16th-note steps, [soprano, alto, tenor, bass] MIDI numbers, −1 = silent) and
/// reduces each chorale to:
/// - its key: Krumhansl–Kessler key profiles correlated with the duration-weighted pitch-class histogram of all voices;
///   major → Ionian, minor → Aeolian (the raised 6th and 7th snap down to the scale degree, as in the ABC parser);
/// - the soprano as melody events, transposed to the common tonic: consecutive equal 16th steps merge into one note
///   (the data does not distinguish held from repeated notes), silent steps lengthen the previous note;
/// - harmony at quarter-note steps (every 4th 16th step): the chord root is the diatonic triad (root, third, fifth over
///   the key) holding most of the sounding voices, ties broken towards the bass note being the root, then the lower
///   root; and the bass voice's degree in the octave. Frames where all voices are silent are skipped.
/// </summary>
public static class ChoraleData
{
    static readonly int[] Ionian = { 0, 2, 4, 5, 7, 9, 11 };
    static readonly int[] Aeolian = { 0, 2, 3, 5, 7, 8, 10 };
    static readonly double[] MajorProfile = { 6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88 };
    static readonly double[] MinorProfile = { 6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17 };

    public const int HarmonySymbols = 49; // root * 7 + bass degree

    public static string DefaultPath(string repoRoot) =>
        Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", "music", "jsb-chorales", "Jsb16thSeparated.json"));

    /// <summary>All chorales of the file, splits in the order train, valid, test. Throws FormatException on a malformed file.</summary>
    public static List<Chorale> Load(string path)
    {
        if (!File.Exists(path)) throw new IOException("chorale data not found: " + path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new FormatException(path + ": not valid JSON (" + e.Message + ")"); }
        var all = new List<Chorale>();
        using (doc)
        {
            foreach (string split in new[] { "train", "valid", "test" })
            {
                if (!doc.RootElement.TryGetProperty(split, out var arr) || arr.ValueKind != JsonValueKind.Array)
                    throw new FormatException(path + ": missing split \"" + split + "\"");
                int idx = 0;
                foreach (var ch in arr.EnumerateArray())
                {
                    var steps = new List<int[]>();
                    foreach (var st in ch.EnumerateArray())
                    {
                        var v = new int[4];
                        int k = 0;
                        foreach (var n in st.EnumerateArray())
                        {
                            if (k >= 4 || !n.TryGetInt32(out int m) || m < -1 || m > 127)
                                throw new FormatException($"{path}: {split}[{idx}] step {steps.Count}: expected 4 MIDI numbers or -1");
                            v[k++] = m;
                        }
                        if (k != 4) throw new FormatException($"{path}: {split}[{idx}] step {steps.Count}: expected 4 voices");
                        steps.Add(v);
                    }
                    var c = Reduce(split, idx, steps);
                    if (c != null) all.Add(c);
                    idx++;
                }
            }
        }
        return all;
    }

    static Chorale? Reduce(string split, int index, List<int[]> steps)
    {
        var hist = new double[12];
        foreach (var s in steps) foreach (int m in s) if (m >= 0) hist[m % 12] += 1;
        int bestPc = 0; bool bestMajor = true; double best = double.NegativeInfinity;
        for (int pc = 0; pc < 12; pc++)
            for (int mj = 0; mj < 2; mj++)
            {
                double[] prof = mj == 0 ? MajorProfile : MinorProfile;
                double r = Correlation(hist, prof, pc);
                if (r > best + 1e-12) { best = r; bestPc = pc; bestMajor = mj == 0; }
            }
        int[] mode = bestMajor ? Ionian : Aeolian;
        int tonicMidi = 60 + bestPc;

        // Soprano notes.
        var degs = new List<int>(); var durs = new List<int>();
        int prev = -2;
        foreach (var s in steps)
        {
            int m = s[0];
            if (m < 0) { if (durs.Count > 0) durs[^1]++; prev = -1; continue; }
            if (m == prev) { durs[^1]++; continue; }
            degs.Add(DegreeOf(m - tonicMidi, mode)); durs.Add(1); prev = m;
        }
        if (degs.Count < 8) return null;
        var dc = durs.Select(d => Model.DurClassOf(d)).ToArray();

        // Harmony frames.
        var roots = new List<int>(); var basses = new List<int>();
        for (int i = 0; i < steps.Count; i += 4)
        {
            var s = steps[i];
            var inOct = new List<int>();
            foreach (int m in s) if (m >= 0) inOct.Add(Mod7(RawDegree(m - tonicMidi, mode)));
            if (inOct.Count == 0) continue;
            int bassDeg = s[3] >= 0 ? Mod7(RawDegree(s[3] - tonicMidi, mode)) : inOct[^1];
            int bestRoot = 0, bestScore = -1;
            for (int r = 0; r < 7; r++)
            {
                int score = 0;
                foreach (int d in inOct) if (d == r || d == (r + 2) % 7 || d == (r + 4) % 7) score += 2;
                if (bassDeg == r) score += 1;
                if (score > bestScore) { bestScore = score; bestRoot = r; }
            }
            roots.Add(bestRoot); basses.Add(bassDeg);
        }
        return new Chorale
        {
            Split = split, Index = index, TonicPc = bestPc, Major = bestMajor,
            Degrees = degs.ToArray(), DurClasses = dc, ChordRoots = roots.ToArray(), BassDegrees = basses.ToArray(),
        };
    }

    static int Mod7(int d) => ((d % 7) + 7) % 7;

    static double Correlation(double[] hist, double[] prof, int shift)
    {
        double mh = hist.Average(), mp = prof.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < 12; i++)
        {
            double x = hist[(i + shift) % 12] - mh, y = prof[i] - mp;
            sxy += x * y; sxx += x * x; syy += y * y;
        }
        return sxx == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Semitones above the tonic → absolute degree (chromatic notes snap down), clamped to the model range.</summary>
    public static int DegreeOf(int rel, int[] mode) => Math.Clamp(RawDegree(rel, mode), Model.MinDegree, Model.MaxDegree);

    static int RawDegree(int rel, int[] mode)
    {
        int oct = (int)Math.Floor(rel / 12.0);
        int pc = rel - 12 * oct;
        int idx = 0;
        for (int i = 0; i < 7; i++) if (mode[i] <= pc) idx = i;
        return oct * 7 + idx;
    }
}
