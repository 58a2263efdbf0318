namespace Bedside.Core.Audio
{
    /// <summary>
    /// Fixed scores whose PCM bytes are hashed (CRC-32, <see cref="Crc32"/>) and compared with committed constants,
    /// on the host (tests/Bedside.Tests/Audio/GoldenTests) and on the device (NFUnitTest suite): both runtimes must
    /// produce identical bytes. Blocks of 500 samples (not a power of two, so tick/loop/block boundaries interleave).
    /// Score 0: Calm demo, 16000 Hz, 6 s, seed 11. Score 1: Pain demo, 22050 Hz, 6 s, seed 22.
    /// Score 2: scripted at 11025 Hz, 5 s, seed 33: ocean bed + bell + drone, cap lowered at 2 s, stop at 3.5 s.
    /// </summary>
    public static class GoldenScores
    {
        /// <summary>Number of scores.</summary>
        public const int Count = 3;
        /// <summary>Samples per Render call.</summary>
        public const int BlockSamples = 500;

        /// <summary>Expected CRC-32 of each score's PCM bytes. Regenerate only for an intended change of the sound.</summary>
        public static readonly uint[] ExpectedCrc32 = { 0x17AE4295u, 0x8184A904u, 0x88FA79F8u };

        /// <summary>Sample rate of score i.</summary>
        public static int SampleRate(int score) { return score == 0 ? 16000 : (score == 1 ? 22050 : 11025); }

        /// <summary>Renders score (0..Count-1) with a fresh Init of engine; block must hold 2·BlockSamples bytes. Returns the CRC-32 of all bytes.</summary>
        public static uint Render(int score, AudioEngine engine, byte[] block)
        {
            int fs = SampleRate(score);
            uint seed = (uint)(11 * (score + 1));
            engine.Init(fs, seed);
            DemoScore demo = score == 2 ? null : new DemoScore(engine, score == 0 ? ProgramKind.Calm : ProgramKind.Pain, seed);
            int seconds = score == 2 ? 5 : 6;
            long total = (long)fs * seconds;
            uint crc = 0xFFFFFFFFu;
            long done = 0;
            while (done < total)
            {
                long nowMs = done * 1000 / fs;
                if (demo != null) demo.Tick(nowMs);
                else Script(engine, done, fs);
                int n = total - done < BlockSamples ? (int)(total - done) : BlockSamples;
                engine.Render(block, 0, n);
                crc = Crc32.Update(crc, block, 0, 2 * n);
                done += n;
            }
            return crc ^ 0xFFFFFFFFu;
        }

        private static void Script(AudioEngine e, long sample, int fs)
        {
            int grid = e.GridHzQ16;
            if (sample == 0)
            {
                e.SetMasterLevel(-600, 100);
                e.Start(300);
                e.SetNoiseBed(NoiseColor.Ocean, 16000, 500);
                e.SetDrone(0, Timbre.Bass, grid * 60, 9000, 800);
                e.NoteOn(Timbre.Bell, grid * 180, 12000, 10, 500, 1500);
            }
            else if (sample == (long)BlockSamples * (2 * fs / BlockSamples))
            {
                e.SetLevelCapCentiDb(-1800);
                e.SetBrightness(32767, 500);
                e.NoteOn(Timbre.Flute, grid * 225, 12000, 900, 300, 900);
            }
            else if (sample == (long)BlockSamples * (7 * fs / 2 / BlockSamples))
            {
                e.Stop(1000);
            }
        }
    }
}
