using System.Reflection;

// Stand-in for the real nanoFramework.Device.Bluetooth assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Device.Bluetooth (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.115.0")]
// The NuGet package release this stand-in stands for (DeviceProjectTests checks it against packages.config and the .nfproj).
[assembly: AssemblyDescription("StandsForPackage nanoFramework.Device.Bluetooth 1.1.115")]
