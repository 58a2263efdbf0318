using Bedside.Core.Drivers;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>Hardware-free driver logic on the device runtime (64-bit time math, ring indices).</summary>
    [TestClass]
    public class DriverLogicTests
    {
        [TestMethod]
        public void Audio_pacer_never_lets_a_write_block()
        {
            AudioPacer p = new AudioPacer(16000, 4096, 512);
            long t = 0;
            int blocks = 0;
            while (t < 2000000)
            {
                int wait = p.MicrosUntilWritable(t);
                if (wait > 0) { t += wait; continue; }
                Assert.IsTrue(p.QueuedSamples(t) + 512 <= 4096, "write would block");
                p.Wrote(512, t);
                blocks++;
                t += 300;
            }
            Assert.IsTrue(blocks * 512 >= 32000 && blocks * 512 <= 32000 + 4096 + 512, "2 s of audio plus one ring");
            Assert.AreEqual(0, p.Underruns);
        }

        [TestMethod]
        public void Edge_queue_and_debouncer()
        {
            EdgeQueue q = new EdgeQueue(4);
            for (int i = 0; i < 4; i++) Assert.IsTrue(q.Push(i % 2 == 0, 1000 + i * 3));
            Assert.IsFalse(q.Push(true, 5000));
            Assert.AreEqual(1, q.Dropped);
            EdgeDebouncer d = new EdgeDebouncer(25);
            int accepted = 0;
            bool pressed;
            long tMs;
            while (q.TryPop(out pressed, out tMs))
                if (d.Accept(pressed, tMs)) accepted++;
            Assert.AreEqual(1, accepted, "bounces within 25 ms collapse to one press");
        }

        [TestMethod]
        public void Sensor_health_gives_up_after_two_recoveries()
        {
            SensorHealth h = new SensorHealth();
            int recoveries = 0;
            SensorAction last = SensorAction.None;
            for (int i = 0; i < 9; i++)
            {
                last = h.Report(false, 0);
                if (last == SensorAction.RecoverBus) recoveries++;
            }
            Assert.AreEqual(2, recoveries);
            Assert.AreEqual((byte)SensorAction.MarkUnavailable, (byte)last);
            Assert.IsFalse(h.MayAccess(SensorHealth.RetryAfterMs - 1));
        }

        [TestMethod]
        public void Health_monitor_stops_feeding_a_silent_thread()
        {
            HealthMonitor m = new HealthMonitor();
            m.Register(0, 500, 0);
            Assert.IsTrue(m.ShouldFeed(500));
            Assert.IsFalse(m.ShouldFeed(501));
        }
    }
}
