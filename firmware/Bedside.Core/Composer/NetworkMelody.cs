namespace Bedside.Core.Composer
{
    /// <summary>
    /// The learned melody: samples the next melody event from the melody GRU (<see cref="MelodyNetTable"/>, trained
    /// on the chorale soprano lines and the ABC corpus by tools/Bedside.Trainer), one network step per note.
    /// Per note: <see cref="NextDegree"/> runs the step on the previous note (degree, duration) and draws the degree,
    /// then <see cref="NextDurSixteenths"/> draws the duration from the same step. Sampling is restricted to the pitch
    /// set and register (renormalised over the allowed degrees) at the set temperature, from the composer's seeded Rng.
    /// Copy guard: a degree that would complete a run of <see cref="CopyGuardTable.GuardNotes"/> notes whose intervals
    /// are a run of a training melody (corpus or chorale, Bloom filter <see cref="CopyGuardTable.BloomBits"/>) is never
    /// drawn. When nothing allowed remains, the allowed degree nearest the previous note is used (guarded if possible).
    /// No allocation after construction.
    /// </summary>
    public sealed class NetworkMelody
    {
        private const int DegreeSymbols = MelodyNetTable.DegreeSymbols; // head 0 of the network
        private const int DurSymbols = MelodyNetTable.DurSymbols;       // head 1
        private readonly Rng _rng;
        private readonly GruNetwork _net;
        private readonly int[] _weights = new int[DegreeSymbols];
        private readonly int[] _guardHist = new int[CopyGuardTable.GuardNotes - 1]; // degrees, [0] = most recent
        private int _guardLen;
        private int _prevSym = -1, _prevDur = -1;
        private bool _stepped;
        private int _invTempQ8 = 256;

        /// <summary>The model draws from rng; the composer owns and seeds it.</summary>
        public NetworkMelody(Rng rng)
        {
            _rng = rng;
            _net = new GruNetwork(MelodyNetTable.Inputs, MelodyNetTable.Hidden, MelodyNetTable.Outputs, MelodyNetTable.WInQ12,
                MelodyNetTable.WRecQ12, MelodyNetTable.BiasQ12, MelodyNetTable.WOutQ12, MelodyNetTable.BOutQ12);
            _ = CopyGuardTable.BloomBits.Length; // allocate the static table now, not in the audio thread
        }

        /// <summary>The network (for measurement and tests).</summary>
        public GruNetwork Network { get { return _net; } }

        /// <summary>Sampling temperature as 1/T in Q8: 256 = the learned distribution, larger = more predictable. Clamped 64..1024.</summary>
        public void SetInverseTemperatureQ8(int invTempQ8)
        {
            if (invTempQ8 < 64) invTempQ8 = 64; else if (invTempQ8 > 1024) invTempQ8 = 1024;
            _invTempQ8 = invTempQ8;
        }

        /// <summary>Forget the history (a new piece starts).</summary>
        public void Reset() { _net.Reset(); _guardLen = 0; _prevSym = -1; _prevDur = -1; _stepped = false; }

        /// <summary>
        /// Next absolute degree: in the pitch set (bit d of degreeMask = degree d mod 7 allowed) and in
        /// lowDegree..highDegree (clamped to MinDegree..MaxDegree). Never fails.
        /// </summary>
        public int NextDegree(int degreeMask, int lowDegree, int highDegree)
        {
            if (lowDegree < MelodyNetTable.MinDegree) lowDegree = MelodyNetTable.MinDegree;
            if (highDegree > (MelodyNetTable.MinDegree + DegreeSymbols - 1)) highDegree = (MelodyNetTable.MinDegree + DegreeSymbols - 1);
            if (highDegree < lowDegree) highDegree = lowDegree;
            int lowSym = lowDegree - MelodyNetTable.MinDegree, highSym = highDegree - MelodyNetTable.MinDegree;
            // One network step on the previous event (start symbols at the beginning of a piece).
            _net.Step(_prevSym < 0 ? DegreeSymbols : _prevSym, DegreeSymbols + 1 + (_prevDur < 0 ? DurSymbols : _prevDur));
            _stepped = true;
            bool guard = _guardLen == CopyGuardTable.GuardNotes - 1;
            int prefix = 0;
            if (guard)
                for (int k = CopyGuardTable.GuardNotes - 2; k > 0; k--) prefix = prefix * 31 + (_guardHist[k - 1] - _guardHist[k] + 64);
            int lastDeg = _guardLen > 0 ? _guardHist[0] : 0;
            long allowed = 0;
            for (int s = lowSym; s <= highSym; s++)
            {
                if (((degreeMask >> ((s + MelodyNetTable.MinDegree + 21) % 7)) & 1) == 0) continue;
                if (guard && InGuard(prefix * 31 + (s + MelodyNetTable.MinDegree - lastDeg + 64))) continue;
                allowed |= 1L << s;
            }
            int pick = -1;
            int total = allowed == 0 ? 0 : _net.SoftmaxWeights(0, DegreeSymbols, allowed, _invTempQ8, _weights);
            if (total > 0)
            {
                int r = _rng.Next(total);
                for (int s = 0; s < DegreeSymbols; s++) { r -= _weights[s]; if (r < 0) { pick = s; break; } }
            }
            if (pick < 0)
            {
                // Fallback: the allowed degree nearest the previous note (or the middle of the register), guarded when possible.
                int from = _prevSym >= 0 ? _prevSym : (lowSym + highSym) >> 1;
                int best = -1, bestAny = -1;
                for (int d = 0; d <= highSym - lowSym + DegreeSymbols && best < 0; d++)
                    for (int side = 0; side < 2 && best < 0; side++)
                    {
                        int cand = side == 0 ? from + d : from - d;
                        if (cand < lowSym || cand > highSym || ((degreeMask >> ((cand + MelodyNetTable.MinDegree + 21) % 7)) & 1) == 0) continue;
                        if (bestAny < 0) bestAny = cand;
                        if (!guard || !InGuard(prefix * 31 + (cand + MelodyNetTable.MinDegree - lastDeg + 64))) best = cand;
                    }
                pick = best >= 0 ? best : (bestAny >= 0 ? bestAny : lowSym);
            }
            _prevSym = pick;
            for (int k = CopyGuardTable.GuardNotes - 2; k > 0; k--) _guardHist[k] = _guardHist[k - 1];
            _guardHist[0] = pick + MelodyNetTable.MinDegree;
            if (_guardLen < CopyGuardTable.GuardNotes - 1) _guardLen++;
            return pick + MelodyNetTable.MinDegree;
        }

        /// <summary>Next inter-onset interval in sixteenths (4 = one beat), drawn from the duration head of the last step.</summary>
        public int NextDurSixteenths()
        {
            if (!_stepped) _net.Step(_prevSym < 0 ? DegreeSymbols : _prevSym, DegreeSymbols + 1 + (_prevDur < 0 ? DurSymbols : _prevDur));
            _stepped = false;
            int total = _net.SoftmaxWeights(DegreeSymbols, DurSymbols, 127, _invTempQ8, _weights);
            int pick = 2;
            int r = _rng.Next(total);
            for (int s = 0; s < DurSymbols; s++) { r -= _weights[s]; if (r < 0) { pick = s; break; } }
            _prevDur = pick;
            return MelodyNetTable.DurSixteenths[pick];
        }

        /// <summary>Bloom filter test of a run hash (false = certainly not a training run).</summary>
        private static bool InGuard(int hash)
        {
            byte[] bits = CopyGuardTable.BloomBits;
            for (int j = 0; j < CopyGuardTable.BloomHashes; j++)
            {
                // p_j = ((uint)(h ^ (j · 0x5BD1E995)) · 0x9E3779B1) >> BloomShift
                int p = (int)(((uint)(hash ^ (j * 0x5BD1E995)) * 0x9E3779B1u) >> CopyGuardTable.BloomShift);
                if ((bits[p >> 3] & (1 << (p & 7))) == 0) return false;
            }
            return true;
        }
    }
}
