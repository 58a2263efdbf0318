using System.Reflection;

// Stand-in for the real nanoFramework.TestFramework assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.TestFramework (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("3.0.80.0")]
