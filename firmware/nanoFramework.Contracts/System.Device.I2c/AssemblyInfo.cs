using System.Reflection;

// Stand-in for the real System.Device.I2c assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.Device.I2c (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.29.0")]
