using Bedside.Core.Composer;
using Bedside.Trainer;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Composer;

/// <summary>The learned melody and harmony networks: training maths, data pipeline, reproducibility, held-out figures.</summary>
public class NetworkTrainerTests
{
    readonly ITestOutputHelper _out;
    public NetworkTrainerTests(ITestOutputHelper o) { _out = o; }

    static string CorpusDir => Bedside.Trainer.Program.DefaultCorpusDir(Paths.RepoRoot);
    static string ChoralePath => ChoraleData.DefaultPath(Paths.RepoRoot);

    /// <summary>One full training run (about 20 s on one core), shared by the tests of this class.</summary>
    static readonly Lazy<NetworkRun> FullRun = new(() => NetworkTrainer.Run(CorpusDir, ChoralePath, new NetworkTrainer.Settings()));

    [Fact]
    public void Gru_gradients_match_central_finite_differences()
    {
        var m = new GruModel(6, 5, new[] { 4, 3 }, 77);
        var rnd = new XorShift(5);
        foreach (var p in m.Parameters) for (int i = 0; i < p.Length; i++) p[i] = 0.8 * (2 * rnd.NextDouble() - 1);
        int T = 7;
        var seq = new NetSequence
        {
            InA = Enumerable.Range(0, T).Select(t => t % 3).ToArray(),
            InB = Enumerable.Range(0, T).Select(t => t % 2 == 0 ? 3 + t % 3 : -1).ToArray(),
            Targets = Enumerable.Range(0, T).Select(t => new[] { (t * 3) % 4, (t * 2) % 3 }).ToArray(),
        };
        var g = m.Parameters.Select(p => new double[p.Length]).ToArray();
        m.Loss(seq, g);
        var ps = m.Parameters;
        double worst = 0; int checkedCount = 0;
        for (int pi = 0; pi < ps.Length; pi++)
            for (int k = 0; k < ps[pi].Length; k++)
            {
                double keep = ps[pi][k], e = 1e-5;
                ps[pi][k] = keep + e; double lp = m.Loss(seq, null);
                ps[pi][k] = keep - e; double lm = m.Loss(seq, null);
                ps[pi][k] = keep;
                double num = (lp - lm) / (2 * e);
                double err = Math.Abs(num - g[pi][k]) / Math.Max(1e-3, Math.Abs(num) + Math.Abs(g[pi][k]));
                worst = Math.Max(worst, err);
                checkedCount++;
            }
        _out.WriteLine($"{checkedCount} parameters, worst relative error {worst:E2}");
        Assert.True(worst < 1e-5, $"analytic gradient differs from finite differences (relative error {worst:E2})");
    }

    [Fact]
    public void Chorale_keys_are_found_most_chorales_end_on_the_tonic_over_a_tonic_bass()
    {
        var ch = ChoraleData.Load(ChoralePath);
        Assert.Equal(382, ch.Count);
        Assert.Equal(229, ch.Count(c => c.Split == "train"));
        // Chorales end on the tonic chord except the modal ones (Phrygian endings on V); a wrong key (relative major/minor) would not.
        int endTonicBass = ch.Count(c => c.BassDegrees[^1] == 0 && c.ChordRoots[^1] == 0);
        int endTonicMelody = ch.Count(c => ((c.Degrees[^1] % 7) + 7) % 7 == 0);
        _out.WriteLine($"final chord I with the tonic in the bass: {endTonicBass}/382; soprano ends on the tonic: {endTonicMelody}/382");
        Assert.True(endTonicBass > 0.7 * ch.Count, $"key estimate: only {endTonicBass} chorales end on I over the tonic");
        foreach (var c in ch)
        {
            Assert.All(c.Degrees, d => Assert.InRange(d, Model.MinDegree, Model.MaxDegree));
            Assert.Equal(c.Degrees.Length, c.DurClasses.Length);
            Assert.Equal(c.ChordRoots.Length, c.BassDegrees.Length);
        }
    }

    [Fact]
    public void Committed_network_tables_are_current_and_beat_the_markov_baselines_on_held_out_chorales()
    {
        var run = FullRun.Value;
        _out.WriteLine(run.Report);
        string dir = Bedside.Trainer.Program.ComposerDir(Paths.RepoRoot);
        string Read(string f) => File.ReadAllText(Path.Combine(dir, f)).Replace("\r\n", "\n");
        const string hint = " is stale: run `dotnet run --project tools/Bedside.Trainer -c Release`";
        Assert.True(Read("MelodyNetTable.g.cs") == run.MelodySource, "MelodyNetTable.g.cs" + hint);
        Assert.True(Read("HarmonyNetTable.g.cs") == run.HarmonySource, "HarmonyNetTable.g.cs" + hint);
        Assert.True(Read("ActivationTable.g.cs") == run.ActivationSource, "ActivationTable.g.cs" + hint);
        Assert.True(Read("CopyGuardTable.g.cs") == run.GuardSource, "CopyGuardTable.g.cs" + hint);
        foreach (var h in new[] { run.Melody, run.MelodyPitch, run.Harmony })
        {
            Assert.True(h.FloatBits < h.MarkovBits, $"{h.Name}: network {h.FloatBits:F3} not below Markov {h.MarkovBits:F3}");
            Assert.True(h.FixedBits < h.MarkovBits, $"{h.Name}: Q12 network {h.FixedBits:F3} not below Markov {h.MarkovBits:F3}");
            Assert.True(Math.Abs(h.FixedBits - h.FloatBits) < 0.02, $"{h.Name}: fixed point loses {h.FixedBits - h.FloatBits:F3} bits");
        }
        Assert.Equal((int)Math.Round(run.Melody.FixedBits * 1000), MelodyNetTable.TestFixedMilliBits);
        Assert.Equal((int)Math.Round(run.Harmony.FixedBits * 1000), HarmonyNetTable.TestFixedMilliBits);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        // Two short runs from the same seed give the same weights bit for bit (the full run is checked against the
        // committed tables above).
        var ch = ChoraleData.Load(ChoralePath).Where(c => c.Split == "train").Take(20).ToList();
        var seqs = ch.Select(c => NetworkTrainer.MelodySequence(c.Degrees, c.DurClasses)).ToList();
        double[] Train()
        {
            var m = new GruModel(NetworkTrainer.MelodyInputs, 8, new[] { NetworkTrainer.DegreeSymbols, NetworkTrainer.DurSymbols }, 9);
            m.Train(seqs, seqs.Take(5).ToList(), 2, 0.004, 10);
            return m.Parameters.SelectMany(p => p).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Committed_tables_reproduce_their_check_vectors_on_the_integer_inference()
    {
        // The same replay the device runs in tests/NFUnitTest: the host's integer result is recorded in the table.
        var mel = new GruNetwork(MelodyNetTable.Inputs, MelodyNetTable.Hidden, MelodyNetTable.Outputs, MelodyNetTable.WInQ12,
            MelodyNetTable.WRecQ12, MelodyNetTable.BiasQ12, MelodyNetTable.WOutQ12, MelodyNetTable.BOutQ12);
        for (int t = 0; t < MelodyNetTable.CheckInA.Length; t++) mel.Step(MelodyNetTable.CheckInA[t], MelodyNetTable.CheckInB[t]);
        Assert.Equal(MelodyNetTable.CheckLogitsQ12, mel.LogitsQ12);
        var har = new GruNetwork(HarmonyNetTable.Inputs, HarmonyNetTable.Hidden, HarmonyNetTable.Outputs, HarmonyNetTable.WInQ12,
            HarmonyNetTable.WRecQ12, HarmonyNetTable.BiasQ12, HarmonyNetTable.WOutQ12, HarmonyNetTable.BOutQ12);
        for (int t = 0; t < HarmonyNetTable.CheckInA.Length; t++) har.Step(HarmonyNetTable.CheckInA[t], HarmonyNetTable.CheckInB[t]);
        Assert.Equal(HarmonyNetTable.CheckLogitsQ12, har.LogitsQ12);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, 2, "unknown or incomplete argument '--bogus'")]
    [InlineData(new[] { "--corpus" }, 2, "unknown or incomplete argument '--corpus'")]
    [InlineData(new[] { "--chorales", "/nonexistent/chorales.json" }, 1, "chorale data not found")]
    [InlineData(new[] { "--corpus", "/nonexistent/corpus" }, 1, "corpus directory not found")]
    public void Trainer_cli_errors_are_one_line_and_non_zero(string[] args, int code, string message)
    {
        var err = new StringWriter();
        var keep = Console.Error;
        int rc;
        lock (ConsoleLock.Gate)
        {
            Console.SetError(err);
            try { rc = Bedside.Trainer.Program.Main(args); } finally { Console.SetError(keep); }
        }
        Assert.Equal(code, rc);
        string text = err.ToString().TrimEnd();
        Assert.DoesNotContain("\n", text);
        Assert.StartsWith("trainer: ", text);
        Assert.Contains(message, text);
    }
}

/// <summary>Serialises tests that redirect the process-wide console.</summary>
public static class ConsoleLock { public static readonly object Gate = new(); }
