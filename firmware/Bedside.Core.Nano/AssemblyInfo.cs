using System.Reflection;

[assembly: AssemblyTitle("Bedside.Core")]
[assembly: AssemblyDescription("Bedside portable core (nanoFramework build)")]
[assembly: AssemblyVersion("1.0.0.0")]
