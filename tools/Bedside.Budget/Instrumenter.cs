using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Bedside.Budget;

/// <summary>
/// Rewrites an assembly so that every executed IL instruction, call and allocation is counted in static
/// long fields of an injected class <c>BedsideBudgetCounters</c> (IL, Calls, Allocs, Bytes).
/// Counting is per basic block: at each block leader the block's static counts are added (a block, once entered,
/// runs to its end unless an exception is thrown). Calls = call, callvirt, calli, newobj. Allocations = newarr,
/// box, and newobj of reference types. Bytes: newarr adds 12 + length·elementSize at run time; newobj adds
/// 8 + 4 per instance field (an estimate of the object's heap size). Injected instructions are not counted.
/// The IL of methods declared by the types in <see cref="LoopTypes"/> (the threads' loops and their virtual
/// parts) is counted in LoopIL as well, so a caller can tell a loop's own work from the work it calls (the engine,
/// the control tick, the sensing pipelines), which counts in IL only.
/// </summary>
public static class Instrumenter
{
    public const string CounterType = "BedsideBudgetCounters";

    /// <summary>The loops' own code: the audio loop, its virtual clock and output, the pacer and the amplifier gate;
    /// the sensor loop and its virtual sensors.</summary>
    public static readonly string[] LoopTypes =
    {
        "Bedside.Core.Runtime.AudioLoop", "Bedside.Core.Runtime.VirtualAudioOut", "Bedside.Core.Runtime.ManualClock",
        "Bedside.Core.Drivers.AudioPacer", "Bedside.Core.Drivers.AmpGate",
        "Bedside.Core.Runtime.SensorLoop", "Bedside.Core.Runtime.VirtualSensor",
    };

    public static byte[] Instrument(string assemblyPath) => Instrument(assemblyPath, null);

    /// <summary>
    /// As <see cref="Instrument(string)"/>; with a non-null methodNames list each block also adds its IL to
    /// <c>BedsideBudgetCounters.PerMethod[id]</c> (a long[] the caller assigns before running), id = the method's index
    /// in methodNames (filled here, "Type::Method"): the self IL of every method, for a profile.
    /// </summary>
    public static byte[] Instrument(string assemblyPath, List<string> methodNames)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(assemblyPath)));
        using var asm = AssemblyDefinition.ReadAssembly(assemblyPath, new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false });
        var module = asm.MainModule;
        var counters = new TypeDefinition("", CounterType,
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class,
            module.TypeSystem.Object);
        FieldDefinition F(string name)
        {
            var f = new FieldDefinition(name, FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
            counters.Fields.Add(f);
            return f;
        }
        var fIl = F("IL"); var fCalls = F("Calls"); var fAllocs = F("Allocs"); var fBytes = F("Bytes"); var fLoopIl = F("LoopIL");
        FieldDefinition fPer = null;
        if (methodNames != null)
        {
            fPer = new FieldDefinition("PerMethod", FieldAttributes.Public | FieldAttributes.Static, new ArrayType(module.TypeSystem.Int64));
            counters.Fields.Add(fPer);
        }
        var types = AllTypes(module.Types).ToList();
        module.Types.Add(counters);
        foreach (var t in types)
        {
            bool loop = Array.IndexOf(LoopTypes, t.FullName) >= 0;
            foreach (var m in t.Methods)
            {
                if (!m.HasBody) continue;
                int id = -1;
                if (methodNames != null) { id = methodNames.Count; methodNames.Add(t.FullName + "::" + m.Name); }
                InstrumentMethod(m, fIl, fCalls, fAllocs, fBytes, loop ? fLoopIl : null, fPer, id);
            }
        }
        using var ms = new MemoryStream();
        asm.Write(ms);
        return ms.ToArray();
    }

    private static IEnumerable<TypeDefinition> AllTypes(IEnumerable<TypeDefinition> types)
    {
        foreach (var t in types)
        {
            yield return t;
            foreach (var n in AllTypes(t.NestedTypes)) yield return n;
        }
    }

    private static bool IsBlockEnd(Instruction i)
    {
        var fc = i.OpCode.FlowControl;
        return fc == FlowControl.Branch || fc == FlowControl.Cond_Branch || fc == FlowControl.Return || fc == FlowControl.Throw
            || i.OpCode.Code == Code.Endfinally || i.OpCode.Code == Code.Endfilter || i.OpCode.Code == Code.Leave;
    }

    private static void InstrumentMethod(MethodDefinition m, FieldDefinition fIl, FieldDefinition fCalls, FieldDefinition fAllocs, FieldDefinition fBytes,
        FieldDefinition fLoopIl, FieldDefinition fPer = null, int id = -1)
    {
        var body = m.Body;
        body.SimplifyMacros();
        var ins = body.Instructions.ToList();
        if (ins.Count == 0) return;
        var leaders = new HashSet<Instruction> { ins[0] };
        for (int k = 0; k < ins.Count; k++)
        {
            var i = ins[k];
            if (i.Operand is Instruction t) leaders.Add(t);
            if (i.Operand is Instruction[] ts) foreach (var x in ts) leaders.Add(x);
            if (IsBlockEnd(i) && k + 1 < ins.Count) leaders.Add(ins[k + 1]);
        }
        foreach (var h in body.ExceptionHandlers)
        {
            foreach (var x in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
                if (x != null) leaders.Add(x);
        }
        // static counts per block (original instructions only)
        var plan = new List<(Instruction leader, long il, long calls, long allocs)>();
        var newarrs = new List<Instruction>();
        var newobjs = new List<(Instruction at, long size)>();
        Instruction cur = null; long cil = 0, ccalls = 0, callocs = 0;
        foreach (var i in ins)
        {
            if (leaders.Contains(i))
            {
                if (cur != null) plan.Add((cur, cil, ccalls, callocs));
                cur = i; cil = 0; ccalls = 0; callocs = 0;
            }
            cil++;
            switch (i.OpCode.Code)
            {
                case Code.Call: case Code.Callvirt: case Code.Calli:
                    ccalls++; break;
                case Code.Newobj:
                    ccalls++;
                    var ctor = (MethodReference)i.Operand;
                    TypeDefinition td = null;
                    try { td = ctor.DeclaringType.Resolve(); } catch { }
                    if (td == null || !td.IsValueType)
                    {
                        callocs++;
                        long size = 8 + 4L * (td?.Fields.Count(f => !f.IsStatic) ?? 0);
                        newobjs.Add((i, size));
                    }
                    break;
                case Code.Newarr:
                    callocs++; newarrs.Add(i); break;
                case Code.Box:
                    callocs++; newobjs.Add((i, 12)); break;
            }
        }
        if (cur != null) plan.Add((cur, cil, ccalls, callocs));

        var il = body.GetILProcessor();
        var i64 = m.Module.TypeSystem.Int64;
        foreach (var na in newarrs)
        {
            int elem = ElemSize((TypeReference)na.Operand);
            InsertBefore(body, il, na, new[]
            {
                il.Create(OpCodes.Dup), il.Create(OpCodes.Conv_I8), il.Create(OpCodes.Ldc_I8, (long)elem), il.Create(OpCodes.Mul),
                il.Create(OpCodes.Ldc_I8, 12L), il.Create(OpCodes.Add),
                il.Create(OpCodes.Ldsfld, fBytes), il.Create(OpCodes.Add), il.Create(OpCodes.Stsfld, fBytes),
            });
        }
        foreach (var (at, size) in newobjs)
            InsertBefore(body, il, at, Add(il, fBytes, size));
        foreach (var (leader, cIl, cCalls, cAllocs) in plan)
        {
            var seq = new List<Instruction>();
            seq.AddRange(Add(il, fIl, cIl));
            if (fLoopIl != null) seq.AddRange(Add(il, fLoopIl, cIl));
            if (fPer != null)
                seq.AddRange(new[]
                {
                    il.Create(OpCodes.Ldsfld, fPer), il.Create(OpCodes.Ldc_I4, id), il.Create(OpCodes.Ldelema, i64),
                    il.Create(OpCodes.Dup), il.Create(OpCodes.Ldind_I8), il.Create(OpCodes.Ldc_I8, cIl), il.Create(OpCodes.Add),
                    il.Create(OpCodes.Stind_I8),
                });
            if (cCalls > 0) seq.AddRange(Add(il, fCalls, cCalls));
            if (cAllocs > 0) seq.AddRange(Add(il, fAllocs, cAllocs));
            InsertBefore(body, il, leader, seq.ToArray());
        }
        body.OptimizeMacros();
    }

    private static Instruction[] Add(ILProcessor il, FieldDefinition f, long n) => new[]
    {
        il.Create(OpCodes.Ldsfld, f), il.Create(OpCodes.Ldc_I8, n), il.Create(OpCodes.Add), il.Create(OpCodes.Stsfld, f),
    };

    private static int ElemSize(TypeReference t)
    {
        switch (t.MetadataType)
        {
            case MetadataType.Boolean: case MetadataType.Byte: case MetadataType.SByte: return 1;
            case MetadataType.Char: case MetadataType.Int16: case MetadataType.UInt16: return 2;
            case MetadataType.Int64: case MetadataType.UInt64: case MetadataType.Double: return 8;
            default: return 4;
        }
    }

    /// <summary>Insert seq before target; branches and exception-handler boundaries that pointed at target now point at seq[0].</summary>
    private static void InsertBefore(MethodBody body, ILProcessor il, Instruction target, Instruction[] seq)
    {
        foreach (var x in seq) il.InsertBefore(target, x);
        var first = seq[0];
        foreach (var i in body.Instructions)
        {
            if (ReferenceEquals(i.Operand, target) && !seq.Contains(i)) i.Operand = first;
            else if (i.Operand is Instruction[] arr)
                for (int k = 0; k < arr.Length; k++) if (ReferenceEquals(arr[k], target)) arr[k] = first;
        }
        foreach (var h in body.ExceptionHandlers)
        {
            if (h.TryStart == target) h.TryStart = first;
            if (h.TryEnd == target) h.TryEnd = first;
            if (h.HandlerStart == target) h.HandlerStart = first;
            if (h.HandlerEnd == target) h.HandlerEnd = first;
            if (h.FilterStart == target) h.FilterStart = first;
        }
    }
}
