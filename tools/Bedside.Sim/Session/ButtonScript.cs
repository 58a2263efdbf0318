using System.Globalization;

namespace Bedside.Sim.Session;

/// <summary>
/// Scripted button edges. File format (UTF-8 text, one event per line, '#' starts a comment, blank lines ignored):
///   t_s,pressed        the button goes down at t_s seconds
///   t_s,released       the button comes up at t_s seconds
///   t_s,tap            pressed at t_s, released 150 ms later
///   t_s,hold,MS        pressed at t_s, released MS milliseconds later (20..600000)
/// Times are seconds from session start (decimals allowed, '.' separator), non-decreasing, within the session.
/// Edges are passed to the core unfiltered (the core debounces), so bounce can be scripted too.
/// </summary>
public sealed class ButtonScript
{
    public const int TapMs = 150;
    private readonly List<long> _tMs = new List<long>();
    private readonly List<bool> _pressed = new List<bool>();

    public int Count => _tMs.Count;
    public long TimeMs(int i) => _tMs[i];
    public bool Pressed(int i) => _pressed[i];

    /// <summary>Parses a script; returns null or a one-line reason naming the line.</summary>
    public static string TryParse(string text, double sessionS, out ButtonScript script)
    {
        script = new ButtonScript();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        double lastS = 0;
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line.Substring(0, hash);
            line = line.Trim();
            if (line.Length == 0) continue;
            if (n == 0 && line.StartsWith("t_s", StringComparison.OrdinalIgnoreCase)) continue; // optional header
            string at = "line " + (n + 1) + ": ";
            var f = line.Split(',');
            for (int i = 0; i < f.Length; i++) f[i] = f[i].Trim();
            if (f.Length < 2) return at + "expected 't_s,pressed|released|tap|hold,MS'";
            if (!double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double tS) || !double.IsFinite(tS) || tS < 0)
                return at + "time '" + f[0] + "' is not a non-negative number of seconds";
            if (tS > sessionS) return at + "time " + f[0] + " s is after the end of the session (" + sessionS.ToString(CultureInfo.InvariantCulture) + " s)";
            if (tS < lastS) return at + "time goes backwards";
            lastS = tS;
            long tMs = (long)Math.Round(tS * 1000);
            string what = f[1].ToLowerInvariant();
            if (what == "pressed" || what == "released")
            {
                if (f.Length != 2) return at + "too many fields";
                script.Add(tMs, what == "pressed");
            }
            else if (what == "tap")
            {
                if (f.Length != 2) return at + "too many fields";
                script.Add(tMs, true); script.Add(tMs + TapMs, false);
            }
            else if (what == "hold")
            {
                if (f.Length != 3 || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int ms) || ms < 20 || ms > 600_000)
                    return at + "hold needs a duration in ms (20..600000): 't_s,hold,MS'";
                script.Add(tMs, true); script.Add(tMs + ms, false);
            }
            else return at + "unknown event '" + f[1] + "' (expected pressed, released, tap or hold)";
        }
        script.SortStable();
        return null;
    }

    /// <summary>Reads and parses a file; returns null or a one-line reason.</summary>
    public static string TryLoad(string path, double sessionS, out ButtonScript script)
    {
        script = null;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) { return "cannot read buttons file '" + path + "': " + OneLine(e.Message); }
        string why = TryParse(text, sessionS, out script);
        return why == null ? null : "buttons file '" + path + "' " + why;
    }

    private void Add(long tMs, bool pressed) { _tMs.Add(tMs); _pressed.Add(pressed); }

    private void SortStable()
    {
        // Taps/holds can end after later events start; order by time, keeping file order for equal times.
        var idx = Enumerable.Range(0, _tMs.Count).OrderBy(i => _tMs[i]).ThenBy(i => i).ToArray();
        var t = idx.Select(i => _tMs[i]).ToList();
        var p = idx.Select(i => _pressed[i]).ToList();
        _tMs.Clear(); _tMs.AddRange(t);
        _pressed.Clear(); _pressed.AddRange(p);
    }

    internal static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ').Trim();
}
