using System;
using Bedside.Core.Audio;
using Bedside.Core.Unit;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// The golden audio hashes on the device runtime: the same scores (GoldenScores.Render) and the same committed
    /// constants (GoldenScores.ExpectedCrc32) as tests/Bedside.Tests/Audio/GoldenTests, so a passing run proves the
    /// interpreter produces the host's bytes. The constants are referenced, never copied, so an engine change that
    /// regenerates them on the host is checked here unchanged. Also prints how long each score took.
    /// </summary>
    [TestClass]
    public class GoldenAudioTests
    {
        [TestMethod]
        public void Golden_scores_match_the_host_constants()
        {
            AudioEngine engine = new AudioEngine();
            byte[] block = new byte[GoldenScores.BlockSamples * 2];
            for (int i = 0; i < GoldenScores.Count; i++)
            {
                long t0 = DateTime.UtcNow.Ticks;
                uint crc = GoldenScores.Render(i, engine, block);
                long ms = (DateTime.UtcNow.Ticks - t0) / TimeSpan.TicksPerMillisecond;
                OutputHelper.WriteLine("golden score " + i.ToString() + " at " + GoldenScores.SampleRate(i).ToString() + " Hz: CRC 0x"
                    + crc.ToString("X8") + ", rendered in " + ms.ToString() + " ms");
                Assert.AreEqual(GoldenScores.ExpectedCrc32[i], crc, "golden score " + i.ToString());
            }
        }

        [TestMethod]
        public void Whole_unit_run_matches_the_host_constant()
        {
            // sensing, therapy, the composer with its learned models and the engine, 75 simulated seconds (GoldenUnit)
            long t0 = DateTime.UtcNow.Ticks;
            uint crc = GoldenUnit.Render(GoldenUnit.Create(), new byte[2 * GoldenUnit.BlockSamples]);
            long ms = (DateTime.UtcNow.Ticks - t0) / TimeSpan.TicksPerMillisecond;
            OutputHelper.WriteLine("whole-unit golden run: CRC 0x" + crc.ToString("X8") + ", " + GoldenUnit.Seconds.ToString()
                + " s of audio in " + ms.ToString() + " ms");
            Assert.AreEqual(GoldenUnit.ExpectedCrc32, crc, "whole-unit golden run");
        }

        [TestMethod]
        public void Block_size_does_not_change_the_bytes()
        {
            AudioEngine a = new AudioEngine();
            AudioEngine b = new AudioEngine();
            a.Init(16000, 99);
            b.Init(16000, 99);
            a.Start(200); b.Start(200);
            a.SetDrone(0, Timbre.Pad, a.GridHzQ16 * 100, 9000, 500);
            b.SetDrone(0, Timbre.Pad, b.GridHzQ16 * 100, 9000, 500);
            byte[] big = new byte[2 * 960];
            byte[] small = new byte[2 * 960];
            a.Render(big, 0, 960);
            for (int done = 0; done < 960; done += 97)
            {
                int n = 960 - done < 97 ? 960 - done : 97;
                b.Render(small, done * 2, n);
            }
            for (int i = 0; i < big.Length; i++) Assert.AreEqual(big[i], small[i], "byte " + i.ToString());
        }
    }
}
