using System.Globalization;
using Bedside.Core.Audio;
using Bedside.Core.Composer;

namespace Bedside.Sim.Session;

/// <summary>
/// Therapist preset as a key=value text file ('#' comments, blank lines ignored, keys case-insensitive,
/// each key at most once; missing keys keep the defaults of <see cref="Preset"/>):
///   mood = warm | neutral | luminous
///   key = C | C# | Db | D | ... | B   (or 0..11 semitones above C)
///   tempo_min_bpm = 48        (40..120, decimals allowed, two places kept)
///   tempo_max_bpm = 80        (40..120, ≥ tempo_min_bpm)
///   instruments = pad, pluck, bell, flute, bass   (at least one)
///   noise = off | pink | brown | ocean
///   noise_level_percent = 35  (0..100)
/// The result must pass Preset.Validate().
/// </summary>
public static class PresetFile
{
    private static readonly string[] KeyNames = { "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" };
    private static readonly string[] FlatNames = { "C", "DB", "D", "EB", "E", "F", "GB", "G", "AB", "A", "BB", "B" };

    public static string TryParse(string text, out Preset preset)
    {
        preset = new Preset();
        var seen = new HashSet<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            int hash = line.IndexOf('#');
            // '#' is also a sharp in key names: only a comment when it starts the line or follows whitespace.
            if (hash == 0 || (hash > 0 && char.IsWhiteSpace(line[hash - 1]))) line = line.Substring(0, hash);
            line = line.Trim();
            if (line.Length == 0) continue;
            string at = "line " + (n + 1) + ": ";
            int eq = line.IndexOf('=');
            if (eq <= 0) return at + "expected key = value";
            string key = line.Substring(0, eq).Trim().ToLowerInvariant();
            string val = line.Substring(eq + 1).Trim();
            if (!seen.Add(key)) return at + "'" + key + "' given twice";
            string why = Apply(preset, key, val);
            if (why != null) return at + why;
        }
        string invalid = preset.Validate();
        return invalid == null ? null : "invalid preset: " + invalid;
    }

    public static string TryLoad(string path, out Preset preset)
    {
        preset = null;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) { return "cannot read preset file '" + path + "': " + ButtonScript.OneLine(e.Message); }
        string why = TryParse(text, out preset);
        return why == null ? null : "preset file '" + path + "' " + why;
    }

    private static string Apply(Preset p, string key, string val)
    {
        string low = val.ToLowerInvariant();
        switch (key)
        {
            case "mood":
                if (low == "warm") p.Mood = Mood.Warm;
                else if (low == "neutral") p.Mood = Mood.Neutral;
                else if (low == "luminous") p.Mood = Mood.Luminous;
                else return "mood must be warm, neutral or luminous";
                return null;
            case "key":
                {
                    string up = val.ToUpperInvariant();
                    int k = Array.IndexOf(KeyNames, up);
                    if (k < 0) k = Array.IndexOf(FlatNames, up);
                    if (k < 0 && int.TryParse(val, NumberStyles.Integer, CultureInfo.InvariantCulture, out int semis) && semis >= 0 && semis <= 11) k = semis;
                    if (k < 0) return "key must be a note name C..B (with # or b) or 0..11";
                    p.KeyRootSemitone = (byte)k;
                    return null;
                }
            case "tempo_min_bpm":
            case "tempo_max_bpm":
                {
                    if (!double.TryParse(val, NumberStyles.Float, CultureInfo.InvariantCulture, out double bpm) || !double.IsFinite(bpm) || bpm < 40 || bpm > 120)
                        return key + " must be a number of BPM in 40..120";
                    int centi = (int)Math.Round(bpm * 100);
                    if (key == "tempo_min_bpm") p.TempoMinCentiBpm = centi; else p.TempoMaxCentiBpm = centi;
                    return null;
                }
            case "instruments":
                {
                    byte set = 0;
                    foreach (var raw in val.Split(','))
                    {
                        string name = raw.Trim().ToLowerInvariant();
                        if (name.Length == 0) continue;
                        if (!Enum.TryParse(name, true, out Timbre t) || !Enum.IsDefined(t) || char.IsDigit(name[0]))
                            return "unknown instrument '" + raw.Trim() + "' (pad, pluck, bell, flute, bass)";
                        set |= (byte)(1 << (int)t);
                    }
                    if (set == 0) return "instruments must name at least one of pad, pluck, bell, flute, bass";
                    p.InstrumentSet = set;
                    return null;
                }
            case "noise":
                if (low == "off") p.Noise = NoiseColor.Off;
                else if (low == "pink") p.Noise = NoiseColor.Pink;
                else if (low == "brown") p.Noise = NoiseColor.Brown;
                else if (low == "ocean") p.Noise = NoiseColor.Ocean;
                else return "noise must be off, pink, brown or ocean";
                return null;
            case "noise_level_percent":
                if (!int.TryParse(val, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pct) || pct < 0 || pct > 100)
                    return "noise_level_percent must be an integer 0..100";
                p.NoiseLevelPercent = (byte)pct;
                return null;
            default:
                return "unknown key '" + key + "' (mood, key, tempo_min_bpm, tempo_max_bpm, instruments, noise, noise_level_percent)";
        }
    }
}
