namespace Bedside.Core.Composer
{
    /// <summary>
    /// The learned harmony: samples the next chord from the harmony GRU (<see cref="HarmonyNetTable"/>, trained on the
    /// chorales' quarter-note frames reduced to a chord root over the key and the bass degree), one network step per
    /// chord. A chord is (root, bass), both scale degrees 0..6 of the key. Only chords whose root and bass are in the
    /// pitch set are drawn (renormalised), optionally never the current root again (the pad changes seldom, so a
    /// repeated frame would be no change). From the composer's seeded Rng; no allocation after construction.
    /// </summary>
    public sealed class NetworkHarmony
    {
        private const int Symbols = 49; // root * 7 + bass
        private readonly Rng _rng;
        private readonly GruNetwork _net;
        private readonly int[] _weights = new int[Symbols];
        private int _root = -1, _bass = -1;
        private int _invTempQ8 = 256;

        public NetworkHarmony(Rng rng)
        {
            _rng = rng;
            _net = new GruNetwork(HarmonyNetTable.Inputs, HarmonyNetTable.Hidden, HarmonyNetTable.Outputs, HarmonyNetTable.WInQ12,
                HarmonyNetTable.WRecQ12, HarmonyNetTable.BiasQ12, HarmonyNetTable.WOutQ12, HarmonyNetTable.BOutQ12);
        }

        public GruNetwork Network { get { return _net; } }

        /// <summary>Root of the current chord, 0..6 (0 before the first chord).</summary>
        public int Root { get { return _root < 0 ? 0 : _root; } }

        /// <summary>Bass degree of the current chord, 0..6 (0 before the first chord).</summary>
        public int Bass { get { return _bass < 0 ? 0 : _bass; } }

        /// <summary>1/T in Q8 (256 = learned distribution), clamped 64..1024.</summary>
        public void SetInverseTemperatureQ8(int invTempQ8)
        {
            if (invTempQ8 < 64) invTempQ8 = 64; else if (invTempQ8 > 1024) invTempQ8 = 1024;
            _invTempQ8 = invTempQ8;
        }

        public void Reset() { _net.Reset(); _root = -1; _bass = -1; }

        /// <summary>
        /// Next chord with root and bass in degreeMask (bit d = degree d allowed; the tonic is always allowed) and, when
        /// changeRoot, a root different from the current one. Returns the root; <see cref="Bass"/> holds its bass.
        /// </summary>
        public int Next(int degreeMask, bool changeRoot)
        {
            degreeMask |= 1;
            _net.Step(_root < 0 ? 7 : _root, 8 + (_bass < 0 ? 7 : _bass));
            long allowed = 0;
            for (int s = 0; s < Symbols; s++)
            {
                int root = s / 7, bass = s - root * 7;
                if (((degreeMask >> root) & 1) == 0 || ((degreeMask >> bass) & 1) == 0) continue;
                if (changeRoot && root == _root) continue;
                allowed |= 1L << s;
            }
            int pick = -1;
            int total = allowed == 0 ? 0 : _net.SoftmaxWeights(0, Symbols, allowed, _invTempQ8, _weights);
            if (total > 0)
            {
                int r = _rng.Next(total);
                for (int s = 0; s < Symbols; s++) { r -= _weights[s]; if (r < 0) { pick = s; break; } }
            }
            if (pick < 0) pick = _root == 0 && changeRoot ? 4 * 7 + 4 : 0; // tonic over the tonic, or the dominant after it
            _root = pick / 7;
            _bass = pick - _root * 7;
            return _root;
        }
    }
}
