namespace Bedside.Trainer;

/// <summary>
/// Variable-order Markov model with interpolated Witten–Bell smoothing, the probabilistic form of the firmware's
/// back-off table (same contexts: the previous 0..MaxOrder symbols, shorter at the start of a sequence):
///   P(s | c_k) = (n(c_k, s) + T(c_k) · P(s | c_{k−1})) / (n(c_k) + T(c_k)),  P(s | c_{−1}) = 1 / alphabet,
/// with n the training counts and T the number of distinct successors of the context (an unseen context passes
/// its lower order through). Used as the baseline the networks are measured against.
/// </summary>
public sealed class MarkovBaseline
{
    readonly int _alphabet, _maxOrder;
    readonly Dictionary<long, Dictionary<int, int>> _succ = new();
    readonly Dictionary<long, int> _total = new();

    public MarkovBaseline(int alphabet, int maxOrder) { _alphabet = alphabet; _maxOrder = maxOrder; }

    public int MaxOrder => _maxOrder;

    long Key(int[] seq, int i, int order)
    {
        long key = order;
        for (int k = 1; k <= order; k++) key = key * (_alphabet + 1) + seq[i - k] + 1;
        return key * 16 + order;
    }

    public void Train(IEnumerable<int[]> sequences)
    {
        foreach (var seq in sequences)
            for (int i = 0; i < seq.Length; i++)
                for (int o = 0; o <= _maxOrder && o <= i; o++)
                {
                    long key = Key(seq, i, o);
                    if (!_succ.TryGetValue(key, out var d)) _succ[key] = d = new Dictionary<int, int>();
                    d[seq[i]] = d.GetValueOrDefault(seq[i]) + 1;
                    _total[key] = _total.GetValueOrDefault(key) + 1;
                }
    }

    /// <summary>P(seq[i] | the preceding symbols).</summary>
    public double Prob(int[] seq, int i)
    {
        double p = 1.0 / _alphabet;
        int top = Math.Min(_maxOrder, i);
        for (int o = 0; o <= top; o++)
        {
            long key = Key(seq, i, o);
            if (!_succ.TryGetValue(key, out var d)) break; // longer contexts are unseen too
            int n = _total[key], t = d.Count;
            p = (d.GetValueOrDefault(seq[i]) + t * p) / (n + t);
        }
        return p;
    }

    /// <summary>Total negative log-likelihood in bits and the number of symbols.</summary>
    public (double Bits, int Count) Evaluate(IEnumerable<int[]> sequences)
    {
        double bits = 0; int n = 0;
        foreach (var seq in sequences)
            for (int i = 0; i < seq.Length; i++) { bits -= Math.Log2(Prob(seq, i)); n++; }
        return (bits, n);
    }

    /// <summary>The order 0..maxOrder with the lowest validation NLL, trained on train (ties → lower order).</summary>
    public static MarkovBaseline Fit(int alphabet, int maxOrder, List<int[]> train, List<int[]> valid)
    {
        MarkovBaseline? best = null; double bestBits = double.PositiveInfinity;
        for (int o = 0; o <= maxOrder; o++)
        {
            var m = new MarkovBaseline(alphabet, o);
            m.Train(train);
            double b = m.Evaluate(valid).Bits;
            if (b < bestBits - 1e-9) { bestBits = b; best = m; }
        }
        return best!;
    }
}
