using System.Reflection;

// Stand-in for the real System.Device.Gpio assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.Device.Gpio (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.57.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.System.Device.Gpio 1.1.57")]
