using System;
using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Unit;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// CPU cost of the music on the device: each program runs through the core's own <see cref="AudioLoop"/> (the loop
    /// the device's audio thread runs: control ticks every control period of audio, render, paced write, amplifier gate)
    /// over a <see cref="VirtualAudioOut"/> whose waits move a <see cref="ManualClock"/> instead of sleeping, so only the
    /// loop's own work is timed (DateTime.UtcNow). Seconds 1–12 of each program are timed one by one and the busiest
    /// second (highest energy of its samples) is reported: ms of CPU per second of audio and the implied share of the
    /// core. It does not assert speed (below 1000 ms per second is the real-time limit; the other threads need a share);
    /// it asserts that the timed second really is a busy passage (RMS at least 30 LSB), so the figure is not from an idle
    /// engine.
    /// </summary>
    [TestClass]
    public class TimingTests
    {
        private const int Rate = 16000;
        private const int Block = 512;
        private const int FirstSecond = 1, LastSecond = 12;

        [TestMethod]
        public void Busiest_second_of_each_program_through_the_device_audio_loop()
        {
            for (int p = 0; p <= (int)ProgramKind.Noise; p++)
            {
                BedsideUnit unit = new BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), Rate, 777u);
                DeviceSettings s = new DeviceSettings();
                unit.Controller.CopySettingsTo(s);
                s.DefaultProgram = (ProgramKind)p;
                Assert.IsNull(unit.Controller.ApplySettings(s));
                unit.StartSession(0);
                ManualClock clock = new ManualClock(0);
                VirtualAudioOut output = new VirtualAudioOut(clock, Rate, 4096, Block, 0, 0);
                AudioLoop loop = new AudioLoop(unit, new object(), null, output, output, null, 0, Block, 30);
                int stepsPerSecond = Rate / Block;
                long bestEnergy = -1, bestMs = 0;
                int bestSecond = 0;
                for (int second = 0; second <= LastSecond; second++)
                {
                    long energy = 0;
                    long t0 = DateTime.UtcNow.Ticks;
                    for (int k = 0; k < stepsPerSecond; k++)
                    {
                        loop.Step(clock);
                        energy += BlockEnergy(loop.Block);
                    }
                    long ms = (DateTime.UtcNow.Ticks - t0) / TimeSpan.TicksPerMillisecond;
                    if (second >= FirstSecond && energy > bestEnergy) { bestEnergy = energy; bestMs = ms; bestSecond = second; }
                }
                // a "second" is stepsPerSecond whole blocks (31 × 512 = 15872 samples at 16 kHz): scale its time to 1 s of audio
                long samples = (long)stepsPerSecond * Block;
                long msPerSecond = bestMs * Rate / samples;
                // energy counts every 8th sample: mean square = energy / (samples / 8)
                int rms = (int)IntMath.SqrtFloor((ulong)(bestEnergy / (samples / 8)));
                OutputHelper.WriteLine("program " + p.ToString() + ": busiest second " + bestSecond.ToString() + " (RMS "
                    + rms.ToString() + " LSB) took " + msPerSecond.ToString() + " ms of CPU per second of audio at " + Rate.ToString()
                    + " Hz = " + (msPerSecond / 10).ToString() + " % of the core");
                Assert.IsTrue(unit.AudioRunning, "program " + p.ToString() + " playing");
                Assert.IsTrue(rms >= 30, "program " + p.ToString() + ": the timed second is a busy passage (RMS " + rms.ToString() + " LSB)");
            }
        }

        /// <summary>Sum of squares of every 8th sample of a block (16-bit little-endian mono).</summary>
        private static long BlockEnergy(byte[] block)
        {
            long e = 0;
            for (int i = 0; i < Block; i += 8)
            {
                int v = (short)(block[2 * i] | (block[2 * i + 1] << 8));
                e += (long)v * v;
            }
            return e;
        }
    }
}
