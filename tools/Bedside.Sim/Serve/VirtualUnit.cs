using Bedside.Core.Protocol;
using Bedside.Core.Runtime;
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
/// A bedside unit on the PC: the real <see cref="BedsideUnit"/> with a simulated listener (ClosedLoop: the device's
/// sensor and audio loops), stepped in real time (or faster) on its own thread, the device's control loop after each
/// step, and the core's <see cref="GattOperations"/> — the same operation map as the device's BLE glue — for the
/// server to forward GATT operations to. Every access to the unit holds
/// <see cref="SyncRoot"/> (the codec's lock), as on the device. Button presses are scheduled in simulated time.
/// </summary>
public sealed class VirtualUnit : IDisposable
{
    /// <summary>Live status notifications are sent at most this often, real ms.</summary>
    public const int NotifyMinIntervalMs = 250;

    private readonly UnitCore _core;
    private readonly BedsideUnit _unit;
    private readonly ClosedLoop _loop;
    private readonly ControlLoop _control;
    private readonly LoopbackLink _link;
    private readonly object _sync;
    private readonly double _speed;
    private readonly Queue<(long tMs, bool pressed)> _edges = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread _thread;
    private long _nowMs;

    public VirtualUnit(VirtualUnitOptions o)
    {
        _sync = new object();
        _core = new UnitCore(new SessionCoreConfig { Program = o.Program, Seed = o.Seed, SampleRateHz = o.RateHz }, _sync);
        _unit = _core.Unit;
        _loop = new ClosedLoop(_core, new Scenario(o.Scenario, o.Seed, 12 * 3600), o.RateHz);
        var protocol = new BedsideProtocol(_unit.Controller, _sync);
        // Firmware 0.1.0, hardware revision 1, analog pulse sensor and Grove GSR on ADC1 (the simulator's sensors).
        Operations = new GattOperations(protocol, 0, 1, 0, 1, 1, 1);
        Operations.Stir((uint)Environment.TickCount ^ (uint)Random.Shared.Next());
        _link = new LoopbackLink();
        _control = new ControlLoop(_unit, _sync, Operations, _link, null, _core.Sensors, null, 0);
        _speed = Math.Clamp(o.Speed, 1, 600);
        if (o.HistoryMinutes > 0) RunHistory(o.HistoryMinutes);
        if (o.Start) lock (_sync) _unit.StartSession(_nowMs);
        lock (_sync) _control.Step(_nowMs); // the first Live status
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
                while (_loop.NowUs / 1000 <= target) published |= Step();
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

    /// <summary>
    /// One control period (caller holds the lock): the closed loop's step (the device's sensor and audio loops),
    /// then the device's control loop (forget-clients requests, sensor flags, the Live status once per simulated
    /// second). True when a Live status was published.
    /// </summary>
    private bool Step()
    {
        _nowMs = _loop.NowUs / 1000;
        _loop.AdvanceListener();
        while (_edges.Count > 0 && _edges.Peek().tMs <= _nowMs)
        {
            var e = _edges.Dequeue();
            _core.OnButtonEdge(e.pressed, e.tMs);
        }
        _loop.TickAndRender();
        _link.Notified = false;
        _control.Step(_nowMs);
        return _link.Notified;
    }

    /// <summary>The control loop's radio link on the PC: no radio bonds (forgetting clients drops their keys in the core), notifications go to <see cref="StatusPublished"/>.</summary>
    private sealed class LoopbackLink : IClientLink
    {
        public bool Notified;
        public void DeleteAllBonds() { }
        public void Tick(bool windowOpen) { }
        public void NotifyStatus() => Notified = true;
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
