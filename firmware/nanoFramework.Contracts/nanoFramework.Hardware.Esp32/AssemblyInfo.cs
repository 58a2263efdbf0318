using System.Reflection;

// Stand-in for the real nanoFramework.Hardware.Esp32 assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Hardware.Esp32 (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.6.37.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.Hardware.Esp32 1.6.37")]
