using Bedside.Core.Composer;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>Enrolment on the device runtime: a write without a key is refused, a key read in the window unlocks, forget-all revokes.</summary>
    [TestClass]
    public class EnrolmentTests
    {
        private static long s_now;

        private static void Tick(BedsideController c, int ms)
        {
            for (int t = 0; t < ms; t += 50) { s_now += 50; c.Tick(s_now, null); }
        }

        private static void LongHold(BedsideController c)
        {
            c.OnButtonEdge(true, s_now);
            Tick(c, 4200);
            c.OnButtonEdge(false, s_now);
            Tick(c, 600);
        }

        [TestMethod]
        public void Writes_need_an_enrolled_key_and_forget_all_revokes_it()
        {
            s_now = 1000;
            IStorage storage = RamStorage.CreateDefault();
            BedsideController c = new BedsideController(storage);
            GattOperations ops = new GattOperations(new BedsideProtocol(c, null), 0, 1, 0, 1, 1, 1);
            ops.Stir(0x12345678u);
            byte[] preset = new byte[Preset.WireSize];
            new Preset().WriteTo(preset, 0);
            preset[0] = 2;
            byte[] buf = new byte[GattOperations.MaxValueBytes];
            int n;

            Assert.AreEqual(AttError.InsufficientAuthorization, ops.Write(GattOperations.Preset, 3, s_now, preset, 9, 0));
            Assert.AreEqual(AttError.InsufficientAuthorization, ops.Read(GattOperations.AccessKey, 3, s_now, buf, out n));

            LongHold(c);
            Assert.IsTrue(c.PairingWindowOpen);
            Assert.AreEqual(AttError.None, ops.Read(GattOperations.AccessKey, 3, s_now, buf, out n));
            Assert.AreEqual(ClientKeyStore.KeyBytes, n);
            Assert.IsFalse(c.PairingWindowOpen);
            Assert.AreEqual(AttError.None, ops.Write(GattOperations.Preset, 3, s_now, preset, 9, 0));

            byte[] key = new byte[ClientKeyStore.KeyBytes];
            for (int i = 0; i < key.Length; i++) key[i] = buf[i];
            BedsideController rebooted = new BedsideController(storage);
            GattOperations ops2 = new GattOperations(new BedsideProtocol(rebooted, null), 0, 1, 0, 1, 1, 1);
            Assert.AreEqual(AttError.None, ops2.Write(GattOperations.Unlock, 5, s_now, key, 16, 0));
            Assert.AreEqual(AttError.None, ops2.Write(GattOperations.Preset, 5, s_now, preset, 9, 0));

            LongHold(rebooted);
            LongHold(rebooted);
            Assert.AreEqual(0, rebooted.Clients.Count);
            Assert.IsTrue(rebooted.TakeForgetClientsRequest());
            Assert.AreEqual(AttError.InsufficientAuthorization, ops2.Write(GattOperations.Preset, 5, s_now, preset, 9, 0));
            Assert.AreEqual(AttError.InsufficientAuthorization, ops2.Write(GattOperations.Unlock, 5, s_now, key, 16, 0));
        }
    }
}
