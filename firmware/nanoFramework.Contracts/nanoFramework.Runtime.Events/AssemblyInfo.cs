using System.Reflection;

// Stand-in for the real nanoFramework.Runtime.Events assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Runtime.Events (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.11.32.0")]
