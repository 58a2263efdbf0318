using Bedside.Sim.Scenarios;

namespace Bedside.Sim.Session;

/// <summary>
/// One control tick of the simulated bedside, shared by the session command and the closed-loop tests:
/// <see cref="AdvanceListener"/> moves the listener on with the music heard during the previous tick and pushes
/// every sensor reading due; the caller then delivers any button edges due; <see cref="TickAndRender"/> ticks the
/// core and renders the audio covering the tick (sample-exact at the output rate) into <see cref="Block"/>, and
/// remembers what the listener will hear next: the controls' tempo and brightness and the RMS level actually rendered.
/// No allocation per tick.
/// </summary>
public sealed class ClosedLoop
{
    private readonly ISessionCore _core;
    private readonly Scenario _scenario;
    private readonly int _rateHz;
    private long _rendered;
    private double _heardTempo, _heardBright, _heardLevelDb = -120;

    public ClosedLoop(ISessionCore core, Scenario scenario, int rateHz)
    {
        _core = core; _scenario = scenario; _rateHz = rateHz;
        Block = new byte[2 * (rateHz * Bedside.Core.Runtime.Rates.ControlPeriodMs / 1000 + 2)];
    }

    /// <summary>The PCM of the last tick (BlockSamples 16-bit LE samples).</summary>
    public byte[] Block { get; }
    public int BlockSamples { get; private set; }
    /// <summary>Sum of squared samples and largest |sample| of the last tick.</summary>
    public long TickSumSq { get; private set; }
    public int TickPeak { get; private set; }
    /// <summary>Samples rendered since the start.</summary>
    public long Rendered => _rendered;
    public double HeardTempoBpm => _heardTempo;
    public double HeardBrightness => _heardBright;

    public void AdvanceListener(long nowMs) => _scenario.Advance(nowMs * 1000, _heardTempo, _heardBright, _heardLevelDb, _core);

    public void TickAndRender(long nowMs)
    {
        _core.Tick(nowMs);
        long due = nowMs * _rateHz / 1000;
        int n = (int)(due - _rendered);
        _core.Render(Block, 0, n);
        long sq = 0; int peak = 0;
        for (int i = 0; i < n; i++)
        {
            int s = (short)(Block[2 * i] | (Block[2 * i + 1] << 8));
            sq += (long)s * s;
            int a = s < 0 ? -s : s;
            if (a > peak) peak = a;
        }
        _rendered = due;
        BlockSamples = n; TickSumSq = sq; TickPeak = peak;
        var c = _core.Controls;
        _heardTempo = c.TempoCentiBpm / 100.0;
        _heardBright = c.BrightnessQ15 / 32767.0;
        _heardLevelDb = sq == 0 ? -120 : 10 * Math.Log10(sq / (double)n / (32768.0 * 32768.0));
    }
}
