using System.Reflection;

// Stand-in for the real nanoFramework.Runtime.Native assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("nanoFramework.Runtime.Native (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.7.11.0")]
