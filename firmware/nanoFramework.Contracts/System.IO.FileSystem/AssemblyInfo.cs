using System.Reflection;

// Stand-in for the real System.IO.FileSystem assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.IO.FileSystem (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.87.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.System.IO.FileSystem 1.1.87")]
