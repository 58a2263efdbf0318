using Bedside.Core;
using Bedside.Core.Audio;
using Xunit;

namespace Bedside.Tests.Audio;

public class EngineSmokeTests
{
    internal static short[] RenderProgram(ProgramKind p, int fs, int seconds, uint seed = 7, int block = 512)
    {
        var e = new AudioEngine();
        e.Init(fs, seed);
        var d = new DemoScore(e, p, seed);
        var buf = new byte[block * 2];
        var pcm = new short[fs * seconds];
        int done = 0;
        while (done < pcm.Length)
        {
            int n = Math.Min(block, pcm.Length - done);
            d.Tick(e.SamplesRendered * 1000 / fs);
            e.Render(buf, 0, n);
            for (int i = 0; i < n; i++) pcm[done + i] = (short)(buf[2 * i] | (buf[2 * i + 1] << 8));
            done += n;
        }
        return pcm;
    }

    [Theory]
    [InlineData(ProgramKind.Sleep)]
    [InlineData(ProgramKind.Calm)]
    [InlineData(ProgramKind.Pain)]
    [InlineData(ProgramKind.Noise)]
    public void Programs_make_sound_below_cap(ProgramKind p)
    {
        var pcm = RenderProgram(p, 16000, 20);
        double rms = Math.Sqrt(pcm.Skip(16000 * 5).Average(s => (double)s * s));
        int peak = pcm.Max(s => Math.Abs((int)s));
        Assert.True(rms > 100, $"rms {rms}");
        Assert.True(peak <= Gain.CentiDbToQ15(AudioEngine.DefaultCapCentiDb), $"peak {peak}");
    }
}
