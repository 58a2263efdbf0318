using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Sim.Scenarios;

namespace Bedside.Sim.Session;

/// <summary>A validated `session` request.</summary>
public sealed class SessionOptions
{
    public const int MaxMinutes = 1440;
    public static readonly int[] Rates = { 11025, 16000, 22050 };
    public static readonly string[] ProgramNames = { "sleep", "calm", "pain", "noise" };

    public ProgramKind Program = ProgramKind.Sleep;
    public int Minutes = 20;
    public ScenarioKind Scenario = ScenarioKind.FallingAsleep;
    public uint Seed = 1;
    public int RateHz = 16000;
    public Preset Preset = new Preset();
    public ButtonScript Buttons = new ButtonScript();
    public string OutDir = "out";

    public static string ProgramName(ProgramKind p) => ProgramNames[(int)p];

    public static bool TryParseProgram(string text, out ProgramKind program)
    {
        for (int i = 0; i < ProgramNames.Length; i++)
            if (string.Equals(ProgramNames[i], text?.Trim(), StringComparison.OrdinalIgnoreCase)) { program = (ProgramKind)i; return true; }
        program = ProgramKind.Sleep;
        return false;
    }
}
