namespace Bedside.Sim.Scenarios;

/// <summary>The built-in listener scenarios (command-line names in <see cref="ScenarioNames"/>).</summary>
public enum ScenarioKind
{
    FallingAsleep,
    Restless,
    PainEpisode,
    SensorDetach,
    NoSensors,
}

public static class ScenarioNames
{
    public static readonly string[] All = { "falling-asleep", "restless", "pain-episode", "sensor-detach", "no-sensors" };

    public static string Name(ScenarioKind k) => All[(int)k];

    public static bool TryParse(string text, out ScenarioKind kind)
    {
        for (int i = 0; i < All.Length; i++)
            if (string.Equals(All[i], text?.Trim(), StringComparison.OrdinalIgnoreCase)) { kind = (ScenarioKind)i; return true; }
        kind = ScenarioKind.FallingAsleep;
        return false;
    }
}
