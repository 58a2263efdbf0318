using System.Globalization;
using Bedside.Core.Composer;
using Bedside.Core.Sensing;
using Bedside.Sim.Cli;
using Bedside.Sim.Session;
using Xunit;

namespace Bedside.Tests.Sim;

/// <summary>
/// Drives the session loop with a scripted core whose outputs are known, and checks that the loop feeds it
/// as the device would and reports exactly what it says (timeline cells, level, trace, log bytes).
/// </summary>
public sealed class SessionLoopContractTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bedside-sim-contract-" + Guid.NewGuid().ToString("N"));
    public SessionLoopContractTests() { Directory.CreateDirectory(_root); }
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private sealed class ScriptedCore : ISessionCore
    {
        public readonly List<long> PulseT = new(), EdaT = new(), TickMs = new();
        public readonly List<(bool, long, long)> Edges = new(); // pressed, edge time, tick count when received
        public long StartMs = -1, RenderedSamples;
        private readonly PhysioSnapshot _snap = new();
        private readonly MusicControls _controls = new();
        private string _state = "Standby";
        private string _trace = "";
        private long _lastPulse = -1;
        public bool PulseOrderOk = true;

        public void Start(long nowMs) => StartMs = nowMs;
        public void PushPulse(int raw, long tUs) { if (tUs < _lastPulse || raw < 0 || raw > 4095) PulseOrderOk = false; _lastPulse = tUs; PulseT.Add(tUs); }
        public void PushEda(int raw, long tUs) => EdaT.Add(tUs);
        public void OnButtonEdge(bool pressed, long tMs) => Edges.Add((pressed, tMs, TickMs.Count));
        public int BlockSamples => Bedside.Core.Runtime.Rates.ControlPeriodSamples(11025);
        public byte[] Block { get; } = new byte[2 * Bedside.Core.Runtime.Rates.ControlPeriodSamples(11025)];
        public void Step(long nowUs)
        {
            Tick(nowUs / 1000);
            Render(Block, 0, BlockSamples);
        }
        private void Tick(long nowMs)
        {
            TickMs.Add(nowMs);
            bool second30 = nowMs >= 30_000;
            _snap.Pulse = second30 ? PulseStatus.Ok : PulseStatus.Settling;
            _snap.HeartRateCentiBpm = second30 ? 6250 : 0;
            _snap.PulseQuality = 80;
            _snap.RmssdMs = second30 ? 42 : 0;
            _snap.Eda = EdaStatus.Detached;
            _snap.SclNanoSiemens = 0;
            _snap.ArousalQ15 = 16384;
            _snap.ConfidenceQ15 = second30 ? 32767 : 0;
            _controls.TempoCentiBpm = 6800;
            _controls.BrightnessQ15 = 8192;
            _controls.DensityQ15 = 32767;
            string s = second30 ? "Settled" : "Attune";
            if (s != _state) { _trace += nowMs + "," + s + ",scripted\n"; _state = s; }
        }
        private void Render(byte[] dst, int offset, int n)
        {
            // Square wave of amplitude 3277 (-20.0 dBFS RMS), so the level column is known exactly.
            for (int i = 0; i < n; i++)
            {
                short v = (short)(((RenderedSamples + i) & 8) == 0 ? 3277 : -3277);
                dst[offset + 2 * i] = (byte)v; dst[offset + 2 * i + 1] = (byte)(v >> 8);
            }
            RenderedSamples += n;
        }
        public PhysioSnapshot Snapshot => _snap;
        public MusicControls Controls => _controls;
        public string StateName => _state;
        public void DrainTrace(TextWriter sink) { sink.Write(_trace); _trace = ""; }
        public byte[] GetSessionLogBytes(long nowMs) => new byte[] { 0xB5, 0xED, 1, 2, 3, (byte)(nowMs / 1000) };
    }

    [Fact]
    public void The_loop_feeds_the_core_like_the_device_and_reports_what_it_says()
    {
        string dir = Path.Combine(_root, "out"), buttons = Path.Combine(_root, "b.txt");
        File.WriteAllText(buttons, "10,pressed\n10.004,released\n10.010,pressed\n10.2,released\n");
        ScriptedCore core = null;
        var o = new StringWriter(); var e = new StringWriter();
        int code = SimCli.Run(new[] { "session", "--minutes", "1", "--rate", "11025", "--buttons", buttons, "--out", dir }, o, e, false,
            c => { Assert.Equal(11025, c.SampleRateHz); Assert.Equal(1u, c.Seed); return core = new ScriptedCore(); });
        Assert.True(code == 0, e.ToString());

        // Feeding: started at 0, a step per control period (551 samples at 11025 Hz, as the device's audio loop) at the
        // end of the audio it renders, sensor rates with jitter in time order, edges before their tick.
        Assert.Equal(0, core.StartMs);
        Assert.Equal(1201, core.TickMs.Count); // 1201 × 551 ≥ 60 s of samples; the WAV is cut at 60 s
        Assert.Equal(Enumerable.Range(1, 1201).Select(i => i * 551L * 1_000_000 / 11025 / 1000), core.TickMs);
        Assert.True(core.PulseOrderOk);
        Assert.InRange(core.PulseT.Count, Bedside.Sim.Session.DeviceRates.PpgHz * 60 - 50, Bedside.Sim.Session.DeviceRates.PpgHz * 60 + 50);
        Assert.InRange(core.EdaT.Count, Bedside.Sim.Session.DeviceRates.EdaHz * 60 - 5, Bedside.Sim.Session.DeviceRates.EdaHz * 60 + 5);
        Assert.Equal(1201L * 551, core.RenderedSamples);
        Assert.Equal(44 + 2 * 11025L * 60, new FileInfo(Path.Combine(dir, "session.wav")).Length);
        Assert.Equal(new[] { (true, 10_000L), (false, 10_004L), (true, 10_010L), (false, 10_200L) }, core.Edges.Select(x => (x.Item1, x.Item2)));
        foreach (var (_, t, ticksBefore) in core.Edges) Assert.Equal(core.TickMs.Count(ms => ms < t), ticksBefore); // delivered just before the tick at or after t

        var rows = File.ReadAllLines(Path.Combine(dir, "timeline.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(60, rows.Length);
        var early = rows[9]; // t = 10 s: pulse settling, no confidence
        Assert.Equal(new[] { "10", "sleep", "Attune", "", "80", "", "", "", "", "0.000", "68.00", "0.250", "1.000" }, early.Take(13));
        var late = rows[59]; // t = 60 s
        Assert.Equal(new[] { "60", "sleep", "Settled", "62.5", "80", "42", "", "", "0.500", "1.000", "68.00" }, late.Take(11));
        foreach (var r in rows.Skip(1)) Assert.Equal(-20.0, double.Parse(r[13], CultureInfo.InvariantCulture), 1);

        Assert.Equal(new byte[] { 0xB5, 0xED, 1, 2, 3, 60 }, File.ReadAllBytes(Path.Combine(dir, "session.log")));
        Assert.Equal("t_ms,state,reason\n49,Attune,scripted\n30036,Settled,scripted\n", File.ReadAllText(Path.Combine(dir, "trace.csv")));

        string summary = o.ToString();
        Assert.Contains("Minutes per state: Attune 0.5 | Settled 0.5", summary);
        Assert.Contains("Time to settle: 0.5 min", summary);
        Assert.Contains("median -20.0, p95 -20.0, max -20.0; sample peak -20.0 dBFS", summary);
    }
}
