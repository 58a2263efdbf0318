using System.Runtime.CompilerServices;
using CsCheck;

namespace Bedside.Tests.Common;

/// <summary>
/// Seeded property runs: every run of a test draws the same cases, so a failure in CI is a failure on every
/// machine. Case i of a test is generated from <c>new PCG(stream, mix(base seed + i))</c>, the stream taken from the test's name
/// and the base seed (<see cref="DefaultSeed"/>, or the environment variable <c>BEDSIDE_PROPERTY_SEED</c> to explore
/// other cases). A failing case names the test, the base seed, the case number, the generated value and the CsCheck
/// seed string that replays it (<c>gen.Sample(assert, seed: "…")</c> also shrinks it).
/// The number of cases is the caller's: each call site says why its count finds the defect it looks for.
/// </summary>
public static class Property
{
    public const ulong DefaultSeed = 20261206;
    public const string SeedVariable = "BEDSIDE_PROPERTY_SEED";

    public static ulong BaseSeed
    {
        get
        {
            string s = Environment.GetEnvironmentVariable(SeedVariable);
            if (string.IsNullOrWhiteSpace(s)) return DefaultSeed;
            if (!ulong.TryParse(s.Trim(), out ulong v))
                throw new InvalidOperationException($"{SeedVariable} must be a whole number (0..{ulong.MaxValue}), got '{s}'");
            return v;
        }
    }

    /// <summary>Runs <paramref name="assert"/> on <paramref name="cases"/> values of <paramref name="gen"/>, in order,
    /// on <paramref name="threads"/> threads (the cases are the same whatever the thread count).</summary>
    public static void Check<T>(Gen<T> gen, Action<T> assert, int cases, int threads = 1,
        Func<T, string> print = null, [CallerMemberName] string test = null)
    {
        if (cases < 1) throw new ArgumentOutOfRangeException(nameof(cases), "a property needs at least one case");
        ulong baseSeed = BaseSeed;
        uint stream = Stream(test, baseSeed);
        void One(int i)
        {
            var pcg = new PCG(stream, Mix(baseSeed + (ulong)i));
            string replay = pcg.ToString();
            T value = gen.Generate(pcg, null, out _);
            try { assert(value); }
            catch (Exception e)
            {
                string shown = print != null ? print(value) : Show(value);
                throw new PropertyFailedException(
                    $"{test}: case {i} of {cases} failed ({SeedVariable}={baseSeed}; CsCheck seed \"{replay}\" replays it): {shown}", e);
            }
        }
        if (threads <= 1) { for (int i = 0; i < cases; i++) One(i); return; }
        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = threads }, One);
    }

    public static void Check<T1, T2>(Gen<(T1, T2)> gen, Action<T1, T2> assert, int cases, int threads = 1, [CallerMemberName] string test = null)
        => Check(gen, v => assert(v.Item1, v.Item2), cases, threads, null, test);

    public static void Check<T1, T2, T3, T4>(Gen<(T1, T2, T3, T4)> gen, Action<T1, T2, T3, T4> assert, int cases, int threads = 1, [CallerMemberName] string test = null)
        => Check(gen, v => assert(v.Item1, v.Item2, v.Item3, v.Item4), cases, threads, null, test);

    /// <summary>SplitMix64's finaliser: neighbouring case numbers get unrelated generator seeds.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a of the test's name, mixed with the base seed: different tests draw different cases.</summary>
    private static uint Stream(string test, ulong baseSeed)
    {
        uint h = 2166136261;
        foreach (char c in test ?? "") { h ^= c; h *= 16777619; }
        return h ^ (uint)baseSeed ^ (uint)(baseSeed >> 32);
    }

    private static string Show(object v)
    {
        if (v is System.Collections.IEnumerable e and not string)
        {
            var items = e.Cast<object>().Select(x => x?.ToString() ?? "null").ToList();
            string head = string.Join(", ", items.Take(40));
            return $"[{items.Count} items: {head}{(items.Count > 40 ? ", …" : "")}]";
        }
        return v?.ToString() ?? "null";
    }
}

public sealed class PropertyFailedException : Exception
{
    public PropertyFailedException(string message, Exception inner) : base(message + Environment.NewLine + inner.Message, inner) { }
}
