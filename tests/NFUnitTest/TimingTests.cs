using System;
using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Unit;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// How long one second of each program takes through the whole core (BedsideUnit: control ticks every 50 ms of
    /// audio + Render in 512-sample blocks, exactly the device audio loop without the I2S write), after the 4 s
    /// fade-in so every layer is playing. Prints the time (DateTime.UtcNow ticks); it does not assert speed —
    /// below 1000 ms per second of audio is the real-time limit, and the other threads need a share of the core.
    /// It asserts only that the program really played (non-silent output), so the figure is not from an idle engine.
    /// </summary>
    [TestClass]
    public class TimingTests
    {
        private const int Rate = 16000;
        private const int Block = 512;

        [TestMethod]
        public void One_second_of_each_program_through_BedsideUnit()
        {
            byte[] block = new byte[Block * 2];
            for (int p = 0; p <= (int)ProgramKind.Noise; p++)
            {
                BedsideUnit unit = new BedsideUnit(RamStorage.CreateDefault(), new SensingHub(), Rate, 777u);
                DeviceSettings s = new DeviceSettings();
                unit.Controller.CopySettingsTo(s);
                s.DefaultProgram = (ProgramKind)p;
                Assert.IsNull(unit.Controller.ApplySettings(s));
                unit.StartSession(0);
                long sample = 0;
                int untilTick = 0;
                int perTick = Rate * BedsideUnit.ControlTickMs / 1000;
                RenderSeconds(unit, block, 4, ref sample, ref untilTick, perTick); // fade-in, untimed
                int peak = 0;
                long t0 = DateTime.UtcNow.Ticks;
                peak = RenderSeconds(unit, block, 1, ref sample, ref untilTick, perTick);
                long ms = (DateTime.UtcNow.Ticks - t0) / TimeSpan.TicksPerMillisecond;
                OutputHelper.WriteLine("program " + p.ToString() + ": 1 s of audio at " + Rate.ToString() + " Hz rendered in "
                    + ms.ToString() + " ms (peak |sample| " + peak.ToString() + ")");
                Assert.IsTrue(unit.AudioRunning, "program " + p.ToString() + " playing");
                Assert.IsTrue(peak > 0, "program " + p.ToString() + " produced sound");
            }
        }

        /// <summary>Renders seconds of audio the way Program.AudioLoop does; returns the peak |sample|.</summary>
        private static int RenderSeconds(BedsideUnit unit, byte[] block, int seconds, ref long sample, ref int untilTick, int perTick)
        {
            int peak = 0;
            long end = sample + (long)Rate * seconds;
            while (sample < end)
            {
                int filled = 0;
                while (filled < Block)
                {
                    if (untilTick == 0)
                    {
                        unit.ControlTick(sample * 1000 / Rate);
                        untilTick = perTick;
                    }
                    int n = Block - filled;
                    if (n > untilTick) n = untilTick;
                    unit.Render(block, filled * 2, n);
                    filled += n;
                    untilTick -= n;
                }
                for (int i = 0; i < Block; i += 16)
                {
                    int v = (short)(block[2 * i] | (block[2 * i + 1] << 8));
                    if (v < 0) v = -v;
                    if (v > peak) peak = v;
                }
                sample += Block;
            }
            return peak;
        }
    }
}
