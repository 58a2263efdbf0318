using System.Reflection;

// Stand-in for the real nanoFramework.Hardware.Esp32 assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Hardware.Esp32 (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.6.37.0")]
