using System.Reflection;

// Stand-in for the real nanoFramework.Runtime.Native assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Runtime.Native (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.7.11.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.Runtime.Native 1.7.11")]
