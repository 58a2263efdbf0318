using System.Reflection;

// Stand-in for the real System.Device.I2s assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.Device.I2s (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.0.28.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.System.Device.I2s 1.0.28")]
