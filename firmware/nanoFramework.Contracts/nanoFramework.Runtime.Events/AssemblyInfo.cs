using System.Reflection;

// Stand-in for the real nanoFramework.Runtime.Events assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Runtime.Events (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.11.32.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.Runtime.Events 1.11.32")]
