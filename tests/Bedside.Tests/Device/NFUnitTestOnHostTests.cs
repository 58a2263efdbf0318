using System.Reflection;
using TestClassAttribute = nanoFramework.TestFramework.TestClassAttribute;
using TestMethodAttribute = nanoFramework.TestFramework.TestMethodAttribute;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// Runs every [TestMethod] of the on-device suite (tests/NFUnitTest, linked into this assembly against the host
/// shim of the TestFramework) on the host: proves the device tests are right before they meet a board (a board
/// or the virtual device is still what proves the interpreter produces the same results).
/// </summary>
public class NFUnitTestOnHostTests
{
    public static IEnumerable<object[]> Methods() =>
        typeof(NFUnitTestOnHostTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "Bedside.NFUnitTest" && t.GetCustomAttribute<TestClassAttribute>() != null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null)
                .Select(m => new object[] { t.Name, m.Name }))
            .OrderBy(a => (string)a[0] + "." + (string)a[1]);

    [Fact]
    public void The_suite_is_linked_and_has_the_integration_tests()
    {
        var names = Methods().Select(a => (string)a[0]).Distinct().ToList();
        foreach (var c in new[] { "GoldenAudioTests", "TimingTests", "SettingsStoreTests", "ProtocolTests", "CommonTests", "DriverLogicTests", "FixedPointTests", "FileStorageTests" })
            Assert.Contains(c, names);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Device_test_passes_on_the_host(string cls, string method)
    {
        var t = typeof(NFUnitTestOnHostTests).Assembly.GetTypes().Single(x => x.Namespace == "Bedside.NFUnitTest" && x.Name == cls);
        var m = t.GetMethod(method)!;
        object inst = m.IsStatic ? null : Activator.CreateInstance(t);
        try { m.Invoke(inst, null); }
        catch (TargetInvocationException e) when (e.InnerException != null) { throw e.InnerException; }
    }
}
