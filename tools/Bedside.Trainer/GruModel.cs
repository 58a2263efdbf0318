namespace Bedside.Trainer;

/// <summary>One training sequence: per step up to two active one-hot inputs (−1 = none) and one target per output head.</summary>
public sealed class NetSequence
{
    public required int[] InA { get; init; }
    public required int[] InB { get; init; }
    /// <summary>[step][head]: the target index inside the head.</summary>
    public required int[][] Targets { get; init; }
}

/// <summary>
/// A one-layer GRU with one-hot inputs and a linear output layer split into softmax heads (for example degree and
/// duration), trained by backpropagation through time over whole sequences with Adam. The same equations as the
/// firmware's integer <c>GruNetwork</c>:
///   r = σ(Wr·x + Ur·h + br), z = σ(Wz·x + Uz·h + bz), n = tanh(Wn·x + bn + r ⊙ (Un·h + bhn)), h' = n + z ⊙ (h − n),
///   y = Wo·h' + bo, loss = Σ heads −ln softmax(y_head)[target].
/// Deterministic: its own xorshift generator for initialisation and sequence order, one thread, loops in a fixed
/// order. Weights are clipped to ±7.9 after each step so the Q12 export (range ±8) never saturates a weight.
/// </summary>
public sealed class GruModel
{
    public readonly int I, H, O;
    public readonly int[] HeadStart, HeadSize;
    public double[] WIn, WRec, Bias, WOut, BOut; // shapes as in GruNetwork: [3H][I], [3H][H], [4H], [O][H], [O]
    public const double WeightLimit = 7.9;

    public GruModel(int inputs, int hidden, int[] headSizes, ulong seed)
    {
        I = inputs; H = hidden;
        HeadSize = headSizes; HeadStart = new int[headSizes.Length];
        int o = 0;
        for (int k = 0; k < headSizes.Length; k++) { HeadStart[k] = o; o += headSizes[k]; }
        O = o;
        WIn = new double[3 * H * I]; WRec = new double[3 * H * H]; Bias = new double[4 * H]; WOut = new double[O * H]; BOut = new double[O];
        var rng = new XorShift(seed);
        double a = 1.0 / Math.Sqrt(H);
        for (int i = 0; i < WIn.Length; i++) WIn[i] = a * (2 * rng.NextDouble() - 1);
        for (int i = 0; i < WRec.Length; i++) WRec[i] = a * (2 * rng.NextDouble() - 1);
        for (int i = 0; i < WOut.Length; i++) WOut[i] = a * (2 * rng.NextDouble() - 1);
    }

    public double[][] Parameters => new[] { WIn, WRec, Bias, WOut, BOut };

    /// <summary>Loss (nats) of one sequence; when grads is not null, adds the gradients into it (same layout as Parameters).</summary>
    public double Loss(NetSequence s, double[][]? grads)
    {
        int T = s.InA.Length;
        var hs = new double[T + 1][]; var rs = new double[T][]; var zs = new double[T][]; var ns = new double[T][]; var hns = new double[T][];
        var probs = new double[T][];
        hs[0] = new double[H];
        double loss = 0;
        for (int t = 0; t < T; t++)
        {
            var h = hs[t];
            var r = new double[H]; var z = new double[H]; var n = new double[H]; var hn = new double[H]; var h2 = new double[H];
            int a = s.InA[t], b = s.InB[t];
            for (int g = 0; g < 3 * H; g++)
            {
                double acc = 0;
                int row = g * H;
                for (int k = 0; k < H; k++) acc += WRec[row + k] * h[k];
                int gate = g / H, u = g - gate * H;
                if (gate == 2) { hn[u] = acc + Bias[3 * H + u]; continue; }
                acc += Bias[g];
                if (a >= 0) acc += WIn[g * I + a];
                if (b >= 0) acc += WIn[g * I + b];
                double sg = 1.0 / (1.0 + Math.Exp(-acc));
                if (gate == 0) r[u] = sg; else z[u] = sg;
            }
            for (int u = 0; u < H; u++)
            {
                int row = (2 * H + u) * I;
                double pre = Bias[2 * H + u] + r[u] * hn[u];
                if (a >= 0) pre += WIn[row + a];
                if (b >= 0) pre += WIn[row + b];
                n[u] = Math.Tanh(pre);
                h2[u] = n[u] + z[u] * (h[u] - n[u]);
            }
            hs[t + 1] = h2; rs[t] = r; zs[t] = z; ns[t] = n; hns[t] = hn;
            var p = new double[O];
            for (int o = 0; o < O; o++)
            {
                double acc = BOut[o];
                int row = o * H;
                for (int k = 0; k < H; k++) acc += WOut[row + k] * h2[k];
                p[o] = acc;
            }
            for (int hd = 0; hd < HeadStart.Length; hd++)
            {
                int st = HeadStart[hd], sz = HeadSize[hd];
                double max = double.NegativeInfinity;
                for (int k = 0; k < sz; k++) max = Math.Max(max, p[st + k]);
                double sum = 0;
                for (int k = 0; k < sz; k++) { p[st + k] = Math.Exp(p[st + k] - max); sum += p[st + k]; }
                for (int k = 0; k < sz; k++) p[st + k] /= sum;
                loss -= Math.Log(p[st + s.Targets[t][hd]]);
            }
            probs[t] = p;
        }
        if (grads == null) return loss;

        double[] gWIn = grads[0], gWRec = grads[1], gB = grads[2], gWOut = grads[3], gBOut = grads[4];
        var dh = new double[H];
        var dar = new double[H]; var daz = new double[H]; var dhn = new double[H];
        for (int t = T - 1; t >= 0; t--)
        {
            var p = probs[t]; var h2 = hs[t + 1]; var h = hs[t];
            var r = rs[t]; var z = zs[t]; var n = ns[t]; var hn = hns[t];
            int a = s.InA[t], b = s.InB[t];
            for (int o = 0; o < O; o++)
            {
                double dy = p[o];
                for (int hd = 0; hd < HeadStart.Length; hd++) if (o == HeadStart[hd] + s.Targets[t][hd]) dy -= 1;
                gBOut[o] += dy;
                int row = o * H;
                for (int k = 0; k < H; k++) { gWOut[row + k] += dy * h2[k]; dh[k] += dy * WOut[row + k]; }
            }
            var dhPrev = new double[H];
            for (int u = 0; u < H; u++)
            {
                double dn = dh[u] * (1 - z[u]);
                double dz = dh[u] * (h[u] - n[u]);
                dhPrev[u] = dh[u] * z[u];
                double dan = dn * (1 - n[u] * n[u]);
                double dr = dan * hn[u];
                dhn[u] = dan * r[u];
                daz[u] = dz * z[u] * (1 - z[u]);
                dar[u] = dr * r[u] * (1 - r[u]);
                int rowN = (2 * H + u) * I;
                if (a >= 0) gWIn[rowN + a] += dan;
                if (b >= 0) gWIn[rowN + b] += dan;
                gB[2 * H + u] += dan;
                gB[3 * H + u] += dhn[u];
                gB[u] += dar[u]; gB[H + u] += daz[u];
                if (a >= 0) { gWIn[u * I + a] += dar[u]; gWIn[(H + u) * I + a] += daz[u]; }
                if (b >= 0) { gWIn[u * I + b] += dar[u]; gWIn[(H + u) * I + b] += daz[u]; }
            }
            for (int g = 0; g < 3 * H; g++)
            {
                int gate = g / H, u = g - gate * H;
                double d = gate == 0 ? dar[u] : gate == 1 ? daz[u] : dhn[u];
                int row = g * H;
                for (int k = 0; k < H; k++) { gWRec[row + k] += d * h[k]; dhPrev[k] += d * WRec[row + k]; }
            }
            dh = dhPrev;
        }
        return loss;
    }

    /// <summary>Summed loss (nats) and target count over sequences.</summary>
    public (double Nats, int Targets) Evaluate(List<NetSequence> seqs)
    {
        double l = 0; int n = 0;
        foreach (var s in seqs) { l += Loss(s, null); n += s.InA.Length * HeadStart.Length; }
        return (l, n);
    }

    /// <summary>
    /// Adam (β1 0.9, β2 0.999, ε 1e−8), one update per sequence, gradient norm clipped to 5, sequence order shuffled
    /// each epoch by the seeded generator. Keeps the parameters of the epoch with the lowest validation loss.
    /// Returns the validation loss (nats per step) per epoch.
    /// </summary>
    public List<double> Train(List<NetSequence> train, List<NetSequence> valid, int epochs, double learningRate, ulong seed, Action<string>? log = null)
    {
        var ps = Parameters;
        var m = ps.Select(x => new double[x.Length]).ToArray();
        var v = ps.Select(x => new double[x.Length]).ToArray();
        var g = ps.Select(x => new double[x.Length]).ToArray();
        var rng = new XorShift(seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        double bestValid = double.PositiveInfinity;
        double[][] best = ps.Select(x => (double[])x.Clone()).ToArray();
        var curve = new List<double>();
        long step = 0;
        int validSteps = valid.Sum(s => s.InA.Length);
        for (int e = 0; e < epochs; e++)
        {
            for (int i = order.Length - 1; i > 0; i--) { int j = (int)(rng.Next() % (ulong)(i + 1)); (order[i], order[j]) = (order[j], order[i]); }
            double lr = learningRate * (e < epochs / 2 ? 1.0 : 0.5 + 0.5 * (epochs - e) / (double)(epochs - epochs / 2));
            foreach (int si in order)
            {
                foreach (var x in g) Array.Clear(x);
                Loss(train[si], g);
                double norm = 0;
                foreach (var x in g) foreach (var y in x) norm += y * y;
                norm = Math.Sqrt(norm);
                double scale = norm > 5 ? 5 / norm : 1;
                step++;
                double c1 = 1 - Math.Pow(0.9, step), c2 = 1 - Math.Pow(0.999, step);
                for (int pi = 0; pi < ps.Length; pi++)
                {
                    var p = ps[pi]; var gm = m[pi]; var gv = v[pi]; var gg = g[pi];
                    for (int k = 0; k < p.Length; k++)
                    {
                        double gk = gg[k] * scale;
                        gm[k] = 0.9 * gm[k] + 0.1 * gk;
                        gv[k] = 0.999 * gv[k] + 0.001 * gk * gk;
                        p[k] -= lr * (gm[k] / c1) / (Math.Sqrt(gv[k] / c2) + 1e-8);
                        if (p[k] > WeightLimit) p[k] = WeightLimit; else if (p[k] < -WeightLimit) p[k] = -WeightLimit;
                    }
                }
            }
            double vl = Evaluate(valid).Nats / validSteps;
            curve.Add(vl);
            log?.Invoke($"  epoch {e + 1,2}: valid {vl / Math.Log(2):F4} bits/step");
            if (vl < bestValid) { bestValid = vl; for (int pi = 0; pi < ps.Length; pi++) Array.Copy(ps[pi], best[pi], ps[pi].Length); }
        }
        for (int pi = 0; pi < ps.Length; pi++) Array.Copy(best[pi], ps[pi], ps[pi].Length);
        return curve;
    }
}

/// <summary>Deterministic 64-bit xorshift* generator for the trainer (never System.Random: its algorithm may change).</summary>
public sealed class XorShift
{
    ulong _s;
    public XorShift(ulong seed) { _s = seed == 0 ? 0x9E3779B97F4A7C15UL : seed; }
    public ulong Next() { _s ^= _s >> 12; _s ^= _s << 25; _s ^= _s >> 27; return _s * 0x2545F4914F6CDD1DUL; }
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
