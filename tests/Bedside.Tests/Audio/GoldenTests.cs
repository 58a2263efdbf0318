using Bedside.Core.Audio;
using Xunit;

namespace Bedside.Tests.Audio;

public class GoldenTests
{
    [Fact]
    public void Golden_scores_match_committed_constants()
    {
        var e = new AudioEngine();
        var block = new byte[GoldenScores.BlockSamples * 2];
        var actual = new uint[GoldenScores.Count];
        for (int i = 0; i < GoldenScores.Count; i++) actual[i] = GoldenScores.Render(i, e, block);
        string have = string.Join(", ", actual.Select(c => $"0x{c:X8}u"));
        for (int i = 0; i < GoldenScores.Count; i++)
            Assert.True(GoldenScores.ExpectedCrc32[i] == actual[i],
                $"golden score {i} changed (stale constants?). Rendered: {{ {have} }} in GoldenScores.ExpectedCrc32");
    }

    [Fact]
    public void Same_seed_same_bytes_and_block_size_does_not_matter()
    {
        byte[] A = Script(512), B = Script(97), C = Script(512);
        Assert.Equal(A, C);
        Assert.Equal(A, B);
    }

    /// <summary>Events at fixed sample positions (multiples of 4096) so the block size cannot change when they land.</summary>
    private static byte[] Script(int block)
    {
        var e = new AudioEngine();
        e.Init(16000, 99);
        int total = 16000 * 4;
        var outp = new byte[total * 2];
        var buf = new byte[block * 2];
        int done = 0, nextEvent = 0, ev = 0;
        while (done < total)
        {
            if (done == nextEvent)
            {
                switch (ev++)
                {
                    case 0: e.Start(200); e.SetDrone(0, Timbre.Pad, e.GridHzQ16 * 100, 9000, 500); e.SetNoiseBed(NoiseColor.Pink, 8000, 300); break;
                    case 1: e.NoteOn(Timbre.Pluck, e.GridHzQ16 * 150, 9000, 5, 200, 400); break;
                    case 2: e.SetBrightness(30000, 300); e.SetNoiseBed(NoiseColor.Brown, 9000, 600); break;
                    case 3: e.SetMasterLevel(-2400, 700); break;
                }
                nextEvent += 4096 * 3;
            }
            int n = Math.Min(block, Math.Min(total - done, nextEvent - done));
            e.Render(buf, 0, n);
            Array.Copy(buf, 0, outp, done * 2, n * 2);
            done += n;
        }
        return outp;
    }
}
