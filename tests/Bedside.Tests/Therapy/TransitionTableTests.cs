using System.Text;
using Bedside.Core.Therapy;
using Bedside.Sim.Scenarios;
using Bedside.Tests.Loop;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Therapy;

/// <summary>
/// The transition table (TherapyTransitions) is the state machine's one source: the therapy README's table is the
/// table's own text, and every transition any trace shows (closed-loop sessions, random button/sensor/time runs) is a
/// row of it.
/// </summary>
public class TransitionTableTests
{
    private readonly ITestOutputHelper _out;
    public TransitionTableTests(ITestOutputHelper o) { _out = o; }

    private const string Begin = "<!-- transitions: generated from TherapyTransitions, checked by TransitionTableTests -->";
    private const string End = "<!-- transitions end -->";

    /// <summary>The README's text of the table: rows that differ only in their source state share a line.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("| from | event | guard | to | action |\n| --- | --- | --- | --- | --- |\n");
        int n = TherapyTransitions.Count;
        for (int i = 0; i < n;)
        {
            var from = new List<string> { TherapyTransitions.From(i).ToString() };
            int j = i + 1;
            while (j < n && TherapyTransitions.Event(j) == TherapyTransitions.Event(i) && TherapyTransitions.Guard(j) == TherapyTransitions.Guard(i)
                   && TherapyTransitions.To(j) == TherapyTransitions.To(i) && TherapyTransitions.Action(j) == TherapyTransitions.Action(i))
                from.Add(TherapyTransitions.From(j++).ToString());
            var g = TherapyTransitions.Guard(i);
            var a = TherapyTransitions.Action(i);
            sb.Append($"| {string.Join(", ", from)} | {TherapyTransitions.Event(i)} | {(g == TransitionGuard.Always ? "" : g.ToString())} | " +
                      $"{TherapyTransitions.To(i)} | {(a == TransitionAction.None ? "" : a.ToString())} |\n");
            i = j;
        }
        var entry = new List<string>();
        var exit = new List<string>();
        foreach (TherapyState s in Enum.GetValues<TherapyState>())
        {
            if (TherapyTransitions.Entry(s) != StateAction.None) entry.Add($"{s} {TherapyTransitions.Entry(s)}");
            if (TherapyTransitions.Exit(s) != StateAction.None) exit.Add($"{s} {TherapyTransitions.Exit(s)}");
        }
        sb.Append($"\nEntry actions: {string.Join(" · ", entry)}. Exit actions: {string.Join(" · ", exit)}.\n");
        return sb.ToString();
    }

    [Fact]
    public void Readme_table_is_the_transition_table()
    {
        string readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "firmware", "Bedside.Core", "Therapy", "README.md")).Replace("\r\n", "\n");
        int b = readme.IndexOf(Begin, StringComparison.Ordinal), e = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(b >= 0 && e > b, "README has no generated transition table");
        string inReadme = readme.Substring(b + Begin.Length, e - b - Begin.Length).Trim('\n');
        string expected = Markdown().Trim('\n');
        if (inReadme != expected) _out.WriteLine(expected);
        Assert.Equal(expected, inReadme);
    }

    [Fact]
    public void Table_rows_are_distinct_and_name_known_states_and_events()
    {
        int n = TherapyTransitions.Count;
        Assert.Equal(Enum.GetValues<TherapyState>().Length, TherapyTransitions.StateCount);
        var seen = new HashSet<(TherapyState, TransitionReason, TransitionGuard)>();
        for (int i = 0; i < n; i++)
        {
            Assert.True(Enum.IsDefined(TherapyTransitions.From(i)) && Enum.IsDefined(TherapyTransitions.To(i)), $"row {i}");
            Assert.True(Enum.IsDefined(TherapyTransitions.Event(i)) && Enum.IsDefined(TherapyTransitions.Guard(i)), $"row {i}");
            Assert.True(seen.Add((TherapyTransitions.From(i), TherapyTransitions.Event(i), TherapyTransitions.Guard(i))), $"row {i} repeats an earlier row");
        }
        // every state but Standby can be left to FadeOut by a stop (no state traps a session)
        foreach (TherapyState s in Enum.GetValues<TherapyState>())
            if (s != TherapyState.Standby) Assert.True(TherapyTransitions.Contains(s, TransitionReason.ButtonStop, TherapyState.FadeOut), s.ToString());
    }

    /// <summary>Checks each "t,State,Reason" line against the state before it (the first line is the boot entry).</summary>
    internal static void AssertTraceInTable(IReadOnlyList<string> lines, string what)
    {
        Assert.True(lines.Count > 0, what + ": empty trace");
        var first = lines[0].Split(',');
        Assert.True(first[1] == "Standby" && first[2] == "Boot", $"{what}: trace starts with {lines[0]}");
        var from = TherapyState.Standby;
        for (int i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            var to = Enum.Parse<TherapyState>(f[1]);
            var ev = Enum.Parse<TransitionReason>(f[2]);
            Assert.True(TherapyTransitions.Contains(from, ev, to), $"{what}: {from} --{ev}--> {to} at {f[0]} ms is not in the table");
            from = to;
        }
    }

    [Fact]
    public void Every_closed_loop_transition_is_a_table_row()
    {
        var used = new HashSet<string>();
        foreach (ScenarioKind kind in Enum.GetValues<ScenarioKind>())
            for (uint seed = 1; seed <= 5; seed++)
            {
                var r = LoopHarness.Get(kind, seed);
                AssertTraceInTable(r.Trace, $"{ScenarioNames.Name(kind)} seed {seed}");
                for (int i = 1; i < r.Trace.Count; i++) used.Add(r.Trace[i - 1].Split(',')[1] + "->" + r.Trace[i].Split(',')[1] + " " + r.Trace[i].Split(',')[2]);
            }
        _out.WriteLine($"{used.Count} distinct transitions in 25 closed-loop sessions: {string.Join("; ", used.OrderBy(x => x))}");
    }
}
