using Bedside.Core;
using Bedside.Core.Ports;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Therapy;
using Bedside.Tests.Common;
using CsCheck;
using Xunit;

namespace Bedside.Tests.Therapy;

/// <summary>
/// Random button edges (with chatter, holds, stuck periods), random / missing / out-of-range physiology,
/// irregular and backwards time, random (often invalid) settings writes. After every tick: level ≤ cap ≤ factory
/// maximum, controls in range, AudioShouldRun consistent, every new trace entry a row of the transition table. At the end: a hold always reaches Standby and a press
/// always starts again (no stuck state).
/// </summary>
public class PropertyTests
{
    private sealed class Harness
    {
        public readonly RamStorage Store = RamStorage.CreateDefault();
        public BedsideController C;
        public long T = 0;
        public readonly PhysioSnapshot P = new();
        public bool Down;
        public int Ticks;

        public Harness() { C = new BedsideController(Store); }

        private BedsideController _traced;
        private long _tracedTotal;
        private TherapyState _tracedState;

        /// <summary>Every trace entry since the last check is a row of the transition table, from the state before it.</summary>
        private void CheckTrace()
        {
            var tr = C.Trace;
            if (!ReferenceEquals(_traced, C))
            {
                _traced = C; _tracedTotal = 1; _tracedState = TherapyState.Standby;
                Assert.Equal(TransitionReason.Boot, tr.ReasonAt(0));
            }
            long fresh = tr.Total - _tracedTotal;
            Assert.True(fresh <= tr.Count, $"{fresh} transitions between two checks overran the trace ring");
            for (int k = tr.Count - (int)fresh; k < tr.Count; k++)
            {
                Assert.True(TherapyTransitions.Contains(_tracedState, tr.ReasonAt(k), tr.StateAt(k)),
                    $"{_tracedState} --{tr.ReasonAt(k)}--> {tr.StateAt(k)} is not in the table");
                _tracedState = tr.StateAt(k);
            }
            _tracedTotal = tr.Total;
            Assert.Equal(_tracedState, C.State);
        }

        public void Tick(PhysioSnapshot p)
        {
            C.Tick(T, p);
            C.TakeCue();
            Ticks++;
            Check();
        }

        public void Check()
        {
            var c = C.Controls;
            int cap = C.Settings.LevelCapCentiDb;
            Assert.True(c.LevelCentiDb <= cap, $"level {c.LevelCentiDb} above cap {cap}");
            Assert.True(cap <= DeviceSettings.FactoryMaxLevelCentiDb);
            Assert.InRange(c.LevelCentiDb, LevelControl.SilenceCentiDb, DeviceSettings.FactoryMaxLevelCentiDb);
            Assert.InRange(c.TempoCentiBpm, 4000, 12000);
            Assert.InRange(c.BrightnessQ15, 0, 32767);
            Assert.InRange(c.DensityQ15, 0, 32767);
            Assert.InRange(c.EnergyQ15, 0, 32767);
            Assert.Equal(C.State != TherapyState.Standby, C.AudioShouldRun);
            if (C.State == TherapyState.Standby) Assert.Equal(LevelControl.SilenceCentiDb, c.LevelCentiDb);
            Assert.InRange(C.IndicatorLevelQ15, 0, BedsideController.IndicatorDimQ15);
            CheckTrace();
        }

        public void Run(long ms, int step, PhysioSnapshot p)
        {
            long end = T + ms;
            while (T < end) { T += Math.Min(step, end - T); Tick(p); }
        }

        public void Apply(uint x)
        {
            uint a = x >> 4;
            switch (x & 15)
            {
                case 0: case 1: case 2: case 3: // ticks with random physiology
                    RandomPhysio(a);
                    Run(1 + a % 4000, 1 + (int)(a % 97), (a & 1) == 0 ? P : null);
                    break;
                case 4: case 5: // raw edge, maybe chatter
                    Down = !Down; C.OnButtonEdge(Down, T);
                    if ((a & 3) == 0) { for (int i = 0; i < 1 + a % 6; i++) { T += 1 + (a >> 3) % 50; Down = !Down; C.OnButtonEdge(Down, T); } }
                    Run(a % 300, 10, P);
                    break;
                case 6: case 7: // clean presses
                    for (int i = 0; i < 1 + a % 4; i++) { C.OnButtonEdge(true, T); Run(80 + a % 200, 20, P); C.OnButtonEdge(false, T); Run(150, 20, P); }
                    Down = false;
                    Run(600, 50, P);
                    break;
                case 8: // hold, possibly long enough to be declared stuck
                    C.OnButtonEdge(true, T); Down = true;
                    Run(a % 16000, 50, P);
                    if ((a & 1) == 0) { C.OnButtonEdge(false, T); Down = false; }
                    break;
                case 9: // time runs backwards (repeatedly: the clock may fall far behind; nothing may freeze)
                    T -= a % 20000;
                    Tick(P);
                    break;
                case 10: // long stall
                    T += a % 3_600_000;
                    Tick(P);
                    break;
                case 11: // settings write from BLE, often invalid
                    var s = new DeviceSettings();
                    s.LevelCapCentiDb = -7000 + (int)(a % 7000);
                    s.DefaultLevelCentiDb = -7000 + (int)((a >> 8) % 7000);
                    s.StoredLevelCentiDb = s.DefaultLevelCentiDb;
                    s.SleepTimerMinutes = (int)((a >> 4) % 300);
                    s.DefaultProgram = (ProgramKind)((a >> 2) % 5);
                    int before = C.Settings.LevelCapCentiDb;
                    string why = C.ApplySettings(s);
                    if (why != null) Assert.Equal(before, C.Settings.LevelCapCentiDb);
                    else Assert.Equal(s.LevelCapCentiDb, C.Settings.LevelCapCentiDb);
                    Check();
                    break;
                case 12: // restart (power cycle) on the same storage
                    C = new BedsideController(Store);
                    Down = false;
                    Assert.Equal(TherapyState.Standby, C.State);
                    Assert.True(C.Machine.Level.UserCentiDb <= Math.Min(C.Settings.StoredLevelCentiDb, C.Settings.DefaultLevelCentiDb));
                    Tick(P);
                    break;
                default: // plain ticks with attached, plausible sensors
                    P.Pulse = PulseStatus.Ok; P.Eda = EdaStatus.Ok; P.HeartRateCentiBpm = 6000 + (int)(a % 3000);
                    P.ArousalQ15 = (int)(a % 32768); P.ConfidenceQ15 = 20000;
                    Run(a % 120000, 50, P);
                    break;
            }
        }

        private void RandomPhysio(uint a)
        {
            P.Pulse = (PulseStatus)(a % 9);           // includes undefined enum values
            P.Eda = (EdaStatus)((a >> 3) % 7);
            P.HeartRateCentiBpm = (int)(a * 2654435761u);
            P.RmssdMs = (int)(a % 500) - 100;
            P.SclNanoSiemens = (int)(a * 40503u) - 1000;
            P.ArousalQ15 = (int)(a * 97u) - 5000;      // out of range both ways
            P.ConfidenceQ15 = (int)((a >> 5) * 7919u) % 50000 - 10000;
            P.PulseQuality = (int)(a % 300) - 50;
        }
    }

    [Fact]
    public void Random_buttons_sensors_time_and_settings_keep_every_invariant()
    {
        // 400 runs of 20-200 random operations (about 44000 operations: every button gesture, sensor fault, time
        // jump and settings write hundreds of times, in every state).
        Property.Check(Gen.UInt.Array[20, 200], ops =>
        {
            var h = new Harness();
            foreach (var op in ops) h.Apply(op);

            // no stuck state: release, then a hold always ends in Standby and a press always starts again
            h.C.OnButtonEdge(false, h.T); h.Down = false;
            h.Run(2500, 50, h.P);
            if (h.C.State != TherapyState.Standby)
            {
                h.C.OnButtonEdge(true, h.T); h.Run(1600, 50, h.P); h.C.OnButtonEdge(false, h.T);
                h.Run(5000, 50, h.P);
                if (h.C.State == TherapyState.FadeIn) { h.C.OnButtonEdge(true, h.T); h.Run(1600, 50, h.P); h.C.OnButtonEdge(false, h.T); h.Run(5000, 50, h.P); }
            }
            Assert.Equal(TherapyState.Standby, h.C.State);
            h.C.OnButtonEdge(true, h.T); h.Run(120, 20, h.P); h.C.OnButtonEdge(false, h.T);
            h.Run(1000, 50, h.P);
            Assert.True(TherapyState.FadeIn == h.C.State, $"state {h.C.State} stuck={h.C.Button.IsStuck} pressed={h.C.Button.IsPressed} T={h.T}");
            h.Run(6000, 50, null);
            Assert.True(h.C.State != TherapyState.Standby && h.C.State != TherapyState.FadeIn && h.C.State != TherapyState.FadeOut, h.C.State.ToString());
        }, cases: 400);
    }

    [Fact]
    public void Trace_ring_is_bounded_and_keeps_the_newest()
    {
        // Every length from 1 to 500 (the ring is 64): below, at and past the wrap, many times round.
        for (int n = 1; n <= 500; n++)
        {
            var tr = new TransitionTrace(64);
            for (int i = 0; i < n; i++) tr.Add((TherapyState)(i % 9), (TransitionReason)(i % 16), i * 10L);
            Assert.Equal(Math.Min(n, 64), tr.Count);
            Assert.Equal(n, tr.Total);
            Assert.Equal((n - 1) * 10L, tr.TimeMsAt(tr.Count - 1));
            Assert.Equal((n - tr.Count) * 10L, tr.TimeMsAt(0));
        }
    }
}
