using System.Reflection;

// Stand-in for the real System.Device.Adc assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.Device.Adc (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.24.0")]
