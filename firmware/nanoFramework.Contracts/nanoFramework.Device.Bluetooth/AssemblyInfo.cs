using System.Reflection;

// Stand-in for the real nanoFramework.Device.Bluetooth assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Device.Bluetooth (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.8.0")]
