namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Turns beat times into inter-beat intervals, a displayed heart rate, RMSSD over 60 s and a signal-quality
    /// index. Runs once per beat (<see cref="OnBeat"/>) and once per control tick (<see cref="Update"/>): nothing
    /// here runs per sample. No allocation after construction.
    ///
    /// - Plausible interval: 300..1714 ms (200..35 bpm). Anything else breaks the chain (missed beats, gaps).
    /// - Reference interval: median of the last 5 plausible intervals. An interval more than 20 % away from it is
    ///   "not normal" (ectopic beat, a missed or an extra detection): it is kept for the reference (so a real
    ///   step in rate is followed within 3 beats) but excluded from RMSSD.
    /// - Displayed rate: 60000 / median of the last 7 normal intervals (a robust ~6-s smoother that extra or
    ///   missed detections and ectopic beats do not move).
    /// - RMSSD: root mean square of successive differences between consecutive normal intervals whose later beat
    ///   lies within the last 60 s; reported once ≥ 20 differences are in the window.
    /// - Quality 0..100: share of normal intervals among the last 16 beats (0 until 8 are known), forced to 0 when no beat came for
    ///   max(3 s, 3 reference intervals).
    /// </summary>
    public sealed class BeatIntervalTracker
    {
        private const int HistLen = 16;
        private const int FlagLen = 16;
        private const int DiffLen = 256;          // > 200 bpm × 60 s
        /// <summary>Shortest and longest plausible inter-beat interval, ms (200 and 35 bpm).</summary>
        public const int MinIbiMs = 300, MaxIbiMs = 1714;
        private const long RmssdWindowUs = 60000000;
        private const int MinRmssdDiffs = 20;

        private readonly int[] _ibi = new int[HistLen];
        private readonly int[] _normIbi = new int[HistLen];
        private int _normHead, _normCount;
        private readonly int[] _scratch = new int[HistLen];
        private readonly byte[] _flags = new byte[FlagLen];
        private readonly long[] _diffT = new long[DiffLen];
        private readonly int[] _diffSq = new int[DiffLen];
        private int _ibiHead, _ibiCount, _flagHead, _flagCount, _flagOk;
        private int _diffHead, _diffCount;
        private long _diffSum;
        private long _lastBeatTUs;
        private int _segment;
        private bool _haveBeat;
        private int _lastNormalIbiMs;

        /// <summary>Median of the last 7 normal intervals, ms; 0 until 4 are known.</summary>
        public int DisplayedIbiMs;
        /// <summary>Median of the last 5 plausible intervals, ms; 0 until 3 are known.</summary>
        public int ReferenceIbiMs;
        /// <summary>Most recent interval, ms, and whether it was judged normal.</summary>
        public int LastIbiMs;
        public bool LastIbiNormal;
        /// <summary>Plausible intervals seen since the last <see cref="Reset"/>.</summary>
        public int IntervalsSinceReset;
        /// <summary>Time (µs) of the last beat seen, long.MinValue if none.</summary>
        public long LastBeatTUs { get { return _haveBeat ? _lastBeatTUs : long.MinValue; } }

        public BeatIntervalTracker() { Reset(); }

        /// <summary>Forgets all beats and intervals.</summary>
        public void Reset()
        {
            _ibiHead = 0; _ibiCount = 0; _normHead = 0; _normCount = 0; _flagHead = 0; _flagCount = 0; _flagOk = 0;
            _diffHead = 0; _diffCount = 0; _diffSum = 0;
            _haveBeat = false; _lastBeatTUs = 0; _lastNormalIbiMs = 0; _segment = int.MinValue;
            DisplayedIbiMs = 0; ReferenceIbiMs = 0; LastIbiMs = 0; LastIbiNormal = false; IntervalsSinceReset = 0;
        }

        /// <summary>
        /// A beat at tUs from detector segment <paramref name="segment"/> (a new segment means the previous beat
        /// is not to be joined to this one). Beats must come in time order; an earlier or equal time is ignored.
        /// </summary>
        public void OnBeat(long tUs, int segment)
        {
            if (!_haveBeat || segment != _segment)
            {
                _haveBeat = true; _segment = segment; _lastBeatTUs = tUs; _lastNormalIbiMs = 0;
                return;
            }
            if (tUs <= _lastBeatTUs) return;
            long ibiUs = tUs - _lastBeatTUs;
            _lastBeatTUs = tUs;
            if (ibiUs < MinIbiMs * 1000L || ibiUs > MaxIbiMs * 1000L)
            {
                PushFlag(false);
                _lastNormalIbiMs = 0;
                LastIbiMs = (int)SensingMath.Clamp(ibiUs / 1000, 0, 100000);
                LastIbiNormal = false;
                return;
            }
            int ibi = (int)(ibiUs / 1000);
            int reference = ReferenceIbiMs;
            _ibi[_ibiHead] = ibi;
            _ibiHead = (_ibiHead + 1) % HistLen;
            if (_ibiCount < HistLen) _ibiCount++;
            IntervalsSinceReset++;

            int dev = reference > 0 ? ibi - reference : 0;
            if (dev < 0) dev = -dev;
            bool normal = dev * 5 <= reference || reference == 0;
            PushFlag(normal);
            LastIbiMs = ibi; LastIbiNormal = normal;
            if (normal && _lastNormalIbiMs > 0)
            {
                int diff = ibi - _lastNormalIbiMs;
                AddDiff(tUs, diff * diff);
            }
            _lastNormalIbiMs = normal ? ibi : 0;
            if (normal)
            {
                _normIbi[_normHead] = ibi;
                _normHead = (_normHead + 1) % HistLen;
                if (_normCount < HistLen) _normCount++;
                DisplayedIbiMs = _normCount >= 4 ? SensingMath.MedianOfNewest(_normIbi, _normHead, _normCount < 7 ? _normCount : 7, _scratch) : 0;
            }

            ReferenceIbiMs = _ibiCount >= 3 ? SensingMath.MedianOfNewest(_ibi, _ibiHead, _ibiCount < 5 ? _ibiCount : 5, _scratch) : 0;
        }

        /// <summary>
        /// The detector rejected a pulse-like block inside the refractory period: counts as a not-normal event
        /// for the quality index (so a rate above 200 bpm, seen as every other beat, cannot look clean).
        /// </summary>
        public void OnRejectedBlock() { PushFlag(false); }

        private void PushFlag(bool ok)
        {
            if (_flagCount == FlagLen) { if (_flags[_flagHead] != 0) _flagOk--; }
            else _flagCount++;
            _flags[_flagHead] = ok ? (byte)1 : (byte)0;
            if (ok) _flagOk++;
            _flagHead = (_flagHead + 1) % FlagLen;
        }

        private void AddDiff(long tUs, int sq)
        {
            if (_diffCount == DiffLen) { DropOldestDiff(); }
            int slot = (_diffHead + _diffCount) % DiffLen;
            _diffT[slot] = tUs; _diffSq[slot] = sq; _diffSum += sq; _diffCount++;
        }

        private void DropOldestDiff()
        {
            _diffSum -= _diffSq[_diffHead];
            _diffHead = (_diffHead + 1) % DiffLen;
            _diffCount--;
        }

        /// <summary>Control-rate housekeeping at nowUs: expires RMSSD differences older than 60 s.</summary>
        public void Update(long nowUs)
        {
            while (_diffCount > 0 && nowUs - _diffT[_diffHead] > RmssdWindowUs) DropOldestDiff();
        }

        /// <summary>RMSSD over the last 60 s, ms; 0 when fewer than 20 differences are in the window.</summary>
        public int RmssdMs
        {
            get
            {
                if (_diffCount < MinRmssdDiffs) return 0;
                return (int)SensingMath.SqrtFloor(_diffSum / _diffCount);
            }
        }

        /// <summary>Signal-quality index 0..100 at nowUs (see class notes).</summary>
        public int QualityAt(long nowUs)
        {
            if (!_haveBeat || _flagCount < 8) return 0;
            long silenceUs = 3000000;
            long refSilence = ReferenceIbiMs * 3000L;
            if (refSilence > silenceUs) silenceUs = refSilence;
            if (nowUs - _lastBeatTUs > silenceUs) return 0;
            return _flagOk * 100 / _flagCount;
        }
    }
}
