// Host stand-in of the nanoFramework.TestFramework surface the NFUnitTest suite uses, with the same overload set
// as the real package (so the linked test files bind to the same overloads), failing through xunit. It lets the
// on-device suite also run on the host (NFUnitTestOnHostTests): that checks the tests themselves, not the device.
using System.Collections;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)] public sealed class TestClassAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class TestMethodAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class SetupAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class CleanupAttribute : Attribute { }

    public static class OutputHelper
    {
        public static readonly List<string> Lines = new();
        public static void WriteLine(string message) { lock (Lines) Lines.Add(message); }
    }

    public static class Assert
    {
        private static void Check(bool ok, string what, string message)
        {
            if (!ok) throw new Xunit.Sdk.XunitException($"{what}{(string.IsNullOrEmpty(message) ? "" : " — " + message)}");
        }
        private static void Eq<T>(T e, T a, string m) => Check(EqualityComparer<T>.Default.Equals(e, a), $"expected {e}, got {a}", m);
        public static void AreEqual(bool expected, bool actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(byte expected, byte actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(char expected, char actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(short expected, short actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(ushort expected, ushort actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(int expected, int actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(uint expected, uint actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(long expected, long actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(ulong expected, ulong actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(float expected, float actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(double expected, double actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(string expected, string actual, string message = "") => Eq(expected, actual, message);
        public static void AreEqual(object expected, object actual, string message = "") => Check(Equals(expected, actual), $"expected {expected}, got {actual}", message);
        public static void AreNotEqual(int notExpected, int actual, string message = "") => Check(notExpected != actual, $"did not expect {actual}", message);
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") => Check(notExpected != actual, $"did not expect {actual}", message);
        public static void AreNotEqual(object notExpected, object actual, string message = "") => Check(!Equals(notExpected, actual), $"did not expect {actual}", message);
        public static void IsTrue(bool condition, string message = "") => Check(condition, "expected true", message);
        public static void IsFalse(bool condition, string message = "") => Check(!condition, "expected false", message);
        public static void IsNull(object value, string message = "") => Check(value == null, $"expected null, got {value}", message);
        public static void IsNotNull(object value, string message = "") => Check(value != null, "expected non-null", message);
        public static void AreSame(object expected, object actual, string message = "") => Check(ReferenceEquals(expected, actual), "not the same object", message);
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") =>
            Xunit.Assert.Equal(expected.Cast<object>().ToArray(), actual.Cast<object>().ToArray());
    }
}
