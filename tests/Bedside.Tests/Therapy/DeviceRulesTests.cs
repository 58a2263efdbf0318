using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace Bedside.Tests.Therapy;

/// <summary>
/// Reads the compiled IL of this helper's core namespaces and fails on what nanoCLR cannot run or the core rules
/// forbid: generic definitions or instantiations, System.Math, floating point, LINQ/collections, and `new`
/// (newobj/newarr/box) outside constructors and the few setup methods that run once.
/// </summary>
public class DeviceRulesTests
{
    private static readonly string[] Namespaces =
        { "Bedside.Core.Therapy", "Bedside.Core.Session", "Bedside.Core.Settings", "Bedside.Core.Input", "Bedside.Core.Ports" };

    /// <summary>Methods allowed to allocate: constructors and one-time factories.</summary>
    private static readonly string[] AllocOk = { ".ctor", ".cctor", "CreateDefault" };

    [Fact]
    public void Therapy_core_IL_follows_the_device_rules()
    {
        string path = typeof(Bedside.Core.Therapy.BedsideController).Assembly.Location;
        using var asm = AssemblyDefinition.ReadAssembly(path);
        var problems = new List<string>();
        int methods = 0;
        foreach (var type in asm.MainModule.GetTypes())
        {
            if (!Namespaces.Any(n => type.Namespace == n)) continue;
            if (type.HasGenericParameters) problems.Add(type.FullName + ": generic type");
            foreach (var f in type.Fields)
                if (f.FieldType.IsGenericInstance || f.FieldType.FullName is "System.Single" or "System.Double")
                    problems.Add(type.FullName + "." + f.Name + ": field type " + f.FieldType.FullName);
            foreach (var m in type.Methods)
            {
                if (m.HasGenericParameters) problems.Add(m.FullName + ": generic method");
                if (!m.HasBody) continue;
                methods++;
                bool allocOk = AllocOk.Contains(m.Name);
                foreach (var ins in m.Body.Instructions)
                {
                    var op = ins.OpCode.Code;
                    if (op is Code.Ldc_R4 or Code.Ldc_R8 or Code.Conv_R4 or Code.Conv_R8 or Code.Conv_R_Un)
                        problems.Add(m.FullName + ": floating point (" + op + ")");
                    if (!allocOk && op is Code.Newobj or Code.Newarr or Code.Box)
                        problems.Add(m.FullName + ": allocates (" + op + " " + ins.Operand + ")");
                    if (ins.Operand is MemberReference mr)
                    {
                        string full = mr.FullName;
                        if (mr is GenericInstanceMethod || (mr is MethodReference mref && mref.DeclaringType.IsGenericInstance)
                            || (mr is TypeReference tr && tr.IsGenericInstance) || (mr is FieldReference fr && fr.DeclaringType.IsGenericInstance))
                            problems.Add(m.FullName + ": generic use " + full);
                        if (full.Contains("System.Math") || full.Contains("System.Linq") || full.Contains("System.Collections"))
                            problems.Add(m.FullName + ": uses " + full);
                    }
                }
            }
        }
        Assert.True(methods > 100, "scanned " + methods + " methods");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
