using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;
using Bedside.Core.Unit;
using Bedside.Tests.Sensing;
using Xunit;

namespace Bedside.Tests.Device;

/// <summary>
/// The device's sensor loop itself (Bedside.Core.Runtime.SensorLoop, the loop the device's sensor thread runs) over
/// fake sensors that keep the ISensor contract: a FIFO pulse sensor (every new nowUs is one poll returning the
/// samples taken since the last poll, oldest first, each with its own time) and a conversion EDA sensor (one reading
/// per new nowUs). The loop is stepped at the times it asks for, as the device thread sleeps until then. Each test
/// compares what reaches the unit with a reference hub fed the same samples directly, in order, with their times.
/// </summary>
public class SensorLoopTests
{
    private const int PulseHz = 125, EdaHz = 16;
    private const long PulseSampleUs = 1_000_000 / PulseHz, EdaPeriodUs = 1_000_000 / EdaHz;
    private const long PulsePollUs = 40_000; // five FIFO samples per poll

    /// <summary>A sensor whose samples are produced every sampleUs; each new nowUs is one poll of all samples up to nowUs.</summary>
    private sealed class FakeSensor : ISensor
    {
        private readonly Func<long, int> _signal;
        private readonly long _sampleUs;
        private readonly bool _fifo;
        private long _nextSampleUs;
        private long _lastPollUs = long.MinValue;
        private readonly Queue<(int raw, long tUs)> _pending = new();
        public bool Available { get; set; } = true;
        public readonly List<(int raw, long tUs)> Delivered = new();
        public readonly List<long> Polls = new();

        /// <param name="fifo">True: a poll returns every sample since the last; false: one conversion per poll, taken at nowUs.</param>
        public FakeSensor(Func<long, int> signal, long sampleUs, long startUs, bool fifo)
        {
            _signal = signal; _sampleUs = sampleUs; _nextSampleUs = startUs; _fifo = fifo;
        }

        public bool TryRead(long nowUs, out int raw, out long tUs)
        {
            raw = 0; tUs = 0;
            if (!Available) return false;
            if (nowUs != _lastPollUs)
            {
                _lastPollUs = nowUs;
                Polls.Add(nowUs);
                _pending.Clear();
                if (_fifo)
                {
                    for (; _nextSampleUs <= nowUs; _nextSampleUs += _sampleUs) _pending.Enqueue((_signal(_nextSampleUs), _nextSampleUs));
                }
                else _pending.Enqueue((_signal(nowUs), nowUs));
            }
            if (_pending.Count == 0) return false;
            (raw, tUs) = _pending.Dequeue();
            Delivered.Add((raw, tUs));
            return true;
        }
    }

    private static readonly double[] Truth = SynthSignals.Beats(66, 0.5, 40, 0.03, seed: 11);

    private static int PulseCounts(long tUs) => (int)Math.Round(2048 + 400 * SynthSignals.Ppg(tUs / 1e6, Truth));

    /// <summary>Grove counts falling slowly with SCR-like dips (conductance up), so the EDA pipeline has something to track.</summary>
    private static int EdaCounts(long tUs)
    {
        double t = tUs / 1e6, v = 1800 - 2 * t;
        for (double on = 5; on < 40; on += 9) v -= 60 * SynthSignals.Bateman(t - on);
        return (int)Math.Round(v);
    }

    private static SensingHub NewHub() => new SensingHub(PulseHz, PulseSensorKind.AnalogAdc12, EdaHz, EdaSensorKind.GroveAdc12);

    private static BedsideUnit NewUnit() => new BedsideUnit(RamStorage.CreateDefault(), NewHub(), 16000, 7u);

    /// <summary>Steps the loop at the times it asks for until endUs; extraEveryUs > 0 adds wake-ups in between (not due).</summary>
    private static void RunLoop(SensorLoop loop, long startUs, long endUs, long extraEveryUs = 0, Action<long> atStep = null)
    {
        long now = startUs, nextExtra = startUs + extraEveryUs;
        while (now < endUs)
        {
            atStep?.Invoke(now);
            long due = loop.Step(now);
            Assert.True(due > now, $"next due {due} not after now {now}");
            if (extraEveryUs > 0 && nextExtra < due) { now = nextExtra; nextExtra += extraEveryUs; }
            else now = due;
        }
    }

    [Fact]
    public void Fifo_pulse_and_eda_samples_reach_the_unit_in_order_with_their_times()
    {
        const long start = 1_000_000, end = 41_000_000;
        var unit = NewUnit();
        var pulse = new FakeSensor(PulseCounts, PulseSampleUs, start, fifo: true);
        var eda = new FakeSensor(EdaCounts, EdaPeriodUs, start, fifo: false);
        var loop = new SensorLoop(unit, new object(), pulse, PulsePollUs, eda, EdaPeriodUs, start);
        RunLoop(loop, start, end, extraEveryUs: 7_000); // extra wake-ups read nothing: no sensor is due then

        // Every poll at a due time: one pulse poll per 40 ms, one EDA conversion per 62.5 ms, never in between.
        Assert.Equal((end - start) / PulsePollUs, pulse.Polls.Count);
        Assert.Equal((end - start) / EdaPeriodUs, eda.Polls.Count);
        for (int i = 0; i < pulse.Polls.Count; i++) Assert.Equal(start + i * PulsePollUs, pulse.Polls[i]);
        for (int i = 0; i < eda.Polls.Count; i++) Assert.Equal(start + i * EdaPeriodUs, eda.Polls[i]);

        var reference = NewHub();
        reference.SetPulseAvailable(true); reference.SetEdaAvailable(true);
        foreach (var (raw, t) in pulse.Delivered) reference.PushPulse(raw, t);
        foreach (var (raw, t) in eda.Delivered) reference.PushEda(raw, t);

        var got = unit.Sensing;
        Assert.True(reference.Pulse.BeatCount >= 40, $"reference found {reference.Pulse.BeatCount} beats");
        Assert.Equal(reference.Pulse.BeatCount, got.Pulse.BeatCount);
        Assert.Equal(reference.Pulse.LastBeatTUs, got.Pulse.LastBeatTUs);
        Assert.Equal(pulse.Delivered[^1].tUs, got.Pulse.LastSampleTUs);
        Assert.Equal(reference.Beats.RmssdMs, got.Beats.RmssdMs);
        Assert.Equal(reference.Eda.ScrCount, got.Eda.ScrCount);
        Assert.True(reference.Eda.ScrCount >= 2, $"reference found {reference.Eda.ScrCount} SCRs");
        Assert.Equal(reference.Eda.LastConductanceNanoSiemens, got.Eda.LastConductanceNanoSiemens);
        Assert.Equal(eda.Delivered[^1].tUs, got.Eda.LastSampleTUs);
    }

    [Fact]
    public void A_stalled_thread_resumes_one_period_from_now_without_a_burst_and_fifo_samples_keep_their_times()
    {
        const long start = 0;
        var unit = NewUnit();
        var pulse = new FakeSensor(PulseCounts, PulseSampleUs, start, fifo: true);
        var loop = new SensorLoop(unit, new object(), pulse, PulsePollUs, null, EdaPeriodUs, start);
        long due = loop.Step(start);
        Assert.Equal(start + PulsePollUs, due);
        long late = start + 400_000; // a 0.4 s stall (GC, bus recovery): ten periods missed
        due = loop.Step(late);
        Assert.Equal(late + PulsePollUs, due);
        Assert.Equal(new long[] { start, late }, pulse.Polls);
        // The poll after the stall delivered the stalled 0.4 s of FIFO samples, each with its own time, in order.
        Assert.Equal(1 + (int)(late / PulseSampleUs), pulse.Delivered.Count);
        for (int i = 0; i < pulse.Delivered.Count; i++) Assert.Equal(i * PulseSampleUs, pulse.Delivered[i].tUs);
        Assert.Equal(late, unit.Sensing.Pulse.LastSampleTUs);
        Assert.Equal(late + PulsePollUs, SensorLoop.Advance(start, PulsePollUs, late));
        Assert.Equal(start + PulsePollUs, SensorLoop.Advance(start, PulsePollUs, start + PulsePollUs)); // on time: one period on
    }

    [Fact]
    public void A_poll_takes_at_most_MaxReadsPerPoll_readings()
    {
        var unit = NewUnit();
        var pulse = new FakeSensor(PulseCounts, 1, 0, fifo: true); // a sensor that always has more
        var loop = new SensorLoop(unit, new object(), pulse, PulsePollUs, null, EdaPeriodUs, 0);
        loop.Step(10_000);
        Assert.Equal(SensorLoop.MaxReadsPerPoll, pulse.Delivered.Count);
    }

    [Fact]
    public void An_unavailable_sensor_is_flagged_to_the_hub_and_its_stream_restarts_when_it_returns()
    {
        const long start = 0;
        var unit = NewUnit();
        var pulse = new FakeSensor(PulseCounts, PulseSampleUs, start, fifo: true);
        var eda = new FakeSensor(EdaCounts, EdaPeriodUs, start, fifo: false) { Available = false };
        var loop = new SensorLoop(unit, new object(), pulse, PulsePollUs, eda, EdaPeriodUs, start);
        Assert.True(loop.PulseAvailable);
        Assert.False(loop.EdaAvailable);
        var snap = new PhysioSnapshot();

        RunLoop(loop, start, 20_000_000, atStep: now => { if (now >= 10_000_000) pulse.Available = false; });
        Assert.False(loop.PulseAvailable);
        unit.Sensing.Update(20_000, snap);
        Assert.Equal(PulseStatus.Absent, snap.Pulse);
        Assert.Equal(EdaStatus.Absent, snap.Eda);
        Assert.Empty(eda.Delivered);
        Assert.True(unit.Sensing.Pulse.LastBeatTUs < 10_000_000, "no beat after the sensor went");

        pulse.Available = true; eda.Available = true;
        RunLoop(loop, 20_000_000, 40_000_000);
        Assert.True(loop.PulseAvailable && loop.EdaAvailable);
        unit.Sensing.Update(40_000, snap);
        Assert.NotEqual(PulseStatus.Absent, snap.Pulse);
        Assert.NotEqual(EdaStatus.Absent, snap.Eda);
        Assert.True(unit.Sensing.Pulse.BeatCount > 10, $"{unit.Sensing.Pulse.BeatCount} beats after the sensor returned");
        Assert.NotEmpty(eda.Delivered);
    }

    [Fact]
    public void With_no_sensor_fitted_the_loop_idles_and_reports_both_missing()
    {
        var unit = NewUnit();
        var loop = new SensorLoop(unit, new object(), null, PulsePollUs, null, EdaPeriodUs, 0);
        Assert.Equal(5 + SensorLoop.IdleWaitUs, loop.Step(5));
        Assert.False(loop.PulseAvailable || loop.EdaAvailable);
    }
}
