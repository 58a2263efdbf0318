using Bedside.Core;
using Bedside.Core.Composer;
using Bedside.Core.Drivers;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    [TestClass]
    public class CommonTests
    {
        [TestMethod]
        public void Crc32_standard_check_value()
        {
            byte[] data = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 }; // "123456789"
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
            uint c = Crc32.Update(0xFFFFFFFFu, data, 0, 4);
            c = Crc32.Update(c, data, 4, 5) ^ 0xFFFFFFFFu;
            Assert.AreEqual(0xCBF43926u, c, "running form");
        }

        [TestMethod]
        public void Rng_sequence_matches_the_host()
        {
            Rng r = new Rng(1);
            Assert.AreEqual(270369u, r.NextUInt(), "first xorshift32 output for seed 1 (same constant as the host test)");
            Rng a = new Rng(42);
            Rng b = new Rng(42);
            for (int i = 0; i < 200; i++)
            {
                int x = a.Range(-3, 7);
                Assert.AreEqual(x, b.Range(-3, 7));
                Assert.IsTrue(x >= -3 && x <= 7, "range");
                int q = a.NextQ15();
                Assert.IsTrue(q >= 0 && q <= 32767, "Q15 range");
                b.NextQ15();
            }
            Assert.AreNotEqual(0u, new Rng(0).NextUInt());
        }

        [TestMethod]
        public void Preset_wire_form_round_trips_and_rejects_bad_values()
        {
            Preset p = new Preset();
            p.Mood = Mood.Luminous;
            p.KeyRootSemitone = 9;
            p.TempoMinCentiBpm = 5200;
            p.TempoMaxCentiBpm = 7400;
            byte[] w = new byte[Preset.WireSize];
            p.WriteTo(w, 0);
            Assert.AreEqual((byte)2, w[0]);
            Assert.AreEqual((byte)0x50, w[2]); // 5200 = 0x1450
            Assert.AreEqual((byte)0x14, w[3]);

            Preset q = new Preset();
            Preset scratch = new Preset();
            Assert.IsNull(q.TryReadFrom(w, 0, Preset.WireSize, scratch));
            Assert.AreEqual(7400, q.TempoMaxCentiBpm);
            Assert.AreEqual((byte)9, q.KeyRootSemitone);

            w[8] = 101; // noise level out of range
            Assert.IsNotNull(q.TryReadFrom(w, 0, Preset.WireSize, scratch));
            Assert.AreEqual((byte)p.NoiseLevelPercent, q.NoiseLevelPercent, "unchanged after a rejected read");
            Assert.IsNotNull(q.TryReadFrom(w, 0, 8, scratch), "wrong length");
        }

        [TestMethod]
        public void Max30102_ir_decoding()
        {
            byte[] fifo = new byte[] { 0x01, 0x23, 0x45, 0x03, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFC, 0x00, 0x01 };
            int[] ir = new int[4];
            Assert.AreEqual(2, Max30102Registers.DecodeIrSamples(fifo, fifo.Length, 4, ir));
            Assert.AreEqual(0x3FFFF, ir[0]);
            Assert.AreEqual(1, ir[1]);
            Assert.AreEqual(30, Max30102Registers.SamplesAvailable(3, 5));
        }
    }
}
