namespace Bedside.Sim.Scenarios;

/// <summary>Where a scenario delivers raw sensor readings (the core's sensing input, or a test recorder).</summary>
public interface ISensorSink
{
    /// <summary>One PPG reading, 12-bit ADC counts, taken at tUs.</summary>
    void PushPulse(int rawCounts, long tUs);
    /// <summary>One GSR reading, 12-bit ADC counts, taken at tUs.</summary>
    void PushEda(int rawCounts, long tUs);
}
