using Bedside.Core.Composer;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// The learned models' integer inference on the interpreter: replaying the check inputs recorded in the generated
    /// tables must give the logits the host computed (bit for bit), so the device samples the same music.
    /// </summary>
    [TestClass]
    public class NetworkTests
    {
        [TestMethod]
        public void Melody_network_steps_give_the_host_logits()
        {
            var net = new GruNetwork(MelodyNetTable.Inputs, MelodyNetTable.Hidden, MelodyNetTable.Outputs, MelodyNetTable.WInQ12,
                MelodyNetTable.WRecQ12, MelodyNetTable.BiasQ12, MelodyNetTable.WOutQ12, MelodyNetTable.BOutQ12);
            for (int t = 0; t < MelodyNetTable.CheckInA.Length; t++) net.Step(MelodyNetTable.CheckInA[t], MelodyNetTable.CheckInB[t]);
            int[] logits = net.LogitsQ12;
            Assert.AreEqual(MelodyNetTable.CheckLogitsQ12.Length, logits.Length);
            for (int i = 0; i < logits.Length; i++) Assert.AreEqual(MelodyNetTable.CheckLogitsQ12[i], logits[i], "melody logit " + i);
        }

        [TestMethod]
        public void Harmony_network_steps_give_the_host_logits()
        {
            var net = new GruNetwork(HarmonyNetTable.Inputs, HarmonyNetTable.Hidden, HarmonyNetTable.Outputs, HarmonyNetTable.WInQ12,
                HarmonyNetTable.WRecQ12, HarmonyNetTable.BiasQ12, HarmonyNetTable.WOutQ12, HarmonyNetTable.BOutQ12);
            for (int t = 0; t < HarmonyNetTable.CheckInA.Length; t++) net.Step(HarmonyNetTable.CheckInA[t], HarmonyNetTable.CheckInB[t]);
            int[] logits = net.LogitsQ12;
            for (int i = 0; i < logits.Length; i++) Assert.AreEqual(HarmonyNetTable.CheckLogitsQ12[i], logits[i], "harmony logit " + i);
        }
    }
}
