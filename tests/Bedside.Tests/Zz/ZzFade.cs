using Bedside.Core;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Bedside.Core.Ports;
using Xunit;

namespace Bedside.Tests.Zz;

public class ZzFade
{
    const int Fs = 16000, Win = 800;
    static BedsideUnit NewUnit(ProgramKind program, int levelCentiDb)
    {
        var storage = RamStorage.CreateDefault();
        var first = new BedsideUnit(storage, new SensingHub(), Fs, 7);
        var s = new DeviceSettings();
        first.Controller.CopySettingsTo(s);
        s.LevelCapCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
        s.DefaultLevelCentiDb = levelCentiDb; s.StoredLevelCentiDb = levelCentiDb; s.DefaultProgram = program;
        Assert.Null(first.Controller.ApplySettings(s));
        return new BedsideUnit(storage, new SensingHub(), Fs, 7);
    }
    static short[] Run(BedsideUnit u, long t0, int windows, Action<long>? pre = null)
    {
        var block = new byte[Win * 2]; var pcm = new short[windows * Win];
        for (int k = 0; k < windows; k++)
        {
            long t = t0 + (long)k * 50;
            pre?.Invoke(t);
            u.ControlTick(t);
            u.Render(block, 0, Win);
            for (int i = 0; i < Win; i++) pcm[k * Win + i] = (short)(block[2 * i] | (block[2 * i + 1] << 8));
        }
        return pcm;
    }
    static double[] Db(short[] a, short[]? b = null)
    {
        int n = a.Length / Win; var d = new double[n];
        for (int k = 0; k < n; k++) { double sq = 0; for (int i = k * Win; i < (k + 1) * Win; i++) { double v = a[i] - (b == null ? 0 : b[i]); sq += v * v; } d[k] = 10 * Math.Log10(Math.Max(sq / Win, 1e-12)); }
        return d;
    }
    [Fact]
    public void Dump()
    {
        var w = new StreamWriter("/tmp/cues/fade.txt");
        foreach (var p in new[] { ProgramKind.Sleep, ProgramKind.Calm, ProgramKind.Pain, ProgramKind.Noise })
        foreach (var l in new[] { -4500, -3000, -600 })
        {
            var u1 = NewUnit(p, l); Run(u1, 0, 20);
            u1.OnButtonEdge(true, 1000); u1.OnButtonEdge(false, 1120);
            long T = -1;
            var a = Run(u1, 1000, 400, t => { });
            // find start tick: replay to find when state left Standby
            var probe = NewUnit(p, l); Run(probe, 0, 20); probe.OnButtonEdge(true, 1000); probe.OnButtonEdge(false, 1120);
            for (long t = 1000; t < 3000; t += 50) { probe.ControlTick(t); if (probe.Controller.State != TherapyState.Standby) { T = t; break; } }
            var u2 = NewUnit(p, l); Run(u2, 0, 20);
            var b = Run(u2, 1000, 400, t => { if (t == T) { u2.StartSession(t); u2.Controller.TakeCue(); } });
            var da = Db(a); var db = Db(b); var dc = Db(a, b);
            var lu = NewUnit(p, l); lu.StartSession(0); lu.Controller.TakeCue(); var ld = Db(Run(lu, 0, 1200))[400..1200]; Array.Sort(ld); double L = ld[400];
            int aud = Array.FindIndex(da, d => d >= -1.8), audMusic = Array.FindIndex(db, d => d >= -1.8), w6 = Array.FindIndex(da, (int)((T - 1000 + u1.CueStepMs + 49) / 50) + 1, d => d >= L - 6);
            int dEnd = (int)((T - 1000 + u1.CueStepMs) / 50); double n1 = da[..dEnd].Max() - L, n2 = dc[40..].Max() - L; int n1at = Array.IndexOf(da, da[..dEnd].Max());
            if (l == -600 || l == -4500) w.WriteLine(string.Join(" ", da[..160].Select((d, k) => $"{k * 50}:{d - L:0}")));
            w.WriteLine($"{p} {l} start tick {T} L {L:0.0}: first audible {aud * 50} (music alone {audMusic * 50}), within6 {w6 * 50}; cue note1 {n1:+0.0;-0.0} at {n1at * 50}, rest {n2:+0.0;-0.0}");
        }
        w.Close();
    }
}
