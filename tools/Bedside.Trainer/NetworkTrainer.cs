using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bedside.Core.Composer;

namespace Bedside.Trainer;

/// <summary>Held-out figures of one model family (bits per event on the chorale test split).</summary>
public sealed record HeldOut(string Name, double MarkovBits, double FloatBits, double FixedBits, int Events, string MarkovOrder);

/// <summary>Everything one training run produces: the generated sources and the report.</summary>
public sealed class NetworkRun
{
    public required string MelodySource { get; init; }
    public required string HarmonySource { get; init; }
    public required string ActivationSource { get; init; }
    public required string GuardSource { get; init; }
    public required HeldOut Melody { get; init; }
    public required HeldOut MelodyPitch { get; init; }
    public required HeldOut Harmony { get; init; }
    public required string Report { get; init; }
}

/// <summary>
/// The learned models: builds melody and harmony sequences from the chorales (train / valid / test as published)
/// and the ABC corpus (training only), fits the Markov baselines and the GRUs on the training split (the valid split
/// picks the Markov order and the best epoch), exports the GRUs as Q12 tables and measures all of them on the test
/// split, the networks both in floating point and as the firmware runs them (<see cref="GruNetwork"/>, integer).
/// </summary>
public static class NetworkTrainer
{
    public const int MelodyHidden = 24;
    public const int HarmonyHidden = 24;
    public const int DegreeSymbols = Model.PitchSymbols;          // 22
    public const int DurSymbols = 7;
    public const int MelodyInputs = DegreeSymbols + 1 + DurSymbols + 1; // previous degree (or start), previous duration (or start)
    public const int HarmonyInputs = 8 + 8;                        // previous root (or start), previous bass degree (or start)
    public const ulong Seed = 20121;

    public sealed record Settings(int MelodyEpochs = 30, int HarmonyEpochs = 30, double LearningRate = 0.002);

    public static NetSequence MelodySequence(int[] degrees, int[] durs)
    {
        int T = degrees.Length;
        var a = new int[T]; var b = new int[T]; var tg = new int[T][];
        for (int t = 0; t < T; t++)
        {
            a[t] = t == 0 ? DegreeSymbols : degrees[t - 1] - Model.MinDegree;
            b[t] = DegreeSymbols + 1 + (t == 0 ? DurSymbols : durs[t - 1]);
            tg[t] = new[] { degrees[t] - Model.MinDegree, durs[t] };
        }
        return new NetSequence { InA = a, InB = b, Targets = tg };
    }

    public static NetSequence HarmonySequence(int[] roots, int[] basses)
    {
        int T = roots.Length;
        var a = new int[T]; var b = new int[T]; var tg = new int[T][];
        for (int t = 0; t < T; t++)
        {
            a[t] = t == 0 ? 7 : roots[t - 1];
            b[t] = 8 + (t == 0 ? 7 : basses[t - 1]);
            tg[t] = new[] { roots[t] * 7 + basses[t] };
        }
        return new NetSequence { InA = a, InB = b, Targets = tg };
    }

    public static NetworkRun Run(string corpusDir, string choralePath, Settings settings, Action<string>? log = null)
    {
        var tunes = Model.LoadCorpus(corpusDir);
        var chorales = ChoraleData.Load(choralePath);
        var train = chorales.Where(c => c.Split == "train").ToList();
        var valid = chorales.Where(c => c.Split == "valid").ToList();
        var test = chorales.Where(c => c.Split == "test").ToList();
        var rep = new StringBuilder();
        void Line(string s) { rep.Append(s).Append('\n'); log?.Invoke(s); }
        Line($"data: {tunes.Count} corpus tunes ({tunes.Sum(t => t.Degrees.Length)} notes) + chorales train {train.Count} / valid {valid.Count} / test {test.Count}" +
             $" (soprano notes {train.Sum(c => c.Degrees.Length)} / {valid.Sum(c => c.Degrees.Length)} / {test.Sum(c => c.Degrees.Length)}," +
             $" quarter frames {train.Sum(c => c.ChordRoots.Length)} / {valid.Sum(c => c.ChordRoots.Length)} / {test.Sum(c => c.ChordRoots.Length)})");

        // ---- melody: Markov baseline (pitch and duration models, as in the firmware's table) ----
        var pTrain = train.Select(c => c.Degrees.Select(d => d - Model.MinDegree).ToArray()).Concat(tunes.Select(t => t.Degrees.Select(d => d - Model.MinDegree).ToArray())).ToList();
        var dTrain = train.Select(c => c.DurClasses).Concat(tunes.Select(t => t.DurClasses)).ToList();
        var pValid = valid.Select(c => c.Degrees.Select(d => d - Model.MinDegree).ToArray()).ToList();
        var dValid = valid.Select(c => c.DurClasses).ToList();
        var pTest = test.Select(c => c.Degrees.Select(d => d - Model.MinDegree).ToArray()).ToList();
        var dTest = test.Select(c => c.DurClasses).ToList();
        var mp = MarkovBaseline.Fit(DegreeSymbols, 6, pTrain, pValid);
        var md = MarkovBaseline.Fit(DurSymbols, 6, dTrain, dValid);
        var (mpBits, nNotes) = mp.Evaluate(pTest);
        var (mdBits, _) = md.Evaluate(dTest);

        // ---- melody network ----
        var mTrain = train.Select(c => MelodySequence(c.Degrees, c.DurClasses)).Concat(tunes.Select(t => MelodySequence(t.Degrees, t.DurClasses))).ToList();
        var mValid = valid.Select(c => MelodySequence(c.Degrees, c.DurClasses)).ToList();
        var mTest = test.Select(c => MelodySequence(c.Degrees, c.DurClasses)).ToList();
        var mel = new GruModel(MelodyInputs, MelodyHidden, new[] { DegreeSymbols, DurSymbols }, Seed);
        Line($"melody GRU: {MelodyInputs} inputs, {MelodyHidden} hidden, heads degree {DegreeSymbols} + duration {DurSymbols}; {settings.MelodyEpochs} epochs");
        mel.Train(mTrain, mValid, settings.MelodyEpochs, settings.LearningRate, Seed + 1, log);
        var (mFloatPitch, mFloatDur) = HeadBits(mel, mTest);
        var melNet = ToNetwork(mel);
        var (mFixPitch, mFixDur) = FixedBits(melNet, mel, mTest);

        // ---- harmony: first-order chord Markov baseline and the network ----
        var hTrain = train.Select(c => HarmonySymbols(c)).ToList();
        var hValid = valid.Select(c => HarmonySymbols(c)).ToList();
        var hTest = test.Select(c => HarmonySymbols(c)).ToList();
        var hm = new MarkovBaseline(ChoraleData.HarmonySymbols, 1);
        hm.Train(hTrain);
        var (hmBits, nFrames) = hm.Evaluate(hTest);
        var hmBest = MarkovBaseline.Fit(ChoraleData.HarmonySymbols, 4, hTrain, hValid);
        var (hmBestBits, _) = hmBest.Evaluate(hTest);
        var har = new GruModel(HarmonyInputs, HarmonyHidden, new[] { ChoraleData.HarmonySymbols }, Seed + 2);
        var sTrain = train.Select(c => HarmonySequence(c.ChordRoots, c.BassDegrees)).ToList();
        var sValid = valid.Select(c => HarmonySequence(c.ChordRoots, c.BassDegrees)).ToList();
        var sTest = test.Select(c => HarmonySequence(c.ChordRoots, c.BassDegrees)).ToList();
        Line($"harmony GRU: {HarmonyInputs} inputs, {HarmonyHidden} hidden, head (root, bass) {ChoraleData.HarmonySymbols}; {settings.HarmonyEpochs} epochs");
        har.Train(sTrain, sValid, settings.HarmonyEpochs, settings.LearningRate, Seed + 3, log);
        var (hFloat, _) = HeadBits(har, sTest);
        var harNet = ToNetwork(har);
        var (hFix, _) = FixedBits(harNet, har, sTest);

        var melody = new HeldOut("melody (degree + duration)", (mpBits + mdBits) / nNotes, (mFloatPitch + mFloatDur) / nNotes, (mFixPitch + mFixDur) / nNotes, nNotes,
            $"pitch order {mp.MaxOrder}, duration order {md.MaxOrder}");
        var pitch = new HeldOut("melody degree only", mpBits / nNotes, mFloatPitch / nNotes, mFixPitch / nNotes, nNotes, $"order {mp.MaxOrder}");
        var harmony = new HeldOut("harmony (chord root, bass degree)", hmBits / nFrames, hFloat / nFrames, hFix / nFrames, nFrames, "order 1");
        Line("held-out NLL, chorale test split, bits per event (Markov | GRU float | GRU Q12 on the chip's integer inference):");
        foreach (var h in new[] { melody, pitch, harmony })
            Line(string.Create(CultureInfo.InvariantCulture, $"  {h.Name}: {h.MarkovBits:F3} ({h.MarkovOrder}) | {h.FloatBits:F3} | {h.FixedBits:F3}  over {h.Events} events"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  harmony, best variable-order Markov on valid (order {hmBest.MaxOrder}): {hmBestBits / nFrames:F3}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  melody duration only: Markov {mdBits / nNotes:F3} | GRU float {mFloatDur / nNotes:F3} | Q12 {mFixDur / nNotes:F3}"));

        // The check vector the device test replays: the first 8 inputs of the first test chorale.
        string melSrc = NetSource("MelodyNetTable", "Melody network: GRU over melody events (previous degree, previous duration → next degree, next duration)",
            mel, mTest[0], melody, tunes.Count, train.Count);
        string harSrc = NetSource("HarmonyNetTable", "Harmony network: GRU over quarter-note chord frames (previous root and bass degree → next (root, bass))",
            har, sTest[0], harmony, tunes.Count, train.Count);
        return new NetworkRun
        {
            MelodySource = melSrc, HarmonySource = harSrc, ActivationSource = ActivationSource(),
            GuardSource = GuardSource(tunes, chorales), Melody = melody, MelodyPitch = pitch, Harmony = harmony, Report = rep.ToString(),
        };
    }

    static int[] HarmonySymbols(Chorale c) => c.ChordRoots.Zip(c.BassDegrees, (r, b) => r * 7 + b).ToArray();

    /// <summary>Bits summed per head (first two heads; a single-head model reports 0 for the second).</summary>
    static (double, double) HeadBits(GruModel m, List<NetSequence> seqs)
    {
        double a = 0, b = 0;
        foreach (var s in seqs)
            for (int hd = 0; hd < m.HeadStart.Length; hd++)
            {
                var one = new GruModel(m.I, m.H, new[] { m.HeadSize[hd] }, 1) { WIn = m.WIn, WRec = m.WRec, Bias = m.Bias };
                // one head: the output rows of that head only
                one.WOut = m.WOut.Skip(m.HeadStart[hd] * m.H).Take(m.HeadSize[hd] * m.H).ToArray();
                one.BOut = m.BOut.Skip(m.HeadStart[hd]).Take(m.HeadSize[hd]).ToArray();
                var s1 = new NetSequence { InA = s.InA, InB = s.InB, Targets = s.Targets.Select(t => new[] { t[hd] }).ToArray() };
                double bits = one.Loss(s1, null) / Math.Log(2);
                if (hd == 0) a += bits; else b += bits;
            }
        return (a, b);
    }

    public static short Q12(double w) => (short)Math.Clamp(Math.Round(w * 4096.0, MidpointRounding.AwayFromZero), -32767, 32767);

    /// <summary>The integer network of a trained model. Throws when a weight row could overflow the 32-bit sum
    /// (Σ|w_q| · 4096 ≥ 2^31 with |h| ≤ 4096), which the firmware relies on never happening.</summary>
    public static GruNetwork ToNetwork(GruModel m)
    {
        CheckRows(m.WRec.Select(Q12).ToArray(), m.H);
        CheckRows(m.WOut.Select(Q12).ToArray(), m.H);
        return new GruNetwork(m.I, m.H, m.O, m.WIn.Select(Q12).ToArray(), m.WRec.Select(Q12).ToArray(), m.Bias.Select(Q12).ToArray(),
            m.WOut.Select(Q12).ToArray(), m.BOut.Select(Q12).ToArray());
    }

    static void CheckRows(short[] w, int rowLength)
    {
        for (int r = 0; r < w.Length / rowLength; r++)
        {
            long sum = 0;
            for (int k = 0; k < rowLength; k++) sum += Math.Abs((int)w[r * rowLength + k]);
            if (sum * 4096 >= int.MaxValue) throw new InvalidOperationException($"weight row {r}: Σ|w| = {sum / 4096.0:F1} would overflow the 32-bit sum");
        }
    }

    /// <summary>Bits per head as the chip samples at temperature 1: p = weight(target) / Σ weights of <see cref="GruNetwork.SoftmaxWeights"/>.</summary>
    public static (double, double) FixedBits(GruNetwork net, GruModel m, List<NetSequence> seqs)
    {
        double a = 0, b = 0;
        var w = new int[64];
        foreach (var s in seqs)
        {
            net.Reset();
            for (int t = 0; t < s.InA.Length; t++)
            {
                net.Step(s.InA[t], s.InB[t]);
                for (int hd = 0; hd < m.HeadStart.Length; hd++)
                {
                    int total = net.SoftmaxWeights(m.HeadStart[hd], m.HeadSize[hd], -1L, 256, w);
                    double bits = -Math.Log2(w[s.Targets[t][hd]] / (double)total);
                    if (hd == 0) a += bits; else b += bits;
                }
            }
        }
        return (a, b);
    }

    static string Header(string what) =>
        "// <auto-generated>\n// " + what + "\n" +
        "// Do not edit: run `dotnet run --project tools/Bedside.Trainer -c Release` to regenerate. A test fails when this file is stale.\n// </auto-generated>\n";

    static string NetSource(string cls, string summary, GruModel m, NetSequence check, HeldOut figures, int tunes, int chorales)
    {
        var net = ToNetwork(m);
        var wIn = m.WIn.Select(Q12).ToArray(); var wRec = m.WRec.Select(Q12).ToArray(); var bias = m.Bias.Select(Q12).ToArray();
        var wOut = m.WOut.Select(Q12).ToArray(); var bOut = m.BOut.Select(Q12).ToArray();
        int steps = Math.Min(8, check.InA.Length);
        net.Reset();
        for (int t = 0; t < steps; t++) net.Step(check.InA[t], check.InB[t]);
        var sb = new StringBuilder();
        sb.Append(Header($"Generated by tools/Bedside.Trainer from the JSB chorale training split ({chorales} chorales) and tools/Bedside.Trainer/corpus ({tunes} melodies)."));
        sb.Append("namespace Bedside.Core.Composer\n{\n");
        sb.Append("    /// <summary>").Append(summary).Append(". Weights Q12 (4096 = 1.0), layout as in GruNetwork.\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"    /// Held-out NLL on the chorale test split ({figures.Events} events): Markov {figures.MarkovBits:F3}, GRU float {figures.FloatBits:F3}, GRU Q12 {figures.FixedBits:F3} bits per event.</summary>\n"));
        sb.Append("    public static class ").Append(cls).Append("\n    {\n");
        sb.Append("        public const int Inputs = ").Append(m.I).Append(";\n");
        sb.Append("        public const int Hidden = ").Append(m.H).Append(";\n");
        sb.Append("        public const int Outputs = ").Append(m.O).Append(";\n");
        if (cls == "MelodyNetTable")
        {
            sb.Append("        /// <summary>Degree head: output d = absolute degree MinDegree + d; duration head: output DegreeSymbols + c = class c.</summary>\n");
            sb.Append("        public const int MinDegree = ").Append(Model.MinDegree).Append(";\n");
            sb.Append("        public const int DegreeSymbols = ").Append(DegreeSymbols).Append(";\n");
            sb.Append("        public const int DurSymbols = ").Append(DurSymbols).Append(";\n");
            sb.Append("        /// <summary>Duration class → inter-onset interval in sixteenths (4 = one beat).</summary>\n");
            Emit(sb, "byte", "DurSixteenths", Model.DurSixteenths.Select(x => (long)x));
        }
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"        /// <summary>Held-out bits per event ×1000 (test split): Markov, float network, Q12 network.</summary>\n"));
        sb.Append("        public const int TestMarkovMilliBits = ").Append((int)Math.Round(figures.MarkovBits * 1000)).Append(";\n");
        sb.Append("        public const int TestFloatMilliBits = ").Append((int)Math.Round(figures.FloatBits * 1000)).Append(";\n");
        sb.Append("        public const int TestFixedMilliBits = ").Append((int)Math.Round(figures.FixedBits * 1000)).Append(";\n");
        sb.Append("        /// <summary>SHA-256 (first 8 bytes, hex) of all Q12 weights in the order WInQ12, WRecQ12, BiasQ12, WOutQ12, BOutQ12.</summary>\n");
        sb.Append("        public const string WeightsSha = \"").Append(Checksum(wIn, wRec, bias, wOut, bOut)).Append("\";\n");
        sb.Append("        /// <summary>Input weights [3·Hidden][Inputs], gates r, z, n.</summary>\n");
        Emit(sb, "short", "WInQ12", wIn.Select(x => (long)x));
        sb.Append("        /// <summary>Recurrent weights [3·Hidden][Hidden], gates r, z, n.</summary>\n");
        Emit(sb, "short", "WRecQ12", wRec.Select(x => (long)x));
        sb.Append("        /// <summary>Biases [4·Hidden]: r, z, n (input side), n (recurrent side).</summary>\n");
        Emit(sb, "short", "BiasQ12", bias.Select(x => (long)x));
        sb.Append("        /// <summary>Output weights [Outputs][Hidden].</summary>\n");
        Emit(sb, "short", "WOutQ12", wOut.Select(x => (long)x));
        Emit(sb, "short", "BOutQ12", bOut.Select(x => (long)x));
        sb.Append("        /// <summary>Check vector: the inputs (A, B per step) of the first test chorale's first steps, and the logits after them on the host.</summary>\n");
        Emit(sb, "short", "CheckInA", check.InA.Take(steps).Select(x => (long)x));
        Emit(sb, "short", "CheckInB", check.InB.Take(steps).Select(x => (long)x));
        Emit(sb, "int", "CheckLogitsQ12", net.LogitsQ12.Select(x => (long)x));
        sb.Append("    }\n}\n");
        return sb.ToString();
    }

    static string Checksum(params short[][] arrays)
    {
        using var sha = SHA256.Create();
        var bytes = new List<byte>();
        foreach (var a in arrays) foreach (var v in a) { bytes.Add((byte)v); bytes.Add((byte)(v >> 8)); }
        return Convert.ToHexString(sha.ComputeHash(bytes.ToArray()), 0, 8);
    }

    static string ActivationSource()
    {
        var sb = new StringBuilder();
        sb.Append(Header("Generated by tools/Bedside.Trainer (NetworkTrainer.ActivationSource): activation tables of GruNetwork."));
        sb.Append("namespace Bedside.Core.Composer\n{\n");
        sb.Append("    /// <summary>Activation tables for GruNetwork: 257 points, x = −8 + i/16 (σ, tanh) and d = i/16 (e^−d).</summary>\n");
        sb.Append("    public static class ActivationTable\n    {\n");
        sb.Append("        /// <summary>σ(−8 + i/16) in Q12.</summary>\n");
        Emit(sb, "short", "SigmoidQ12", Enumerable.Range(0, 257).Select(i => (long)Math.Round(4096.0 / (1 + Math.Exp(-(-8 + i / 16.0))))));
        sb.Append("        /// <summary>tanh(−8 + i/16) in Q12.</summary>\n");
        Emit(sb, "short", "TanhQ12", Enumerable.Range(0, 257).Select(i => (long)Math.Round(4096.0 * Math.Tanh(-8 + i / 16.0))));
        sb.Append("        /// <summary>e^(−i/16) in Q16, at least 1 (no event has probability 0).</summary>\n");
        Emit(sb, "int", "ExpNegQ16", Enumerable.Range(0, 257).Select(i => Math.Max(1L, (long)Math.Round(65536.0 * Math.Exp(-i / 16.0)))));
        sb.Append("    }\n}\n");
        return sb.ToString();
    }

    public const int GuardBloomBits = 16;
    public const int GuardBloomHashes = 4;

    /// <summary>Bloom filter bit positions of a run hash: p_j = ((uint)(h ^ (j · 0x5BD1E995)) · 0x9E3779B1) &gt;&gt; (32 − bits), j = 0..3.</summary>
    public static int BloomIndex(int hash, int j) => (int)(unchecked((uint)(hash ^ (j * 0x5BD1E995)) * 0x9E3779B1u) >> (32 - GuardBloomBits));

    /// <summary>Every run of GuardNotes notes (by intervals) in the corpus tunes and in all chorale soprano lines.</summary>
    public static SortedSet<int> GuardHashes(List<Tune> tunes, List<Chorale> chorales)
    {
        var set = new SortedSet<int>();
        foreach (var d in tunes.Select(t => t.Degrees).Concat(chorales.Select(c => c.Degrees)))
            for (int i = 0; i + Model.GuardNotes <= d.Length; i++) set.Add(Model.GramHash(d, i, Model.GuardNotes));
        return set;
    }

    static string GuardSource(List<Tune> tunes, List<Chorale> chorales)
    {
        var set = GuardHashes(tunes, chorales);
        var bits = new byte[1 << (GuardBloomBits - 3)];
        foreach (int h in set)
            for (int j = 0; j < GuardBloomHashes; j++) { int p = BloomIndex(h, j); bits[p >> 3] |= (byte)(1 << (p & 7)); }
        int ones = bits.Sum(b => System.Numerics.BitOperations.PopCount(b));
        double fp = Math.Pow(ones / (double)(bits.Length * 8), GuardBloomHashes);
        var sb = new StringBuilder();
        sb.Append(Header($"Generated by tools/Bedside.Trainer: copy guard over {tunes.Count} corpus melodies and all {chorales.Count} chorale soprano lines ({set.Count} distinct runs)."));
        sb.Append("namespace Bedside.Core.Composer\n{\n");
        sb.Append("    /// <summary>\n");
        sb.Append("    /// Bloom filter of the interval hashes (h = h · 31 + (interval + 64)) of every run of GuardNotes notes in the\n");
        sb.Append("    /// training melodies. A run in the set always tests positive; a run not in it tests positive with probability\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"    /// {fp:F4} (then a harmless extra rejection). Bit p_j = ((uint)(h ^ (j · 0x5BD1E995)) · 0x9E3779B1) >> {32 - GuardBloomBits}, j = 0..{GuardBloomHashes - 1}.\n"));
        sb.Append("    /// </summary>\n");
        sb.Append("    public static class CopyGuardTable\n    {\n");
        sb.Append("        public const int GuardNotes = ").Append(Model.GuardNotes).Append(";\n");
        sb.Append("        public const int Runs = ").Append(set.Count).Append(";\n");
        sb.Append("        public const int BloomShift = ").Append(32 - GuardBloomBits).Append(";\n");
        sb.Append("        public const int BloomHashes = ").Append(GuardBloomHashes).Append(";\n");
        Emit(sb, "byte", "BloomBits", bits.Select(x => (long)x), 32);
        sb.Append("    }\n}\n");
        return sb.ToString();
    }

    static void Emit(StringBuilder sb, string type, string name, IEnumerable<long> values, int perLine = 16)
    {
        var v = values.ToList();
        sb.Append("        public static readonly ").Append(type).Append("[] ").Append(name).Append(" =\n        {");
        for (int i = 0; i < v.Count; i++)
        {
            if (i % perLine == 0) sb.Append("\n           ");
            sb.Append(' ').Append(v[i].ToString(CultureInfo.InvariantCulture)).Append(',');
        }
        sb.Append("\n        };\n");
    }
}
