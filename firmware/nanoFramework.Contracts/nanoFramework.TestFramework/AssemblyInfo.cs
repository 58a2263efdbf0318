using System.Reflection;

// Stand-in for the real nanoFramework.TestFramework assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.TestFramework (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("3.0.80.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.TestFramework 3.0.80")]
