using System.Reflection;

// Stand-in for the real System.Device.Adc assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.Device.Adc (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.24.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.System.Device.Adc 1.1.24")]
