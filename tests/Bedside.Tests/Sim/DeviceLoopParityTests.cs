using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Unit;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;
using Xunit;

namespace Bedside.Tests.Sim;

/// <summary>
/// The simulator's core runs the device's loops (the core's SensorLoop and AudioLoop over virtual parts). At
/// 16 kHz, where a control period is a whole 800 samples, that must give exactly what driving the unit by hand
/// gives (a tick at every 50 ms, readings and edges pushed straight in, 800 samples rendered), as the simulator's
/// README says; a change in how the loops order readings, edges, ticks and renders breaks the equality.
/// </summary>
public class DeviceLoopParityTests
{
    /// <summary>The unit driven by hand, as the simulator did before it ran the device's loops.</summary>
    private sealed class HandDrivenCore : ISessionCore
    {
        private readonly BedsideUnit _unit;
        public HandDrivenCore(SessionCoreConfig c)
        {
            var hub = new SensingHub(DeviceRates.PpgHz, PulseSensorKind.AnalogAdc12, DeviceRates.EdaHz, EdaSensorKind.GroveAdc12);
            hub.SetPulseAvailable(true);
            hub.SetEdaAvailable(true);
            _unit = new BedsideUnit(RamStorage.CreateDefault(), hub, c.SampleRateHz, c.Seed);
            var s = new DeviceSettings();
            _unit.Controller.CopySettingsTo(s);
            s.DefaultProgram = c.Program;
            Assert.Null(_unit.Controller.ApplySettings(s));
            BlockSamples = Rates.ControlPeriodSamples(c.SampleRateHz);
            Block = new byte[2 * BlockSamples];
        }
        public int BlockSamples { get; }
        public byte[] Block { get; }
        public void Start(long nowMs) => _unit.StartSession(nowMs);
        public void PushPulse(int raw, long tUs) => _unit.PushPulse(raw, tUs);
        public void PushEda(int raw, long tUs) => _unit.PushEda(raw, tUs);
        public void OnButtonEdge(bool pressed, long tMs) => _unit.OnButtonEdge(pressed, tMs);
        public void Step(long nowUs) { _unit.ControlTick(nowUs / 1000); _unit.Render(Block, 0, BlockSamples); }
        public PhysioSnapshot Snapshot => _unit.Physio;
        public Bedside.Core.Composer.MusicControls Controls => _unit.Controller.Controls;
        public string StateName => _unit.Controller.State.ToString();
        public void DrainTrace(TextWriter sink) { }
        public byte[] GetSessionLogBytes(long nowMs) => null;
    }

    [Fact]
    public void At_16_kHz_the_device_loops_render_what_the_hand_driven_unit_renders()
    {
        const int rate = 16000, seconds = 150;
        var cfg = new SessionCoreConfig { Program = Bedside.Core.ProgramKind.Calm, SampleRateHz = rate, Seed = 5 };
        var real = CoreParts.Create(cfg);
        var loops = new ClosedLoop(real, new Scenario(ScenarioKind.Restless, 5, seconds), rate, (long)seconds * rate);
        var hand = new HandDrivenCore(cfg);
        var byHand = new ClosedLoop(hand, new Scenario(ScenarioKind.Restless, 5, seconds), rate, (long)seconds * rate);
        // button edges: two taps (150 ms each), at 20 s and at 40.02 s
        long[] edgeMs = { 20_000, 20_150, 40_020, 40_170 };
        real.Start(0);
        hand.Start(0);
        int edge = 0, steps = 0, audibleSteps = 0;
        while (!loops.Done)
        {
            Assert.Equal(byHand.NowUs, loops.NowUs);
            loops.AdvanceListener();
            byHand.AdvanceListener();
            for (; edge < edgeMs.Length && edgeMs[edge] <= loops.NowUs / 1000; edge++)
            {
                real.OnButtonEdge(edge % 2 == 0, edgeMs[edge]);
                hand.OnButtonEdge(edge % 2 == 0, edgeMs[edge]);
            }
            loops.TickAndRender();
            byHand.TickAndRender();
            Assert.True(loops.Block.AsSpan(0, 2 * loops.BlockSamples).SequenceEqual(byHand.Block.AsSpan(0, 2 * byHand.BlockSamples)),
                $"step {steps} at {loops.NowUs} µs differs");
            Assert.Equal(hand.StateName, real.StateName);
            if (loops.TickPeak > 0) audibleSteps++;
            steps++;
        }
        Assert.Equal(seconds * 20, steps);
        Assert.Equal(edgeMs.Length, edge);
        Assert.True(audibleSteps > steps / 2, "the session made sound");
    }
}
