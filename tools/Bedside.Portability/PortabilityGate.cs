using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Bedside.Portability;

/// <summary>One thing in a compiled assembly that the nanoFramework device runtime cannot load or does not have.</summary>
public sealed record Finding(string Assembly, string Type, string Member, string Construct, string Detail)
{
    public override string ToString()
    {
        var where = Member.Length > 0 ? $"{Type}::{Member}" : Type;
        return Detail.Length > 0 ? $"{Assembly}: {where}: {Construct} ({Detail})" : $"{Assembly}: {where}: {Construct}";
    }
}

/// <summary>
/// The portability gate. The C# compiler happily emits things nanoCLR (the nanoFramework IL interpreter,
/// mscorlib 1.17.11) cannot load: a generic type, method or instantiation anywhere makes the whole assembly
/// fail to load ("Resolving." and nothing runs); System.Math, Span&lt;T&gt;, ValueTuple, async, decimal and
/// pointers do not exist there. This reads compiled assemblies with Mono.Cecil and names every such construct
/// by type and member. The API surface the device has is given as assemblies: the real nanoFramework
/// mscorlib and the compile-only stand-ins of the other nanoFramework packages; every referenced type and
/// member must exist there (or in one of the assemblies being checked together).
/// </summary>
public sealed class PortabilityGate
{
    /// <summary>Assemblies the device may reference, by simple name: nanoFramework mscorlib and the packages the firmware uses.</summary>
    public static readonly IReadOnlyList<string> DeviceAssemblies = new[]
    {
        "mscorlib", "System.Device.I2s", "System.Device.Adc", "System.Device.I2c", "System.Device.Gpio",
        "nanoFramework.Runtime.Events", "nanoFramework.Runtime.Native", "nanoFramework.Hardware.Esp32",
        "nanoFramework.Device.Bluetooth", "nanoFramework.TestFramework", "System.IO.Streams", "System.IO.FileSystem",
    };

    private readonly Dictionary<string, ModuleDefinition> _api = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, TypeDefinition>> _apiTypes = new(StringComparer.Ordinal);

    /// <param name="apiAssemblyPaths">nanoFramework mscorlib.dll and the package (stand-in) assemblies.</param>
    public PortabilityGate(IEnumerable<string> apiAssemblyPaths)
    {
        foreach (var path in apiAssemblyPaths)
            AddApi(ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false }));
        if (!_api.ContainsKey("mscorlib"))
            throw new ArgumentException("the API set must contain the nanoFramework mscorlib.dll");
    }

    private void AddApi(ModuleDefinition module)
    {
        var name = module.Assembly.Name.Name;
        _api[name] = module;
        var types = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
        foreach (var t in module.GetTypes()) types[t.FullName] = t;
        _apiTypes[name] = types;
    }

    /// <summary>Checks assemblies together (they may reference each other); returns every finding, de-duplicated.</summary>
    public IReadOnlyList<Finding> Check(IEnumerable<string> assemblyPaths)
    {
        var modules = assemblyPaths.Select(p => ModuleDefinition.ReadModule(p, new ReaderParameters { ReadSymbols = false })).ToList();
        var siblings = new Dictionary<string, Dictionary<string, TypeDefinition>>(StringComparer.Ordinal);
        foreach (var m in modules)
            siblings[m.Assembly.Name.Name] = m.GetTypes().ToDictionary(t => t.FullName, StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var m in modules) new Walker(this, m, siblings, findings).Run();
        return findings.Distinct().ToList();
    }

    public IReadOnlyList<Finding> Check(string assemblyPath) => Check(new[] { assemblyPath });

    private sealed class Walker
    {
        private readonly PortabilityGate _gate;
        private readonly ModuleDefinition _module;
        private readonly Dictionary<string, Dictionary<string, TypeDefinition>> _siblings;
        private readonly List<Finding> _out;
        private string _type = "";
        private string _member = "";

        public Walker(PortabilityGate gate, ModuleDefinition module, Dictionary<string, Dictionary<string, TypeDefinition>> siblings, List<Finding> findings)
        {
            _gate = gate; _module = module; _siblings = siblings; _out = findings;
        }

        private void Report(string construct, string detail = "") =>
            _out.Add(new Finding(_module.Assembly.Name.Name, _type, _member, construct, detail));

        public void Run()
        {
            _type = "<assembly>"; _member = "";
            foreach (var a in _module.Assembly.CustomAttributes) CheckAttribute(a);
            foreach (var r in _module.AssemblyReferences)
                if (!_gate._api.ContainsKey(r.Name) && !_siblings.ContainsKey(r.Name))
                    Report("reference to an assembly the device does not have", r.Name);
            foreach (var t in _module.GetTypes()) CheckType(t);
        }

        private void CheckType(TypeDefinition t)
        {
            _type = t.FullName; _member = "";
            if (t.HasGenericParameters) Report("generic type definition", $"{t.Name} has type parameters <{string.Join(",", t.GenericParameters.Select(g => g.Name))}>");
            if (t.BaseType != null) CheckTypeRef(t.BaseType);
            foreach (var i in t.Interfaces)
            {
                if (i.InterfaceType.FullName == "System.Runtime.CompilerServices.IAsyncStateMachine") Report("async state machine");
                CheckTypeRef(i.InterfaceType);
            }
            foreach (var a in t.CustomAttributes) CheckAttribute(a);
            foreach (var f in t.Fields)
            {
                _member = f.Name;
                CheckTypeRef(f.FieldType);
                foreach (var a in f.CustomAttributes) CheckAttribute(a);
            }
            foreach (var m in t.Methods) CheckMethod(m);
            _member = "";
        }

        private void CheckMethod(MethodDefinition m)
        {
            _member = m.Name;
            if (m.HasGenericParameters) Report("generic method definition", $"{m.Name}<{string.Join(",", m.GenericParameters.Select(g => g.Name))}>");
            foreach (var a in m.CustomAttributes)
            {
                if (a.AttributeType.FullName == "System.Runtime.CompilerServices.AsyncStateMachineAttribute") Report("async method");
                CheckAttribute(a);
            }
            CheckTypeRef(m.ReturnType);
            foreach (var p in m.Parameters) CheckTypeRef(p.ParameterType);
            foreach (var o in m.Overrides) CheckMethodRef(o);
            if (!m.HasBody) return;
            foreach (var v in m.Body.Variables)
            {
                if (v.VariableType.IsPinned) Report("unsafe code (pinned local / fixed)");
                CheckTypeRef(v.VariableType);
            }
            foreach (var ins in m.Body.Instructions)
            {
                if (ins.OpCode.Code == Code.Localloc) Report("stackalloc");
                switch (ins.Operand)
                {
                    case MethodReference mr: CheckMethodRef(mr); break;
                    case FieldReference fr: CheckFieldRef(fr); break;
                    case TypeReference tr: CheckTypeRef(tr); break;
                    case CallSite cs: Report("unsafe code (function pointer call)", cs.ToString()); break;
                }
            }
        }

        private void CheckAttribute(CustomAttribute a)
        {
            CheckMethodRef(a.Constructor);
            foreach (var arg in a.ConstructorArguments)
                if (arg.Value is TypeReference tr) CheckTypeRef(tr);
        }

        private void CheckFieldRef(FieldReference f)
        {
            CheckTypeRef(f.DeclaringType);
            if (f is FieldDefinition) return;
            var decl = ResolveApiType(f.DeclaringType);
            if (decl != null && !decl.Fields.Any(x => x.Name == f.Name))
                Report("member the device library does not have", $"{f.DeclaringType.FullName}.{f.Name}");
        }

        private void CheckMethodRef(MethodReference m)
        {
            if (m is GenericInstanceMethod gim)
            {
                Report("generic method instantiation", gim.FullName);
                foreach (var a in gim.GenericArguments) CheckTypeRef(a);
                CheckMethodRef(gim.ElementMethod);
                return;
            }
            CheckTypeRef(m.DeclaringType);
            if (m is MethodDefinition) return;
            if (m.DeclaringType is TypeSpecification) return; // already reported by CheckTypeRef
            var decl = ResolveApiType(m.DeclaringType);
            if (decl == null) return;
            int n = m.Parameters.Count;
            var candidates = decl.Methods.Where(x => x.Name == m.Name && x.Parameters.Count == n).ToList();
            bool match = candidates.Any(c => SameSignature(c, m));
            if (!match) Report("member the device library does not have", $"{m.DeclaringType.FullName}.{m.Name}({string.Join(", ", m.Parameters.Select(p => p.ParameterType.FullName))})");
        }

        private static bool SameSignature(MethodDefinition def, MethodReference r)
        {
            if (def.ReturnType.FullName != r.ReturnType.FullName) return false;
            for (int i = 0; i < def.Parameters.Count; i++)
                if (def.Parameters[i].ParameterType.FullName != r.Parameters[i].ParameterType.FullName) return false;
            return true;
        }

        /// <summary>The API type a reference resolves to, or null when it is ours or already reported.</summary>
        private TypeDefinition? ResolveApiType(TypeReference t)
        {
            if (t.Scope is not AssemblyNameReference anr) return null;
            if (!_gate._apiTypes.TryGetValue(anr.Name, out var types)) return null;
            types.TryGetValue(FullNameForLookup(t), out var def);
            return def;
        }

        private static string FullNameForLookup(TypeReference t) =>
            t.IsNested ? FullNameForLookup(t.DeclaringType) + "/" + t.Name : t.FullName;

        private void CheckTypeRef(TypeReference? t)
        {
            if (t == null) return;
            switch (t)
            {
                case GenericInstanceType git:
                    {
                        var name = git.ElementType.FullName;
                        if (name.StartsWith("System.Func`", StringComparison.Ordinal) || name.StartsWith("System.Action`", StringComparison.Ordinal)
                            || name.StartsWith("System.Predicate`", StringComparison.Ordinal) || name.StartsWith("System.Comparison`", StringComparison.Ordinal))
                            Report("generic delegate", git.FullName);
                        else
                            Report("generic instantiation", git.FullName);
                        CheckTypeRef(git.ElementType);
                        foreach (var a in git.GenericArguments) CheckTypeRef(a);
                        return;
                    }
                case GenericParameter gp:
                    Report("generic parameter use", gp.Name);
                    return;
                case PointerType pt:
                    Report("unsafe pointer type", pt.FullName);
                    CheckTypeRef(pt.ElementType);
                    return;
                case FunctionPointerType fpt:
                    Report("unsafe function pointer type", fpt.FullName);
                    return;
                case PinnedType pin:
                    CheckTypeRef(pin.ElementType);
                    return;
                case RequiredModifierType req:
                    CheckTypeRef(req.ModifierType);
                    CheckTypeRef(req.ElementType);
                    return;
                case OptionalModifierType opt:
                    CheckTypeRef(opt.ElementType);
                    return;
                case TypeSpecification spec: // arrays, by-ref, sentinel
                    CheckTypeRef(spec.ElementType);
                    return;
            }

            var full = t.FullName;
            if (full == "System.Math" || full == "System.MathF") Report("System.Math", "not in nanoFramework mscorlib: use tables and integer approximations");
            else if (full.StartsWith("System.Span`", StringComparison.Ordinal) || full.StartsWith("System.ReadOnlySpan`", StringComparison.Ordinal)
                     || full.StartsWith("System.Memory`", StringComparison.Ordinal) || full.StartsWith("System.ReadOnlyMemory`", StringComparison.Ordinal))
                Report("Span<T>", "use SpanByte or arrays");
            else if (full.StartsWith("System.ValueTuple", StringComparison.Ordinal) || full.StartsWith("System.Tuple", StringComparison.Ordinal)) Report("ValueTuple", full);
            else if (full == "System.Decimal") Report("decimal", "not in nanoFramework mscorlib");
            else if (full.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal) || full.StartsWith("System.Runtime.CompilerServices.AsyncTaskMethodBuilder", StringComparison.Ordinal)
                     || full.StartsWith("System.Runtime.CompilerServices.AsyncVoidMethodBuilder", StringComparison.Ordinal))
                Report("async", full);
            else if (full.StartsWith("System.Collections.Generic.", StringComparison.Ordinal) || full.StartsWith("System.Linq.", StringComparison.Ordinal))
                Report("generic collections / LINQ", full);

            if (t.Scope is AssemblyNameReference scope)
            {
                if (_gate._apiTypes.TryGetValue(scope.Name, out var types))
                {
                    if (!types.ContainsKey(FullNameForLookup(t)))
                        Report("type the device library does not have", $"{FullNameForLookup(t)} is not in {scope.Name}");
                }
                else if (_siblings.TryGetValue(scope.Name, out var sib))
                {
                    if (!sib.ContainsKey(FullNameForLookup(t))) Report("unresolved type", $"{t.FullName} in {scope.Name}");
                }
                else
                {
                    Report("type outside nanoFramework mscorlib and the listed packages", $"{t.FullName} from {scope.Name}");
                }
            }
        }
    }
}
