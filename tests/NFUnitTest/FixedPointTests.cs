using Bedside.Core;
using Bedside.Core.Drivers;
using nanoFramework.TestFramework;

namespace Bedside.NFUnitTest
{
    /// <summary>
    /// The integer semantics the fixed-point core relies on, checked on the interpreter itself: arithmetic
    /// shift of negatives, wrap-around on overflow, 64-bit products, truncating division. The expected values
    /// are the C# language rules (what desktop .NET gives); a difference here means device and host diverge.
    /// </summary>
    [TestClass]
    public class FixedPointTests
    {
        [TestMethod]
        public void Q15_multiply_with_arithmetic_shift()
        {
            int half = 16384;                      // 0.5 in Q15
            int minusQuarter = -8192;              // -0.25
            Assert.AreEqual(-4096, (half * minusQuarter) >> 15, "0.5 * -0.25 = -0.125");
            int minusOne = -1;
            int max = 32767;
            // locals, not constants: the compiler must not fold these, the interpreter computes them
            Assert.AreEqual(-1, minusOne >> 15, "arithmetic shift keeps the sign");
            Assert.AreEqual(32766, (max * max) >> 15, "max * max");
        }

        [TestMethod]
        public void Int_overflow_wraps_unchecked()
        {
            int big = 0x7FFFFFFF;
            int wrapped = unchecked(big + 1);
            Assert.AreEqual(int.MinValue, wrapped);
            uint u = 0xFFFFFFFF;
            Assert.AreEqual(0u, unchecked(u + 1));
        }

        [TestMethod]
        public void Long_products_and_truncating_division()
        {
            int twoBillion = 2000000000;
            int three = 3;
            int minusSeven = -7;
            long p = (long)twoBillion * three;
            Assert.AreEqual(6000000000L, p);
            Assert.AreEqual(-2, minusSeven / three, "division truncates toward zero");
            Assert.AreEqual(-1, minusSeven % three);
            Assert.AreEqual(-4096000, Ads1115Registers.CodeToMicrovolts(-32768, Ads1115Registers.Pga4V096));
            Assert.AreEqual(4095875, Ads1115Registers.CodeToMicrovolts(32767, Ads1115Registers.Pga4V096));
        }

        [TestMethod]
        public void Phase_accumulator_wraps_like_the_host()
        {
            uint phase = 0xFFFFFF00u;
            uint inc = 0x00000200u;
            phase = unchecked(phase + inc);
            Assert.AreEqual(0x00000100u, phase);
            Assert.AreEqual(0, (int)(phase >> 22), "table index of a Q32 phase");
        }
    }
}
