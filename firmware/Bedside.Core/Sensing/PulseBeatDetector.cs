namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Streaming PPG beat detector, one raw reading at a time (integer only, no allocation after construction).
    ///
    /// Stages per sample:
    /// 0. Orientation: the MAX30102's reflected-IR reading falls as blood volume rises, so it is inverted
    ///    (262143 − raw); the analog PulseSensor already outputs pulse-up. Contact checks use the raw reading.
    /// 1. Baseline removal: two cascaded one-pole high-passes at ~0.5 Hz (input minus its slow exponential average, twice).
    /// 2. Band-limit: one-pole low-pass at ~6 Hz (pass band of a resting/exercising pulse and its first
    ///    harmonics; the 111-ms window of step 3 low-passes further); output <c>bp</c> in counts × 16 (Q4).
    /// 3. Elgendi-style "blocks of interest" (Elgendi et al., PLoS One 2013), made causal: the clipped, squared
    ///    signal z = max(bp,0)²/256 feeds two running sums, a systolic-peak window W1 = 111 ms and a beat window
    ///    W2 = 667 ms; both are compared centred on the same instant (the W1 sum is read D = (W2−W1)/2 samples
    ///    back). A block is where mean_W1(z) &gt; mean_W2(z) + 0.02·z̄ (z̄: exponential mean of mean_W2(z) in 1-s steps,
    ///    τ = 3 s), compared by cross-multiplication (no division). Only the ratio of sums matters, so the detector is amplitude-free:
    ///    it survives gain changes, and baseline wander is removed by stage 1.
    /// 4. A block at least W1 long whose band-passed peak reaches a floor (8 counts on the 12-bit analog sensor
    ///    ≈ 6.5 mV, 64 counts on the MAX30102 — below that it is sensor noise, not a pulse) is a beat. Its time is
    ///    that of the block's largest band-passed sample: the timestamp of the sample that revealed it minus the
    ///    centre delay at the nominal rate (one sample's jitter; no timestamp ring is kept).
    /// 5. A 300 ms refractory period (200 bpm) rejects a second block from the same pulse (and counts against the
    ///    quality index). A block earlier than 0.6 reference intervals after the last beat (0.5 s while no reference
    ///    is known) whose peak is below 85 % of that beat's is a secondary (dicrotic / reflected) wave and is dropped
    ///    silently: at low rates a strong dicrotic wave would otherwise double the count.
    ///
    /// Latency: about W2/2 + W1 ≈ 0.45 s plus the filter delay (a constant lag, irrelevant to intervals).
    /// In parallel, 1-s windows of every 4th raw reading feed the contact checks (rail low / rail high / flat) and
    /// the noise check (<see cref="IsNoisy"/>).
    ///
    /// Timestamps are taken as given (the device samples with jitter): intervals are measured on them, the filters
    /// assume the nominal rate. A duplicate or slightly backwards timestamp is nudged 1 µs past the previous one;
    /// a jump back of more than 1 s, or a gap of more than 250 ms, restarts the interval chain
    /// (<see cref="Segment"/> increments) so no interval is measured across it.
    /// </summary>
    public sealed class PulseBeatDetector
    {
        private const int RingSize = 256;      // ≥ W2 + 1 at the highest rate (250 Hz → 167)
        private const int RingMask = RingSize - 1;
        private const long RefractoryUs = 300000;
        private const long GapUs = 250000;
        private const long BackJumpUs = 1000000;

        /// <summary>Lowest and highest supported nominal sample rates, Hz.</summary>
        public const int MinRateHz = 50, MaxRateHz = 250;

        private readonly long[] _zRing = new long[RingSize];
        private readonly int[] _bpRing = new int[RingSize];

        private int _rateHz, _w1, _w2, _d, _dw1, _centre;
        private int _hpAlphaQ16, _lpAlphaQ16;
        private long _offsetKQ16;

        private int _lowRail, _highRail, _flatSpan, _minBeatQ4, _invertMask;

        // per-sample state
        private int _idx;
        private long _baseQ20, _base2Q20;    // slow baselines of the two high-pass sections, counts × 2^20
        private long _lp1Q4;
        private long _sumBeat, _sumPeak, _zbar, _offsetTerm, _centreUs;
        private bool _inBlock;
        private int _blkLen, _blkMax;
        private long _blkMaxT;

        // contact checks over 1-s windows
        private int _winMin, _winMax, _winCount, _flatWindows;
        // roughness check: every 4th reading's step from the reading before it, summed over the window
        private int _prevRaw, _roughSum, _roughN, _noisyHold;
        private bool _lastRough;

        /// <summary>True when the last complete 1-s window lay entirely at or below the low rail (no contact / no finger).</summary>
        public bool AtLowRail;
        /// <summary>True when the last complete 1-s window lay entirely at or above the high rail (saturated).</summary>
        public bool AtHighRail;
        /// <summary>True after ≥ 3 consecutive 1-s windows with a peak-to-peak span below the flat threshold.</summary>
        public bool IsFlat;
        /// <summary>
        /// True while the input is noise, not a pulse: within the last <see cref="NoisyHoldWindows"/> 1-s windows, two
        /// consecutive ones had a mean step between consecutive readings above 1/<see cref="RoughnessDivisor"/> of the
        /// window's span (every 4th reading is checked against the reading before it). A
        /// pulse is smooth at the sample rate (even a weak finger pulse under sensor noise steps by ≈ 0.1 of its span
        /// per sample at 125 Hz), uniform noise steps by ≈ 1/3 of its span and white noise by ≈ 0.27: amplitude-free beat detection
        /// would otherwise find "beats" in it.
        /// </summary>
        public bool IsNoisy;
        /// <summary>Roughness limit: mean |x[n] − x[n−1]| above span / RoughnessDivisor marks a window as noise.</summary>
        public const int RoughnessDivisor = 4;
        /// <summary>Windows a noisy window keeps <see cref="IsNoisy"/> set (so a lucky clean-looking second cannot pass).</summary>
        public const int NoisyHoldWindows = 5;

        /// <summary>Number of beats detected since construction (wraps never in practice: 2^31 beats).</summary>
        public int BeatCount;
        /// <summary>Timestamp (µs, the caller's clock) of the most recent beat.</summary>
        public long LastBeatTUs = long.MinValue;
        /// <summary>Band-passed amplitude (counts × 16) of the most recent beat.</summary>
        public int LastBeatAmplitudeQ4;
        /// <summary>Blocks rejected by the refractory period (a rate above 200 bpm, or a split pulse): lowers quality.</summary>
        public int RejectedBlocks;
        /// <summary>Blocks dropped as a secondary wave of the previous pulse (see class notes, step 5).</summary>
        public int SecondaryWaves;
        /// <summary>Increments whenever the interval chain is broken (gap, time jump, reset).</summary>
        public int Segment;
        /// <summary>Timestamp (µs) of the last accepted sample; long.MinValue before the first.</summary>
        public long LastSampleTUs = long.MinValue;
        /// <summary>Optional: receives every beat and every refractory rejection directly (set by <see cref="SensingHub"/>).</summary>
        public BeatIntervalTracker Tracker;

        /// <summary>Creates a detector for the analog sensor at 125 Hz.</summary>
        public PulseBeatDetector() { Init(125, PulseSensorKind.AnalogAdc12); }

        /// <summary>
        /// (Re)initialises for a nominal sample rate and sensor. rateHz: 50..250 (clamped); 125 Hz is the
        /// device default (8-ms timer: the pulse content used is below 6 Hz and 8-ms timing is far inside the
        /// ±100 ms beat tolerance; accuracy on the reference recording is the same from 50 to 250 Hz).
        /// </summary>
        public void Init(int rateHz, PulseSensorKind kind)
        {
            _rateHz = SensingMath.Clamp(rateHz, MinRateHz, MaxRateHz);
            _w1 = (_rateHz * 111 + 500) / 1000; if (_w1 < 3) _w1 = 3;
            _w2 = (_rateHz * 667 + 500) / 1000;
            _d = (_w2 - _w1) >> 1;
            _dw1 = _d + _w1;
            _centre = (_w2 - 1) >> 1;
            _centreUs = _centre * 1000000L / _rateHz;
            // one-pole coefficient a ≈ 2π·fc/fs (Q16), fine for fc ≪ fs
            _hpAlphaQ16 = (int)((65536L * 2 * 314 * 50 / 100) / (100L * _rateHz));        // fc = 0.5 Hz
            // low-pass: a = 1 − exp(−2π·fc/fs) with fc = 6 Hz, by the series x − x²/2 + x³/6 (x ≤ 0.76)
            long xQ16 = 65536L * 2 * 314 * 6 / (100L * _rateHz);
            long x2 = (xQ16 * xQ16) >> 16, x3 = (x2 * xQ16) >> 16;
            _lpAlphaQ16 = (int)(xQ16 - x2 / 2 + x3 / 6);
            _offsetKQ16 = (long)_w1 * _w2 * 1311;                                          // 0.02 · W1 · W2 in Q16
            if (kind == PulseSensorKind.Max30102Ir18)
            {
                _lowRail = 50000; _highRail = 262000; _flatSpan = 24; _minBeatQ4 = 64 << 4;
                _invertMask = 0x3FFFF;      // raw reflected IR falls as blood volume rises: 262143 − raw = raw ^ 0x3FFFF
            }
            else
            {
                _lowRail = 186; _highRail = 3040; _flatSpan = 3; _minBeatQ4 = 8 << 4;
                _invertMask = 0;            // the PulseSensor front end already outputs pulse-up
            }
            Reset();
        }

        /// <summary>Forgets all signal history (filters, windows, block state); counters and segment advance.</summary>
        public void Reset()
        {
            for (int i = 0; i < RingSize; i++) { _zRing[i] = 0; _bpRing[i] = 0; }
            _idx = 0; _baseQ20 = 0; _base2Q20 = 0; _lp1Q4 = 0; _sumBeat = 0; _sumPeak = 0; _zbar = 0;
            _offsetTerm = 1L << 61;      // no block until the first 1-s window has set z̄ (the sums are warm by then)
            _inBlock = false; _blkLen = 0; _blkMax = 0; _blkMaxT = 0;
            _winMin = int.MaxValue; _winMax = int.MinValue; _winCount = 0; _flatWindows = 0;
            _prevRaw = 0; _roughSum = 0; _roughN = -1; _noisyHold = 0; _lastRough = false;
            AtLowRail = false; AtHighRail = false; IsFlat = false; IsNoisy = false;
            LastBeatTUs = long.MinValue;
            LastSampleTUs = long.MinValue;
            Segment++;
        }

        /// <summary>Nominal sample rate in use, Hz.</summary>
        public int RateHz { get { return _rateHz; } }

        /// <summary>
        /// Feeds one raw reading (counts of the configured sensor; out-of-range values are clamped to 0..2^18−1)
        /// taken at tUs (µs). Returns true when this sample completed a beat (then <see cref="LastBeatTUs"/>
        /// holds its time, which lies about 0.45 s in the past).
        /// </summary>
        public bool Push(int raw, long tUs)
        {
            if ((uint)raw > 262143u) raw = raw < 0 ? 0 : 262143;
            long dt = tUs - LastSampleTUs;                  // first sample after Reset: overflows negative → slow path
            if (dt <= 0 || dt > GapUs) tUs = CheckTime(raw, tUs);
            LastSampleTUs = tUs;

            // contact checks on every 4th raw reading (1-s windows: ≥ 12 readings even at 50 Hz)
            if ((_idx & 3) == 0)
            {
                if (raw < _winMin) _winMin = raw;
                if (raw > _winMax) _winMax = raw;
                int step = raw - _prevRaw;
                _roughSum += step < 0 ? -step : step;
                _roughN++;
            }
            _prevRaw = raw;
            if (++_winCount >= _rateHz) EndWindow();

            // 1. baseline removal, two one-pole high-pass sections: base += (x − base)·a; x − base
            long xQ20 = (long)(raw ^ _invertMask) << 20;      // pulse-up orientation
            long b1 = _baseQ20, b2 = _base2Q20;
            b1 += ((xQ20 - b1) * _hpAlphaQ16) >> 16;
            long hp1Q20 = xQ20 - b1;
            b2 += ((hp1Q20 - b2) * _hpAlphaQ16) >> 16;
            _baseQ20 = b1; _base2Q20 = b2;
            long hpQ4 = (hp1Q20 - b2) >> 16;
            // 2. one-pole low-pass: y += (x − y)·a
            long lp1 = _lp1Q4;
            lp1 += ((hpQ4 - lp1) * _lpAlphaQ16) >> 16;
            _lp1Q4 = lp1;
            int bp = (int)lp1;

            // 3. clipped square and the two running sums
            long z = bp > 0 ? ((long)bp * bp) >> 8 : 0;
            int i = _idx;
            long[] zr = _zRing;
            long sumBeat = _sumBeat + z - zr[(i - _w2) & RingMask];
            long sumPeak = _sumPeak + zr[(i - _d) & RingMask] - zr[(i - _dw1) & RingMask];
            zr[i] = z;
            _bpRing[i] = bp;
            _sumBeat = sumBeat; _sumPeak = sumPeak;
            _idx = (i + 1) & RingMask;

            // block where mean_W1 > mean_W2 + 0.02·z̄, i.e. sumPeak·W2 > sumBeat·W1 + 0.02·W1·W2·z̄
            if (sumPeak * _w2 > sumBeat * _w1 + _offsetTerm)
            {
                int bpc = _bpRing[(i - _centre) & RingMask];
                if (!_inBlock) { _inBlock = true; _blkLen = 1; _blkMax = bpc; _blkMaxT = tUs - _centreUs; }
                else
                {
                    _blkLen++;
                    if (bpc > _blkMax) { _blkMax = bpc; _blkMaxT = tUs - _centreUs; }
                }
                return false;
            }
            if (!_inBlock) return false;
            return EndBlock();
        }

        /// <summary>Slow path of the timestamp check: first sample after a reset, duplicate/backwards time, gap.</summary>
        private long CheckTime(int raw, long tUs)
        {
            long last = LastSampleTUs;
            if (last != long.MinValue)
            {
                if (tUs <= last)
                {
                    if (last - tUs <= BackJumpUs) return last + 1;
                }
                Reset();                                   // big jump back, or a gap longer than 250 ms
            }
            // first sample of a segment: start the baseline at the reading (no start-up transient)
            _baseQ20 = (long)(raw ^ _invertMask) << 20; _base2Q20 = 0;
            return tUs;
        }

        /// <summary>A block of interest just ended: accept it as a beat or reject it (see class notes).</summary>
        private bool EndBlock()
        {
            _inBlock = false;
            if (_blkLen < _w1 || _blkMax < _minBeatQ4) return false;
            if (LastBeatTUs != long.MinValue)
            {
                long sinceUs = _blkMaxT - LastBeatTUs;
                if (sinceUs < RefractoryUs)
                {
                    RejectedBlocks++;
                    if (Tracker != null) Tracker.OnRejectedBlock();
                    return false;
                }
                // secondary (dicrotic/reflected) wave: early in the cycle and clearly smaller than the last beat
                int refMs = Tracker != null ? Tracker.ReferenceIbiMs : 0;
                long guardUs = refMs > 0 ? refMs * 600L : 500000;
                if (sinceUs < guardUs && (long)_blkMax * 20 < (long)LastBeatAmplitudeQ4 * 17)
                {
                    SecondaryWaves++;
                    return false;
                }
            }
            LastBeatTUs = _blkMaxT;
            LastBeatAmplitudeQ4 = _blkMax;
            BeatCount++;
            if (Tracker != null) Tracker.OnBeat(_blkMaxT, Segment);
            return true;
        }

        private void EndWindow()
        {
            AtLowRail = _winMax <= _lowRail;
            AtHighRail = _winMin >= _highRail;
            if (_winMax - _winMin < _flatSpan) { if (_flatWindows < 1000) _flatWindows++; }
            else _flatWindows = 0;
            IsFlat = _flatWindows >= 3;
            // roughness (the first step of a segment has no predecessor: _roughN starts at −1 and skips it)
            bool rough = _roughN > 0 && (long)_roughSum * RoughnessDivisor > (long)_roughN * (_winMax - _winMin);
            if (rough && _lastRough) _noisyHold = NoisyHoldWindows;
            else if (_noisyHold > 0) _noisyHold--;
            _lastRough = rough;
            IsNoisy = _noisyHold > 0;
            _roughSum = 0; _roughN = 0;
            // z̄: exponential mean, in 1-s steps, of mean_W2(z) = sumBeat / W2; a = 1 − e^(−1/3) (τ = 3 s);
            // offset = 0.02·W1·W2·z̄
            long zMean = _sumBeat / _w2;
            _zbar += ((zMean - _zbar) * 18573) >> 16;
            _offsetTerm = (_zbar * _offsetKQ16) >> 16;
            _winMin = int.MaxValue; _winMax = int.MinValue; _winCount = 0;
        }
    }
}
