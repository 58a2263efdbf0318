using System.Globalization;

namespace Bedside.Trainer;

/// <summary>One corpus melody reduced to what the model learns: absolute scale degrees and duration classes.</summary>
public sealed class Tune
{
    public required string File { get; init; }
    public required string Title { get; init; }
    public required string Origin { get; init; }
    public required string Note { get; init; }
    /// <summary>Absolute diatonic degree relative to the tonic (0 = tonic of octave 4), clamped to Model.MinDegree..MaxDegree.</summary>
    public required int[] Degrees { get; init; }
    /// <summary>Inter-onset interval of each note as a duration class (see Model.DurSixteenths).</summary>
    public required int[] DurClasses { get; init; }
}

/// <summary>
/// Parser for the ABC subset the corpus uses: header fields X T O N M L K (K: tonic with optional #/b and
/// mode suffix m/min/maj/dor/mix/aeo/ion), notes A-G a-g with ^ _ = accidentals (bar-scoped) and ' , octave
/// marks, lengths n, n/m, /m, /, rests z (added to the previous note's inter-onset interval), ties -
/// (merge into the previous note of the same pitch), bar lines | : [ ]. Anything else is an error that
/// names the file, line and character.
/// </summary>
public static class AbcParser
{
    static readonly int[] Ionian = { 0, 2, 4, 5, 7, 9, 11 };
    static readonly int[] Dorian = { 0, 2, 3, 5, 7, 9, 10 };
    static readonly int[] Mixolydian = { 0, 2, 4, 5, 7, 9, 10 };
    static readonly int[] Aeolian = { 0, 2, 3, 5, 7, 8, 10 };
    static readonly int[] LetterPc = { 9, 11, 0, 2, 4, 5, 7 }; // A B C D E F G

    public static Tune Parse(string path) => Parse(Path.GetFileName(path), File.ReadAllText(path));

    public static Tune Parse(string fileName, string text)
    {
        string title = "", origin = "", note = "", meter = "";
        double unitWhole = 1.0 / 8;
        int[]? mode = null; int tonicPc = 0; int tonicLetter = 0;
        var body = new List<(string line, int lineNo)>();
        string[] lines = text.Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i];
            int pct = l.IndexOf('%'); if (pct >= 0) l = l.Substring(0, pct);
            l = l.TrimEnd();
            if (l.Length == 0) continue;
            if (l.Length >= 2 && l[1] == ':' && char.IsLetter(l[0]) && mode == null)
            {
                string v = l.Substring(2).Trim();
                switch (l[0])
                {
                    case 'T': title = title.Length == 0 ? v : title; break;
                    case 'O': origin = v; break;
                    case 'N': note = note.Length == 0 ? v : note + " " + v; break;
                    case 'M': meter = v; break;
                    case 'L': unitWhole = ParseFraction(v, fileName, i + 1); break;
                    case 'K': (tonicLetter, tonicPc, mode) = ParseKey(v, fileName, i + 1); break;
                    case 'X': case 'C': case 'R': case 'S': case 'Z': break;
                    default: throw Err(fileName, i + 1, 1, "unsupported header field " + l[0]);
                }
                continue;
            }
            if (mode == null) throw Err(fileName, i + 1, 1, "music before the K: field");
            body.Add((l, i + 1));
        }
        if (mode == null) throw new FormatException(fileName + ": missing K: field");
        if (title.Length == 0) throw new FormatException(fileName + ": missing T: (title)");
        if (origin.Length == 0) throw new FormatException(fileName + ": missing O: (origin)");
        if (!note.Contains("public domain", StringComparison.OrdinalIgnoreCase))
            throw new FormatException(fileName + ": N: must state the public-domain status");
        _ = meter;

        // key signature accidental per letter (A..G index): scale degree i is spelled with letter tonicLetter+i
        int[] keyAcc = new int[7];
        for (int i = 0; i < 7; i++)
        {
            int letter = (tonicLetter + i) % 7;
            int pc = (tonicPc + mode[i]) % 12;
            int acc = pc - LetterPc[letter];
            while (acc > 6) acc -= 12;
            while (acc < -6) acc += 12;
            keyAcc[letter] = acc;
        }

        var degrees = new List<int>();
        var durs = new List<double>(); // in sixteenths
        var midis = new List<int>();
        var barAcc = new Dictionary<(int, int), int>();
        bool tiePending = false;
        int tonicMidi = 60 + tonicPc;
        foreach (var (line, lineNo) in body)
        {
            int p = 0;
            while (p < line.Length)
            {
                char c = line[p];
                if (c == ' ' || c == '\t' || c == '(' || c == ')') { p++; continue; }
                if (c == '|' || c == ':' || c == '[' || c == ']') { barAcc.Clear(); p++; continue; }
                if (c == '-') { if (midis.Count == 0) throw Err(fileName, lineNo, p + 1, "tie with no note before it"); tiePending = true; p++; continue; }
                int start = p;
                int accidental = int.MinValue;
                while (p < line.Length && (line[p] == '^' || line[p] == '_' || line[p] == '='))
                {
                    if (accidental == int.MinValue) accidental = 0;
                    accidental += line[p] == '^' ? 1 : line[p] == '_' ? -1 : 0;
                    p++;
                }
                if (p >= line.Length) throw Err(fileName, lineNo, start + 1, "accidental without a note");
                c = line[p];
                bool rest = c == 'z';
                int letterIdx = "ABCDEFG".IndexOf(char.ToUpperInvariant(c));
                if (!rest && letterIdx < 0) throw Err(fileName, lineNo, p + 1, "unexpected character '" + c + "'");
                int octave = char.IsLower(c) ? 5 : 4;
                p++;
                while (p < line.Length && (line[p] == '\'' || line[p] == ','))
                {
                    octave += line[p] == '\'' ? 1 : -1; p++;
                }
                // length
                int num = 1, den = 1;
                int q = p;
                while (p < line.Length && char.IsDigit(line[p])) p++;
                if (p > q) num = int.Parse(line.AsSpan(q, p - q), CultureInfo.InvariantCulture);
                if (p < line.Length && line[p] == '/')
                {
                    p++;
                    int r = p;
                    while (p < line.Length && char.IsDigit(line[p])) p++;
                    den = p > r ? int.Parse(line.AsSpan(r, p - r), CultureInfo.InvariantCulture) : 2;
                }
                if (num <= 0 || den <= 0) throw Err(fileName, lineNo, start + 1, "bad note length");
                double six = unitWhole * 16.0 * num / den;
                if (rest)
                {
                    if (accidental != int.MinValue) throw Err(fileName, lineNo, start + 1, "accidental on a rest");
                    if (durs.Count > 0) durs[^1] += six; // a rest lengthens the previous note's inter-onset interval
                    tiePending = false;
                    continue;
                }
                var keyPos = (letterIdx, octave);
                int acc;
                if (accidental != int.MinValue) { acc = accidental; barAcc[keyPos] = acc; }
                else if (!barAcc.TryGetValue(keyPos, out acc)) acc = keyAcc[letterIdx];
                int midi = 12 * (octave + 1) + LetterPc[letterIdx] + acc;
                if (tiePending)
                {
                    if (midis[^1] != midi) throw Err(fileName, lineNo, start + 1, "tie between different pitches");
                    durs[^1] += six; tiePending = false; continue;
                }
                midis.Add(midi);
                durs.Add(six);
                degrees.Add(DegreeOf(midi - tonicMidi, mode));
            }
        }
        if (degrees.Count < 8) throw new FormatException(fileName + ": fewer than 8 notes");
        var dc = new int[durs.Count];
        for (int i = 0; i < dc.Length; i++) dc[i] = Model.DurClassOf(durs[i]);
        return new Tune { File = fileName, Title = title, Origin = origin, Note = note, Degrees = degrees.ToArray(), DurClasses = dc };
    }

    /// <summary>Semitones above the tonic → absolute degree; chromatic notes snap down to the scale degree below.</summary>
    static int DegreeOf(int rel, int[] mode)
    {
        int oct = (int)Math.Floor(rel / 12.0);
        int pc = rel - 12 * oct;
        int idx = 0;
        for (int i = 0; i < 7; i++) if (mode[i] <= pc) idx = i;
        int d = oct * 7 + idx;
        return Math.Clamp(d, Model.MinDegree, Model.MaxDegree);
    }

    static double ParseFraction(string v, string file, int line)
    {
        string[] parts = v.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int n) || !int.TryParse(parts[1], out int d) || n <= 0 || d <= 0)
            throw Err(file, line, 3, "L: must be a fraction like 1/8");
        return (double)n / d;
    }

    static (int letter, int pc, int[] mode) ParseKey(string v, string file, int line)
    {
        v = v.Trim();
        if (v.Length == 0) throw Err(file, line, 3, "empty K:");
        int letter = "ABCDEFG".IndexOf(char.ToUpperInvariant(v[0]));
        if (letter < 0) throw Err(file, line, 3, "K: must start with a note letter");
        int pc = LetterPc[letter];
        int k = 1;
        if (k < v.Length && v[k] == '#') { pc++; k++; }
        else if (k < v.Length && v[k] == 'b') { pc--; k++; }
        pc = (pc + 12) % 12;
        string m = v.Substring(k).Trim().ToLowerInvariant();
        int[] mode = m switch
        {
            "" or "maj" or "major" or "ion" => Ionian,
            "m" or "min" or "minor" or "aeo" => Aeolian,
            "dor" => Dorian,
            "mix" => Mixolydian,
            _ => throw Err(file, line, 3, "unsupported mode '" + m + "'"),
        };
        return (letter, pc, mode);
    }

    static FormatException Err(string file, int line, int col, string msg) =>
        new FormatException($"{file}:{line}:{col}: {msg}");
}
