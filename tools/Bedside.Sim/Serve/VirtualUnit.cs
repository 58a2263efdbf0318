using Bedside.Core.Protocol;
using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Bedside.Sim.Scenarios;
using Bedside.Sim.Session;

namespace Bedside.Sim.Serve;

/// <summary>What a virtual unit runs: the listener scenario, seed, program, pace, and what happened before serving.</summary>
public sealed class VirtualUnitOptions
{
    public ScenarioKind Scenario = ScenarioKind.FallingAsleep;
    public uint Seed = 1;
    public Bedside.Core.ProgramKind Program = Bedside.Core.ProgramKind.Sleep;
    /// <summary>Simulated seconds per real second, 1..600.</summary>
    public double Speed = 1;
    /// <summary>A finished session of this many minutes (0 = none) is run as fast as possible before serving, so its log can be downloaded.</summary>
    public int HistoryMinutes;
    /// <summary>Start a session when serving begins (as the caregiver's single press would).</summary>
    public bool Start;
    /// <summary>Audio sample rate (the audio is rendered so the listener hears the music, then dropped).</summary>
    public int RateHz = 16000;
}

/// <summary>
/// A bedside unit on the PC: the real <see cref="BedsideUnit"/> with a simulated listener (ClosedLoop), ticked in
/// real time (or faster) on its own thread, and the core's <see cref="GattOperations"/> — the same operation map as the
/// device's BLE glue — for the server to forward GATT operations to. Every access to the unit holds
/// <see cref="SyncRoot"/> (the codec's lock), as on the device. Button presses are scheduled in simulated time.
/// </summary>
public sealed class VirtualUnit : IDisposable
{
    /// <summary>Live status notifications are sent at most this often, real ms.</summary>
    public const int NotifyMinIntervalMs = 250;

    private readonly BedsideUnit _unit;
    private readonly ClosedLoop _loop;
    private readonly object _sync;
    private readonly double _speed;
    private readonly Queue<(long tMs, bool pressed)> _edges = new();
    private readonly byte[] _status = new byte[LiveStatus.WireSize];
    private readonly CancellationTokenSource _stop = new();
    private Thread _thread;
    private long _nowMs;
    private long _nextStatusMs;

    public VirtualUnit(VirtualUnitOptions o)
    {
        var core = (UnitCore)CoreParts.Create(new SessionCoreConfig { Program = o.Program, Seed = o.Seed, SampleRateHz = o.RateHz });
        _unit = core.Unit;
        _loop = new ClosedLoop(core, new Scenario(o.Scenario, o.Seed, 12 * 3600), o.RateHz);
        var protocol = new BedsideProtocol(_unit.Controller, null);
        _sync = protocol.SyncRoot;
        // Firmware 0.1.0, hardware revision 1, analog pulse sensor and Grove GSR on ADC1 (the simulator's sensors).
        Operations = new GattOperations(protocol, 0, 1, 0, 1, 1, 1);
        Operations.Stir((uint)Environment.TickCount ^ (uint)Random.Shared.Next());
        _speed = Math.Clamp(o.Speed, 1, 600);
        if (o.HistoryMinutes > 0) RunHistory(o.HistoryMinutes);
        if (o.Start) lock (_sync) _unit.StartSession(_nowMs);
        lock (_sync) Publish();
    }

    /// <summary>The GATT operation map of this unit (the server forwards to it).</summary>
    public GattOperations Operations { get; }

    /// <summary>Raised (on the unit's thread) when a new Live status was published.</summary>
    public event Action StatusPublished;

    /// <summary>Simulated time, ms since the unit started.</summary>
    public long NowMs { get { lock (_sync) return _nowMs; } }

    public TherapyState State { get { lock (_sync) return _unit.Controller.State; } }

    public bool PairingWindowOpen { get { lock (_sync) return _unit.Controller.PairingWindowOpen; } }

    public int ClientCount { get { lock (_sync) return _unit.Controller.Clients.Count; } }

    /// <summary>Presses the unit's button now for holdMs (simulated ms): 100 = a press, 4500 = the pairing hold.</summary>
    public void PressButton(int holdMs)
    {
        holdMs = Math.Clamp(holdMs, 30, 15000);
        lock (_sync)
        {
            _edges.Enqueue((_nowMs, true));
            _edges.Enqueue((_nowMs + holdMs, false));
        }
    }

    /// <summary>Starts the real-time loop on its own thread.</summary>
    public void Run()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "virtual-unit" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(2000);
    }

    private void Loop()
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        long startMs;
        lock (_sync) startMs = _nowMs;
        long lastNotify = -NotifyMinIntervalMs;
        bool pending = false;
        while (!_stop.IsCancellationRequested)
        {
            long target = startMs + (long)(wall.Elapsed.TotalMilliseconds * _speed);
            bool published = false;
            lock (_sync)
            {
                // Bounded catch-up: after a stall, at most 10 simulated minutes are replayed at once.
                if (target - _nowMs > 600000) _nowMs = target - 600000;
                while (_nowMs + Bedside.Core.Runtime.Rates.ControlPeriodMs <= target) published |= Step();
            }
            pending |= published;
            if (pending && wall.ElapsedMilliseconds - lastNotify >= NotifyMinIntervalMs)
            {
                pending = false;
                lastNotify = wall.ElapsedMilliseconds;
                try { StatusPublished?.Invoke(); } catch (Exception) { /* a failing listener must not stop the unit */ }
            }
            _stop.Token.WaitHandle.WaitOne(20);
        }
    }

    /// <summary>One control tick (caller holds the lock); true when a Live status was published (once per simulated second).</summary>
    private bool Step()
    {
        _nowMs += Bedside.Core.Runtime.Rates.ControlPeriodMs;
        _loop.AdvanceListener(_nowMs);
        while (_edges.Count > 0 && _edges.Peek().tMs <= _nowMs)
        {
            var e = _edges.Dequeue();
            _unit.OnButtonEdge(e.pressed, e.tMs);
        }
        _loop.TickAndRender(_nowMs);
        if (_unit.Controller.TakeForgetClientsRequest()) { /* no radio bonds on the PC: the keys are already gone */ }
        if (_nowMs >= _nextStatusMs)
        {
            _nextStatusMs = _nowMs + 1000;
            Publish();
            return true;
        }
        return false;
    }

    private void Publish()
    {
        LiveStatus.EncodeFrom(_unit, _status, 0);
        Operations.PublishStatus(_status);
    }

    /// <summary>A whole session of minutes, stopped by the caregiver and faded out, so the unit holds a sealed log.</summary>
    private void RunHistory(int minutes)
    {
        lock (_sync)
        {
            _unit.StartSession(_nowMs);
            long end = _nowMs + minutes * 60000L;
            while (_nowMs < end) Step();
            _unit.Controller.StopSession(_nowMs);
            long limit = _nowMs + 60000;
            while (_unit.Controller.State != TherapyState.Standby && _nowMs < limit) Step();
        }
    }
}
