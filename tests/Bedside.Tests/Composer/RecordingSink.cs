using Xunit;
using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using ComposerEngine = Bedside.Core.Composer.MusicComposer;

namespace Bedside.Tests.Composer;

public enum SinkCall : byte { NoteOn, Drone, Noise, Brightness, Level }

/// <summary>One IVoiceSink call with the time (ms) of the tick that made it.</summary>
public readonly record struct SinkEvent(long TMs, SinkCall Call, Timbre Timbre, int Slot, int FreqHzQ16, int GainQ15, int A, int B, int C)
{
    public bool IsNote => Call == SinkCall.NoteOn;
}

/// <summary>Host-side fake engine: stores every call with the current time.</summary>
public sealed class RecordingSink : IVoiceSink
{
    public long NowMs;
    public readonly List<SinkEvent> Events = new();
    public bool Record = true;
    public int NoteOnCount;

    public bool NoteOn(Timbre timbre, int freqHzQ16, int gainQ15, int attackMs, int holdMs, int releaseMs)
    {
        NoteOnCount++;
        if (Record) Events.Add(new SinkEvent(NowMs, SinkCall.NoteOn, timbre, -1, freqHzQ16, gainQ15, attackMs, holdMs, releaseMs));
        return true;
    }
    public void SetDrone(int slot, Timbre timbre, int freqHzQ16, int gainQ15, int rampMs)
    { if (Record) Events.Add(new SinkEvent(NowMs, SinkCall.Drone, timbre, slot, freqHzQ16, gainQ15, rampMs, 0, 0)); }
    public void SetNoiseBed(NoiseColor color, int gainQ15, int rampMs)
    { if (Record) Events.Add(new SinkEvent(NowMs, SinkCall.Noise, 0, (int)color, 0, gainQ15, rampMs, 0, 0)); }
    public int NoiseTiltQ15 = -1;
    public void SetNoiseTilt(int darkQ15) { NoiseTiltQ15 = darkQ15; }
    public void SetBrightness(int brightnessQ15, int rampMs)
    { if (Record) Events.Add(new SinkEvent(NowMs, SinkCall.Brightness, 0, -1, 0, brightnessQ15, rampMs, 0, 0)); }
    public void SetMasterLevel(int levelCentiDb, int rampMs)
    { if (Record) Events.Add(new SinkEvent(NowMs, SinkCall.Level, 0, -1, 0, levelCentiDb, rampMs, 0, 0)); }
}

/// <summary>Drives a composer at a fixed tick for a span of time (event level only, no audio).</summary>
public static class Render
{
    public static (ComposerEngine c, RecordingSink sink) Run(ProgramKind program, uint seed, long durationMs,
        MusicControls controls, Preset preset = null, int tickMs = Bedside.Core.Runtime.Rates.ControlPeriodMs, int sleepTimerMin = 0,
        Action<long, MusicControls> steer = null)
    {
        var sink = new RecordingSink();
        var c = new ComposerEngine();
        if (preset != null) Assert.Null(c.SetPreset(preset));
        c.SetSleepTimerMinutes(sleepTimerMin);
        c.SetProgram(program);
        c.Init(seed, sink);
        for (long t = 0; t <= durationMs; t += tickMs)
        {
            steer?.Invoke(t, controls);
            sink.NowMs = t;
            c.Tick(t, controls);
        }
        return (c, sink);
    }

    /// <summary>Frequency (Hz Q16) → absolute degree for a mood and key, over the whole tuning range.</summary>
    public static Dictionary<int, int> DegreeOfFreq(Mood mood, int key)
    {
        var map = new Dictionary<int, int>();
        for (int d = Tuning.MinDegree; d <= Tuning.MaxDegree; d++)
        {
            int f = Tuning.FreqHzQ16(mood, key, d);
            if (f != 0) map[f] = d;
        }
        return map;
    }
}
