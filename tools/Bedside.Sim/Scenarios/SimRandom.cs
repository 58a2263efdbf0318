using Bedside.Core;

namespace Bedside.Sim.Scenarios;

/// <summary>Host-side random numbers for the scenarios, built on the core's xorshift32 so a seed gives the same session everywhere.</summary>
public sealed class SimRandom
{
    private readonly Rng _rng;
    private double _spare;
    private bool _hasSpare;

    public SimRandom(uint seed) { _rng = new Rng(seed); for (int i = 0; i < 8; i++) _rng.NextUInt(); }

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => _rng.NextUInt() * (1.0 / 4294967296.0);

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * Uniform();

    /// <summary>Standard normal (Marsaglia polar method).</summary>
    public double Gaussian()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        double u, v, s;
        do { u = 2 * Uniform() - 1; v = 2 * Uniform() - 1; s = u * u + v * v; } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * f; _hasSpare = true;
        return u * f;
    }

    /// <summary>Exponentially distributed waiting time with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1 - Uniform());

    /// <summary>Derives an independent child stream (so adding draws in one generator does not shift another).</summary>
    public SimRandom Fork() => new SimRandom(_rng.NextUInt() | 1);
}
