using System;
using System.Collections;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CleanupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { throw new NotSupportedException(); }
        public object[] MethodParameters { get { throw new NotSupportedException(); } }
    }

    public static class OutputHelper
    {
        public static void WriteLine(string message) { throw new NotSupportedException(); }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") { throw new NotSupportedException(); }
    }

    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(byte expected, byte actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(char expected, char actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(short expected, short actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(int expected, int actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(uint expected, uint actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(long expected, long actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(float expected, float actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(double expected, double actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(string expected, string actual, string message = "") { throw new NotSupportedException(); }
        public static void AreEqual(object expected, object actual, string message = "") { throw new NotSupportedException(); }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { throw new NotSupportedException(); }
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") { throw new NotSupportedException(); }
        public static void AreNotEqual(object notExpected, object actual, string message = "") { throw new NotSupportedException(); }
        public static void IsTrue(bool condition, string message = "") { throw new NotSupportedException(); }
        public static void IsFalse(bool condition, string message = "") { throw new NotSupportedException(); }
        public static void IsNull(object value, string message = "") { throw new NotSupportedException(); }
        public static void IsNotNull(object value, string message = "") { throw new NotSupportedException(); }
        public static void AreSame(object expected, object actual, string message = "") { throw new NotSupportedException(); }
        public static void IsInstanceOfType(object value, Type expectedType, string message = "") { throw new NotSupportedException(); }
        public static void ThrowsException(Type exceptionType, Action action, string message = "") { throw new NotSupportedException(); }
        public static void SkipTest(string message = "") { throw new NotSupportedException(); }
    }
}
