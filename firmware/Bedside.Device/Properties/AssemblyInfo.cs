using System.Reflection;

[assembly: AssemblyTitle("Bedside.Device")]
[assembly: AssemblyDescription("Bedside ESP32 application (nanoFramework)")]
[assembly: AssemblyVersion("0.1.0.0")]
