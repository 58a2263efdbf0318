using System.Reflection;

// Stand-in for the real System.IO.Streams assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.IO.Streams (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.96.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.System.IO.Streams 1.1.96")]
