using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Bedside on-device tests (nanoFramework.TestFramework)")]
[assembly: AssemblyVersion("1.0.0.0")]
