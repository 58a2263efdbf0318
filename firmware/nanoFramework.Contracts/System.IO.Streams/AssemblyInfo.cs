using System.Reflection;

// Stand-in for the real System.IO.Streams assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.IO.Streams (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.96.0")]
