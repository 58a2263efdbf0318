using BindingFlags = System.Reflection.BindingFlags;
using System.Runtime.Loader;
using Bedside.Budget;
using Mono.Cecil;
using TypeAttributes = Mono.Cecil.TypeAttributes;
using MethodAttributes = Mono.Cecil.MethodAttributes;
using FieldAttributes = Mono.Cecil.FieldAttributes;
using Mono.Cecil.Cil;
using Xunit;

namespace Bedside.Tests.Tools;

/// <summary>
/// Calibrates the budget meter's instrumenter against methods whose executed IL is known exactly. The methods are
/// written instruction by instruction with Mono.Cecil (no compiler in between), instrumented by
/// <see cref="Instrumenter.Instrument"/>, loaded and run; the counters must equal the hand count for every
/// input: straight-line code, a counted loop (leaders at branch targets and after branches), a call, an array and
/// an object allocation with their byte estimates, a try/finally, a switch, and the loop-types split (LoopIL).
/// </summary>
public class BudgetMeterCalibrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bedside-calib-").FullName;
    private readonly AssemblyLoadContext _alc = new("calibration", isCollectible: true);
    private readonly Type _calib, _loop, _counters;

    public BudgetMeterCalibrationTests()
    {
        string path = Path.Combine(_dir, "Calibration.dll");
        BuildCalibrationAssembly(path);
        var asm = _alc.LoadFromStream(new MemoryStream(Instrumenter.Instrument(path)));
        _calib = asm.GetType("Calib.Known");
        // One of the instrumenter's loop types: its own IL is counted in LoopIL as well.
        _loop = asm.GetType("Bedside.Core.Runtime.SensorLoop");
        _counters = asm.GetType(Instrumenter.CounterType);
    }

    public void Dispose()
    {
        _alc.Unload();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private long Counter(string name) => (long)_counters.GetField(name).GetValue(null);

    private (object result, long il, long calls, long allocs, long bytes, long loopIl) Run(Type t, string method, params object[] args)
    {
        foreach (var f in new[] { "IL", "Calls", "Allocs", "Bytes", "LoopIL" }) _counters.GetField(f).SetValue(null, 0L);
        object r = t.GetMethod(method, BindingFlags.Public | BindingFlags.Static).Invoke(null, args);
        return (r, Counter("IL"), Counter("Calls"), Counter("Allocs"), Counter("Bytes"), Counter("LoopIL"));
    }

    [Fact]
    public void Straight_line_code_counts_each_instruction_once()
    {
        var m = Run(_calib, "Straight");
        Assert.Equal(3, m.result);
        Assert.Equal(4, m.il);          // ldc.i4.1, ldc.i4.2, add, ret
        Assert.Equal(0, m.calls);
        Assert.Equal(0, m.allocs);
        Assert.Equal(0, m.loopIl);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void A_counted_loop_costs_10_plus_11_IL_per_iteration(int n)
    {
        var m = Run(_calib, "Sum", n);
        Assert.Equal(n * (n - 1) / 2, m.result);   // the instrumented code still computes the same thing
        Assert.Equal(10 + 11L * n, m.il);
        Assert.Equal(0, m.calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public void A_call_counts_the_callers_and_the_callees_IL_and_one_call(int n)
    {
        var m = Run(_calib, "CallSum", n);
        Assert.Equal(n * (n - 1) / 2, m.result);
        Assert.Equal(3 + 10 + 11L * n, m.il);      // ldarg.0, call, ret + the callee
        Assert.Equal(1, m.calls);
        Assert.Equal(0, m.loopIl);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(256)]
    public void An_int_array_counts_one_allocation_of_12_plus_4n_bytes(int n)
    {
        var m = Run(_calib, "NewInts", n);
        Assert.Equal(n, m.result);
        Assert.Equal(5, m.il);                     // ldarg.0, newarr, ldlen, conv.i4, ret
        Assert.Equal(1, m.allocs);
        Assert.Equal(12 + 4L * n, m.bytes);
    }

    [Fact]
    public void A_short_array_counts_2_bytes_per_element()
    {
        var m = Run(_calib, "NewShorts", 100);
        Assert.Equal(1, m.allocs);
        Assert.Equal(12 + 2 * 100, m.bytes);
    }

    [Fact]
    public void An_object_counts_one_call_one_allocation_and_8_plus_4_bytes_per_field()
    {
        var m = Run(_calib, "NewPair");
        Assert.NotNull(m.result);
        Assert.Equal(2 + 3, m.il);                 // newobj, ret + the constructor (ldarg.0, call object::.ctor, ret)
        Assert.Equal(2, m.calls);                  // newobj and the base constructor call
        Assert.Equal(1, m.allocs);
        Assert.Equal(8 + 4 * 2, m.bytes);          // two instance fields; the static field is not counted
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 11)]
    [InlineData(2, 12)]
    [InlineData(9, -1)]
    public void A_switch_counts_only_the_taken_arm(int k, int expected)
    {
        var m = Run(_calib, "Switch", k);
        Assert.Equal(expected, m.result);
        Assert.Equal(2 + 2, m.il);                 // ldarg.0, switch + the arm (ldc, ret), whichever is taken
    }

    [Fact]
    public void A_try_finally_counts_the_protected_block_the_handler_and_the_exit()
    {
        var m = Run(_calib, "TryFinally", 5);
        Assert.Equal(6, m.result);
        // try: ldarg.0, ldc.i4.1, add, stloc.0, leave (5); finally: ldarg.0, starg.s, endfinally (3); after: ldloc.0, ret (2)
        Assert.Equal(10, m.il);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void A_loop_types_own_IL_counts_in_LoopIL_and_the_work_it_calls_only_in_IL(int n)
    {
        var m = Run(_loop, "Step", n);
        Assert.Equal(n * (n - 1) / 2, m.result);
        Assert.Equal(3, m.loopIl);                 // the loop type's own ldarg.0, call, ret
        Assert.Equal(3 + 10 + 11L * n, m.il);
    }

    /// <summary>Writes the calibration assembly. Every method's IL is listed here exactly as it runs.</summary>
    private static void BuildCalibrationAssembly(string path)
    {
        using var asm = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Calibration", new Version(1, 0)), "Calibration", ModuleKind.Dll);
        var mod = asm.MainModule;
        var ts = mod.TypeSystem;
        var known = new TypeDefinition("Calib", "Known", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, ts.Object);
        mod.Types.Add(known);
        MethodDefinition Static(TypeDefinition owner, string name, TypeReference ret, params TypeReference[] args)
        {
            var m = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static, ret);
            foreach (var a in args) m.Parameters.Add(new ParameterDefinition(a));
            owner.Methods.Add(m);
            return m;
        }

        var straight = Static(known, "Straight", ts.Int32).Body.GetILProcessor();
        straight.Emit(OpCodes.Ldc_I4_1); straight.Emit(OpCodes.Ldc_I4_2); straight.Emit(OpCodes.Add); straight.Emit(OpCodes.Ret);

        // int Sum(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }
        var sum = Static(known, "Sum", ts.Int32, ts.Int32);
        sum.Body.Variables.Add(new VariableDefinition(ts.Int32));
        sum.Body.Variables.Add(new VariableDefinition(ts.Int32));
        var il = sum.Body.GetILProcessor();
        var body = il.Create(OpCodes.Ldloc_0);
        var cond = il.Create(OpCodes.Ldloc_1);
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Stloc_0); il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Stloc_1);
        il.Emit(OpCodes.Br, cond);                                                            // entry block: 5
        il.Append(body); il.Emit(OpCodes.Ldloc_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc_0);
        il.Emit(OpCodes.Ldloc_1); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc_1); // body: 8
        il.Append(cond); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Blt, body);                // condition: 3, n + 1 times
        il.Emit(OpCodes.Ldloc_0); il.Emit(OpCodes.Ret);                                       // exit: 2

        var callSum = Static(known, "CallSum", ts.Int32, ts.Int32).Body.GetILProcessor();
        callSum.Emit(OpCodes.Ldarg_0); callSum.Emit(OpCodes.Call, sum); callSum.Emit(OpCodes.Ret);

        foreach (var (name, elem) in new[] { ("NewInts", ts.Int32), ("NewShorts", ts.Int16) })
        {
            var p = Static(known, name, ts.Int32, ts.Int32).Body.GetILProcessor();
            p.Emit(OpCodes.Ldarg_0); p.Emit(OpCodes.Newarr, elem); p.Emit(OpCodes.Ldlen); p.Emit(OpCodes.Conv_I4); p.Emit(OpCodes.Ret);
        }

        var pair = new TypeDefinition("Calib", "Pair", TypeAttributes.Public | TypeAttributes.Sealed, ts.Object);
        pair.Fields.Add(new FieldDefinition("A", FieldAttributes.Public, ts.Int32));
        pair.Fields.Add(new FieldDefinition("B", FieldAttributes.Public, ts.Int64));
        pair.Fields.Add(new FieldDefinition("Shared", FieldAttributes.Public | FieldAttributes.Static, ts.Int32));
        mod.Types.Add(pair);
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ts.Void);
        pair.Methods.Add(ctor);
        var objectCtor = mod.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes));
        var c = ctor.Body.GetILProcessor();
        c.Emit(OpCodes.Ldarg_0); c.Emit(OpCodes.Call, objectCtor); c.Emit(OpCodes.Ret);
        var newPair = Static(known, "NewPair", ts.Object).Body.GetILProcessor();
        newPair.Emit(OpCodes.Newobj, ctor); newPair.Emit(OpCodes.Ret);

        // int Switch(int k) => k switch { 0 => 10, 1 => 11, 2 => 12, _ => -1 };
        var sw = Static(known, "Switch", ts.Int32, ts.Int32).Body.GetILProcessor();
        var arms = new[] { sw.Create(OpCodes.Ldc_I4, 10), sw.Create(OpCodes.Ldc_I4, 11), sw.Create(OpCodes.Ldc_I4, 12) };
        sw.Emit(OpCodes.Ldarg_0); sw.Emit(OpCodes.Switch, arms);
        sw.Emit(OpCodes.Ldc_I4_M1); sw.Emit(OpCodes.Ret);
        foreach (var a in arms) { sw.Append(a); sw.Emit(OpCodes.Ret); }

        // int TryFinally(int x) { int r; try { r = x + 1; } finally { x = x; } return r; }
        var tf = Static(known, "TryFinally", ts.Int32, ts.Int32);
        tf.Body.Variables.Add(new VariableDefinition(ts.Int32));
        var t = tf.Body.GetILProcessor();
        var after = t.Create(OpCodes.Ldloc_0);
        var tryStart = t.Create(OpCodes.Ldarg_0);
        var handlerStart = t.Create(OpCodes.Ldarg_0);
        t.Append(tryStart); t.Emit(OpCodes.Ldc_I4_1); t.Emit(OpCodes.Add); t.Emit(OpCodes.Stloc_0); t.Emit(OpCodes.Leave, after);
        t.Append(handlerStart); t.Emit(OpCodes.Starg_S, tf.Parameters[0]); t.Emit(OpCodes.Endfinally);
        t.Append(after); t.Emit(OpCodes.Ret);
        tf.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart, TryEnd = handlerStart, HandlerStart = handlerStart, HandlerEnd = after,
        });

        var loopType = new TypeDefinition("Bedside.Core.Runtime", "SensorLoop", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, ts.Object);
        mod.Types.Add(loopType);
        var step = Static(loopType, "Step", ts.Int32, ts.Int32).Body.GetILProcessor();
        step.Emit(OpCodes.Ldarg_0); step.Emit(OpCodes.Call, sum); step.Emit(OpCodes.Ret);

        asm.Write(path);
    }
}
