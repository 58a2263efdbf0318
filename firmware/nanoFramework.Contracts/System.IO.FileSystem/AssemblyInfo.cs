using System.Reflection;

// Stand-in for the real System.IO.FileSystem assembly; the version equals the package version the .nfproj files reference.
[assembly: AssemblyTitle("System.IO.FileSystem (compile-only stand-in, never deployed)")]
[assembly: AssemblyVersion("1.1.87.0")]
