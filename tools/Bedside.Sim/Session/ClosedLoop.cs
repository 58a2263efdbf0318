using Bedside.Sim.Scenarios;

namespace Bedside.Sim.Session;

/// <summary>
/// One control period of the simulated bedside, shared by the session command, the serve command and the
/// closed-loop tests: <see cref="AdvanceListener"/> moves the listener on with the music heard during the previous
/// period and pushes every sensor reading due by <see cref="NowUs"/>; the caller then queues any button edges due;
/// <see cref="TickAndRender"/> steps the core (the device's sensor and audio loops: control tick at NowUs, one
/// control period of audio, <see cref="ISessionCore.BlockSamples"/> samples, into <see cref="Block"/>) and remembers
/// what the listener will hear next: the controls' tempo and brightness and the RMS level actually rendered.
/// Time runs on the audio: a step's NowUs is the end of the audio it renders (at 16 kHz a tick every 50 ms exactly;
/// at 11025 and 22050 Hz the device's whole-sample period, 551 and 1102 samples, 49.98 ms). No allocation per step.
/// </summary>
public sealed class ClosedLoop
{
    private readonly ISessionCore _core;
    private readonly Scenario _scenario;
    private readonly int _rateHz;
    private readonly long _totalSamples;
    private long _rendered;
    private double _heardTempo, _heardBright, _heardLevelDb = -120;

    /// <param name="totalSamples">Samples of the whole session: the last step's block is cut there (default: no end).</param>
    public ClosedLoop(ISessionCore core, Scenario scenario, int rateHz, long totalSamples = long.MaxValue)
    {
        _core = core; _scenario = scenario; _rateHz = rateHz; _totalSamples = totalSamples;
    }

    /// <summary>The PCM of the last step (BlockSamples 16-bit LE samples).</summary>
    public byte[] Block => _core.Block;
    /// <summary>Samples of the last step inside the session (the core's block, or less at the session's end).</summary>
    public int BlockSamples { get; private set; }
    /// <summary>Sum of squared samples and largest |sample| of the last step.</summary>
    public long TickSumSq { get; private set; }
    public int TickPeak { get; private set; }
    /// <summary>Samples rendered since the start.</summary>
    public long Rendered => _rendered;
    /// <summary>Whether the session's samples are all rendered.</summary>
    public bool Done => _rendered >= _totalSamples;
    /// <summary>Time of the next step, µs: the end of the audio it renders.</summary>
    public long NowUs => (_rendered + _core.BlockSamples) * 1_000_000 / _rateHz;
    public double HeardTempoBpm => _heardTempo;
    public double HeardBrightness => _heardBright;

    public void AdvanceListener() => _scenario.Advance(NowUs, _heardTempo, _heardBright, _heardLevelDb, _core);

    public void TickAndRender()
    {
        _core.Step(NowUs);
        long left = _totalSamples - _rendered;
        int n = left < _core.BlockSamples ? (int)left : _core.BlockSamples;
        byte[] block = _core.Block;
        long sq = 0; int peak = 0;
        for (int i = 0; i < n; i++)
        {
            int s = (short)(block[2 * i] | (block[2 * i + 1] << 8));
            sq += (long)s * s;
            int a = s < 0 ? -s : s;
            if (a > peak) peak = a;
        }
        _rendered += n;
        BlockSamples = n; TickSumSq = sq; TickPeak = peak;
        var c = _core.Controls;
        _heardTempo = c.TempoCentiBpm / 100.0;
        _heardBright = c.BrightnessQ15 / 32767.0;
        _heardLevelDb = sq == 0 ? -120 : 10 * Math.Log10(sq / (double)n / (32768.0 * 32768.0));
    }
}
