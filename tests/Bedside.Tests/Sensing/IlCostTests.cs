using System.Reflection;
using System.Runtime.Loader;
using Bedside.Host.Physio;
using Bedside.Host.Replay;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Sensing;

/// <summary>
/// Counts the IL instructions the sensing core executes per sample, on a real recording: a copy of
/// Bedside.Core is rewritten with Mono.Cecil so that every original instruction of Bedside.Core.Sensing first
/// bumps a static counter, then the copy runs in its own load context. (The integrator's budget meter is the
/// reference; this is the sensing module's own guard against regressions.)
/// </summary>
public class IlCostTests
{
    private readonly ITestOutputHelper _out;
    public IlCostTests(ITestOutputHelper o) { _out = o; }

    static Assembly Instrumented(out FieldInfo counter)
    {
        var src = typeof(Bedside.Core.Sensing.SensingHub).Assembly.Location;
        var asm = AssemblyDefinition.ReadAssembly(src);
        var mod = asm.MainModule;
        var holder = new TypeDefinition("IlCount", "C", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, mod.TypeSystem.Object);
        var fld = new FieldDefinition("N", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, mod.TypeSystem.Int64);
        holder.Fields.Add(fld); mod.Types.Add(holder);
        foreach (var t in mod.Types.Where(t => t.Namespace == "Bedside.Core.Sensing").ToList())
            foreach (var m in t.Methods.Where(m => m.HasBody))
            {
                var body = m.Body; body.SimplifyMacros(); var il = body.GetILProcessor();
                foreach (var ins in body.Instructions.ToList())
                {
                    // the original instruction object becomes the counter prologue (branch targets stay valid)
                    var orig = Instruction.Create(OpCodes.Nop); orig.OpCode = ins.OpCode; orig.Operand = ins.Operand;
                    ins.OpCode = OpCodes.Ldsfld; ins.Operand = fld;
                    var a = Instruction.Create(OpCodes.Ldc_I4_1); var b = Instruction.Create(OpCodes.Conv_I8);
                    var c = Instruction.Create(OpCodes.Add); var d = Instruction.Create(OpCodes.Stsfld, fld);
                    il.InsertAfter(ins, a); il.InsertAfter(a, b); il.InsertAfter(b, c); il.InsertAfter(c, d); il.InsertAfter(d, orig);
                }
                body.OptimizeMacros();
            }
        var ms = new MemoryStream(); asm.Write(ms);
        var ctx = new AssemblyLoadContext("il-count-" + Guid.NewGuid().ToString("N"), true);
        ms.Position = 0;
        var loaded = ctx.LoadFromStream(ms);
        counter = loaded.GetType("IlCount.C")!.GetField("N")!;
        return loaded;
    }

    [Fact]
    public void Per_sample_cost_is_within_300_IL_instructions()
    {
        var a = Instrumented(out var counter);
        var hubT = a.GetType("Bedside.Core.Sensing.SensingHub")!;
        var hub = Activator.CreateInstance(hubT)!;
        var snap = Activator.CreateInstance(a.GetType("Bedside.Core.Sensing.PhysioSnapshot")!)!;
        hubT.GetMethod("SetPulseAvailable")!.Invoke(hub, new object[] { true });
        hubT.GetMethod("SetEdaAvailable")!.Invoke(hub, new object[] { true });
        var pushPulse = hubT.GetMethod("PushPulse")!; var pushEda = hubT.GetMethod("PushEda")!; var update = hubT.GetMethod("Update")!;
        var ppg = PhysioCsv.Read(Path.Combine(Paths.Physio, "icu_mixedsignals.csv"));
        var eda = PhysioCsv.Read(Path.Combine(Paths.Physio, "nk_bio_100hz.csv"));
        var map = SensorMapping.PpgToAdc12(ppg.Ppg);
        long nP = 0, nE = 0, cP = 0, cE = 0, cU = 0, nU = 0; int j = 0, je = 0;
        for (long tUs = 0; tUs < 90_000_000; tUs += 8000)   // 90 s at 125 Hz, EDA at 15.6 Hz, control 10 Hz
        {
            while (j + 1 < ppg.TimeS.Length && ppg.TimeS[j + 1] * 1e6 <= tUs) j++;
            long c0 = (long)counter.GetValue(null)!;
            pushPulse.Invoke(hub, new object[] { map(ppg.Ppg[j]), tUs });
            cP += (long)counter.GetValue(null)! - c0; nP++;
            if (tUs % 64000 == 0)
            {
                while (je + 1 < eda.TimeS.Length && eda.TimeS[je + 1] * 1e6 <= tUs) je++;
                c0 = (long)counter.GetValue(null)!;
                pushEda.Invoke(hub, new object[] { SensorMapping.EdaToGrove(eda.EdaMicroSiemens[je]), tUs });
                cE += (long)counter.GetValue(null)! - c0; nE++;
            }
            if (tUs % 100000 == 0)
            {
                c0 = (long)counter.GetValue(null)!;
                update.Invoke(hub, new object[] { tUs / 1000, snap });
                cU += (long)counter.GetValue(null)! - c0; nU++;
            }
        }
        double perPpg = (double)cP / nP, perEda = (double)cE / nE, perUpdate = (double)cU / nU;
        _out.WriteLine($"IL per PPG sample {perPpg:0.0}, per EDA sample {perEda:0.0}, per Update {perUpdate:0.0}");
        Assert.True(perPpg <= 300, $"PPG {perPpg:0.0} IL per sample");
        Assert.True(perEda <= 300, $"EDA {perEda:0.0} IL per sample");
        Assert.True(perUpdate > 50, "the counter really counts");
    }
}
