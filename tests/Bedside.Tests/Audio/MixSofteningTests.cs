using Xunit;
using Xunit.Abstractions;
using Bedside.Core.Audio;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;

namespace Bedside.Tests.Audio;

/// <summary>
/// The whole mix softens as the listener falls asleep, measured on the rendered line-out samples of the default simulated
/// session (20 min Sleep, falling-asleep listener, seed 1, 16 kHz, default preset: what `Bedside.Sim session` writes to
/// session.wav): the spectral centroid and the 3–8 kHz share of energy, last 5 audible minutes against the first 3.
/// </summary>
public class MixSofteningTests
{
    readonly ITestOutputHelper _out;
    public MixSofteningTests(ITestOutputHelper o) { _out = o; }

    const int Fs = 16000;

    /// <summary>Runs the default session in-process (the simulator's own loop) and returns its line-out samples.</summary>
    public static short[] RenderDefaultSession()
    {
        var o = new SessionOptions();
        var core = CoreParts.Create(new SessionCoreConfig { Program = o.Program, SampleRateHz = o.RateHz, Seed = o.Seed, Preset = o.Preset });
        long totalMs = (long)o.Minutes * 60_000;
        var scenario = new Scenario(o.Scenario, o.Seed, totalMs / 1000.0);
        var pcm = new short[totalMs * o.RateHz / 1000];
        var loop = new ClosedLoop(core, scenario, o.RateHz, pcm.Length);
        core.Start(0);
        while (!loop.Done)
        {
            loop.AdvanceListener();
            long at = loop.Rendered;
            loop.TickAndRender();
            for (int i = 0; i < loop.BlockSamples; i++) pcm[at + i] = (short)(loop.Block[2 * i] | (loop.Block[2 * i + 1] << 8));
        }
        return pcm;
    }

    /// <summary>Spectral centroid (Hz) and share of power in [lo, hi) Hz of a Welch spectrum (4096-point Hann).</summary>
    public static (double centroid, double share) Colour(double[] psd, int n, double lo = 3000, double hi = 8000)
    {
        double sum = 0, fsum = 0, band = 0;
        for (int k = 1; k < psd.Length; k++)
        {
            double f = k * (double)Fs / n;
            sum += psd[k]; fsum += f * psd[k];
            if (f >= lo && f < hi) band += psd[k];
        }
        return (fsum / sum, band / sum);
    }

    /// <summary>Last second whose 1 s RMS is at least 1/100 of the session's median 1 s RMS (−40 dB), plus one.</summary>
    public static int AudibleSeconds(short[] pcm)
    {
        int secs = pcm.Length / Fs;
        var rms = new double[secs];
        for (int s = 0; s < secs; s++)
        {
            double sq = 0;
            for (int i = s * Fs; i < (s + 1) * Fs; i++) sq += (double)pcm[i] * pcm[i];
            rms[s] = Math.Sqrt(sq / Fs);
        }
        double median = rms.OrderBy(x => x).ElementAt(secs / 2);
        int last = secs - 1;
        while (last > 0 && rms[last] < median / 100) last--;
        return last + 1;
    }

    [Fact]
    public void Default_session_darkens_as_a_whole_and_its_top_octaves_do_not_grow()
    {
        var pcm = RenderDefaultSession();
        int audible = AudibleSeconds(pcm);
        const int n = 4096;
        var start = Colour(Dsp.Welch(pcm[..(3 * 60 * Fs)], 0, n), n);
        int endFrom = Math.Max(0, audible - 5 * 60) * Fs;
        var end = Colour(Dsp.Welch(pcm[endFrom..(audible * Fs)], 0, n), n);
        double centroidRatio = end.centroid / start.centroid, shareRatio = end.share / start.share;
        _out.WriteLine($"default session: audible {audible} s; centroid first 3 min {start.centroid:F0} Hz, last 5 audible min {end.centroid:F0} Hz, ratio {centroidRatio:F3}; " +
                       $"3–8 kHz share {start.share:P2} → {end.share:P2}, ratio {shareRatio:F3}");
        Assert.True(centroidRatio <= 0.75, $"centroid ratio {centroidRatio:F3} > 0.75");
        Assert.True(shareRatio <= 1.0, $"3–8 kHz share ratio {shareRatio:F3} > 1.0");
    }
}
