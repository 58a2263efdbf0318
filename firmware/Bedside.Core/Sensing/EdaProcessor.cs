namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Streaming skin-conductance (EDA) processing, one raw reading at a time: conversion to nanosiemens, tonic
    /// level (SCL), phasic responses (SCR onset and amplitude), SCR rate over 60 s, detachment and saturation.
    /// Integer only, no allocation after construction. Nominal rate 16 Hz (4..64 Hz accepted).
    ///
    /// Transfer functions (raw → conductance G):
    /// - <see cref="EdaSensorKind.GroveAdc12"/>: Seeed's published relation for the Grove GSR module,
    ///   R = (1024 + 2·x)·10 kΩ / (512 − x) at 10-bit x with the module trimmed so that open electrodes read
    ///   mid-scale, rewritten for 12-bit counts c with open-electrode reading o (default 2048, see
    ///   <see cref="SetGroveOpenCounts"/>): G[nS] = 100000·(o − c) / (2·o + 2·c). c = 0 → 50 µS (top of range),
    ///   c ≥ o → 0 (open). Resolution near 2..10 µS ≈ 12..15 nS per count, which is why the device averages the
    ///   ADC (8 reads per sample) and why the default SCR criterion is 0.05 µS.
    /// - <see cref="EdaSensorKind.Ads1115"/>: constant-voltage exosomatic divider — 0.5 V across skin in series
    ///   with R_ref = 100 kΩ to ground, ADS1115 on R_ref at PGA ±0.512 V (15.625 µV/count, so 0.5 V = 32000):
    ///   V = 0.5·G·R/(1 + G·R) ⇒ G[nS] = 10000·c / (32000 − c). 1 µS ≈ 2909 counts, ≈ 0.4 nS per count there.
    ///
    /// SCR scoring: a rise is a response when its trough-to-peak amplitude reaches the minimum amplitude
    /// (default 0.05 µS, the hand-scoring criterion; 0.01 µS is the computer-scoring criterion of Boucsein 2012,
    /// usable with the ADS1115 front end: <see cref="SetMinAmplitudeNanoSiemens"/> accepts 10..1000 nS).
    /// Detection: two 1-Hz one-pole low-passes; slope d = y[n] − y[n − 0.5 s]; the tonic drift (exponential mean
    /// of the level's slope in 1-s steps, τ = 30 s) is subtracted; a rise starts when the detrended slope exceeds
    /// min amplitude / 5 per 0.5 s; its onset is the nearest local minimum of the filtered level found by walking back at most 2 s, and it ends
    /// when the detrended slope returns to ≤ 0; the amplitude is peak − onset level minus the drift over the rise.
    /// SCL: exponential mean of the filtered level in 1-s steps, τ = 4 s.
    ///
    /// Noise-adaptive criterion (the converter's floor). The 0.05 µS criterion was set for laboratory amplifiers;
    /// on a 12-bit Grove reading one count is 12..19 nS at 2..13 µS and the ESP32 ADC scatters by a few counts, so
    /// the noise of the reading itself can be comparable to the criterion. The processor therefore measures its
    /// input noise and never accepts a rise that the noise alone would produce:
    /// - noise floor σn (nS RMS): from the second difference e = g[n] − 2g[n−1] + g[n−2], which removes the level
    ///   and slope of the (smooth, &lt; 1 Hz) skin signal and leaves white noise with E|e| = σn·√6·√(2/π) ≈ 1.954 σn;
    ///   running mean of |e| over the first 30 s, then an exponential mean with τ = 30 s (each term clipped to 4× the running mean + 64 nS so an artefact
    ///   cannot inflate it), σn = mean|e| / 1.954. Converter quantisation counts as noise when the input dithers.
    /// - σd: the RMS that white noise of σn leaves on the detector's 0.5-s slope after the two low-passes,
    ///   σd = Gd·σn with Gd = √Σ h_d² computed in <see cref="Init"/> from the filters' impulse response (0.41 at 16 Hz).
    /// - rise start: detrended slope &gt; max(min amplitude / 5, <see cref="RiseNoiseK"/>·σd);
    ///   amplitude criterion: max(min amplitude, <see cref="AmplitudeNoiseK"/>·σd). Both thresholds are
    ///   updated once per second (<see cref="EffectiveMinAmplitudeNanoSiemens"/>). With a clean front end
    ///   (ADS1115, or a Grove reading at low conductance) σd is small and the documented 0.05 / 0.01 µS criterion
    ///   applies unchanged; the constants were set on white noise alone (flat input, σn 2..60 nS, 4..64 Hz), not
    ///   on any recording or on the simulator.
    /// </summary>
    public sealed class EdaProcessor
    {
        private const int RingSize = 64;
        private const int RingMask = RingSize - 1;
        private const int ScrRingSize = 64;
        private const long ScrWindowUs = 60000000;
        private const long GapUs = 2000000;
        private const long BackJumpUs = 2000000;
        private const long MaxRiseUs = 10000000;
        private const long SettleUs = 5000000;

        public const int MinRateHz = 4, MaxRateHz = 64;
        /// <summary>Rise-start threshold in units of the slope noise σd.</summary>
        public const int RiseNoiseK = 3;
        /// <summary>Amplitude criterion in units of the slope noise σd.</summary>
        public const int AmplitudeNoiseK = 8;
        private const int NoiseTauS = 30;
        /// <summary>1 / (√6·√(2/π)) in Q16: mean |second difference| of white noise → its RMS.</summary>
        private const int AbsD2ToSigmaQ16 = 33533;

        private readonly int[] _yRing = new int[RingSize];   // filtered conductance, nS × 16
        private readonly long[] _tRing = new long[RingSize];
        private readonly long[] _scrT = new long[ScrRingSize];
        private int _scrHead, _scrCount;

        private EdaSensorKind _kind;
        private int _rateHz, _k, _onsetLookback;
        private int _lpAlphaQ16;
        private int _openCounts = 2048;
        private int _minAmpNs = 50;
        private int _detachFloorNs = 36;
        private int _gPrev1, _gPrev2, _noiseWinSum, _noiseWins, _noiseClipNs;
        private long _noiseAbsQ16;       // exponential mean of |second difference|, nS × 65536
        private int _slopeNoiseGainQ16;
        private int _riseThrQ4, _ampThrQ4;

        private int _idx, _filled;
        private long _lp1Q4, _lp2Q4, _sclQ4, _driftQ16, _winYQ4;
        private int _driftQ4;
        private bool _haveWinY;
        private bool _started, _rising;
        private int _onsetYQ4, _peakYQ4;
        private long _onsetT, _riseStartT, _startT;
        private int _winCount, _detachedCount, _saturatedCount;
        private int _winRawMin, _winRawMax, _frozenCount;

        /// <summary>Conductance of the last sample, nS (unfiltered).</summary>
        public int LastConductanceNanoSiemens;
        /// <summary>True when the last 1-s window lay entirely below the detachment floor.</summary>
        public bool IsDetached;
        /// <summary>True when the last 1-s window lay entirely at the converter's conductance ceiling.</summary>
        public bool IsSaturated;
        /// <summary>
        /// True after <see cref="FrozenWindows"/> consecutive 1-s windows in which the raw reading did not change at all
        /// (<see cref="FrozenLowWindows"/> while the level is below <see cref="FrozenLowLevelNanoSiemens"/> on the Grove
        /// module). Live skin with the converter's own noise moves the reading by at least a count within seconds (the
        /// Grove reading dithers by ≈ 1 count RMS, the ADS1115 by several); an identical value for 10 s is a stuck
        /// converter, a hung bus returning its last value or a driver fault, and must not steer anything. Below 1 µS one
        /// Grove count is 12..15 nS, more than 1.5 % of the level, so a dry, quiet wrist can hold one count for a
        /// minute or more: there only 2 minutes of an identical reading count as frozen.
        /// </summary>
        public bool IsFrozen;
        /// <summary>Identical-reading windows (1 s each) after which the reading counts as frozen.</summary>
        public const int FrozenWindows = 10;
        /// <summary>The same at low conductance on the Grove module (see <see cref="IsFrozen"/>).</summary>
        public const int FrozenLowWindows = 120;
        /// <summary>Level below which <see cref="FrozenLowWindows"/> applies (Grove only), nS.</summary>
        public const int FrozenLowLevelNanoSiemens = 1000;
        /// <summary>Count of SCRs detected since construction, and the onset time/amplitude of the latest.</summary>
        public int ScrCount;
        public long LastScrOnsetTUs = long.MinValue;
        public int LastScrAmplitudeNanoSiemens;
        /// <summary>Timestamp (µs) of the last accepted sample; long.MinValue before the first.</summary>
        public long LastSampleTUs = long.MinValue;

        public EdaProcessor() { Init(16, EdaSensorKind.GroveAdc12); }

        /// <summary>(Re)initialises for a nominal rate (4..64 Hz, clamped; device default 16 Hz) and a sensor.</summary>
        public void Init(int rateHz, EdaSensorKind kind)
        {
            _kind = kind;
            _rateHz = SensingMath.Clamp(rateHz, MinRateHz, MaxRateHz);
            _k = _rateHz >> 1; if (_k < 2) _k = 2;                          // 0.5 s slope span
            // 1-Hz low-pass: a = 1 − exp(−2π/fs) ≈ x − x²/2 + x³/6, x = 2π/fs (x ≤ 1.57)
            long xQ16 = 65536L * 628 / (100L * _rateHz);
            long x2 = (xQ16 * xQ16) >> 16, x3 = (x2 * xQ16) >> 16, x4 = (x3 * xQ16) >> 16;
            _lpAlphaQ16 = (int)(xQ16 - x2 / 2 + x3 / 6 - x4 / 24);
            _onsetLookback = _rateHz * 2;
            if (_onsetLookback > RingSize - 2) _onsetLookback = RingSize - 2;
            _detachFloorNs = kind == EdaSensorKind.Ads1115 ? 10 : 36;
            _slopeNoiseGainQ16 = SlopeNoiseGainQ16(_lpAlphaQ16, _k, _rateHz);
            Reset();
        }

        /// <summary>Open-electrode reading of the Grove module, 12-bit counts (trim point), 1024..3072, default 2048.</summary>
        public void SetGroveOpenCounts(int counts) { _openCounts = SensingMath.Clamp(counts, 1024, 3072); }

        /// <summary>Minimum SCR amplitude, nS: 10..1000 (default 50 = 0.05 µS; 10 = the 0.01 µS criterion).</summary>
        public void SetMinAmplitudeNanoSiemens(int ns) { _minAmpNs = SensingMath.Clamp(ns, 10, 1000); UpdateThresholds(); }

        /// <summary>
        /// Detachment floor, nS: 0..2000. Default set by <see cref="Init"/>: Grove 36 nS (3 counts below the
        /// open-circuit reading, so a few counts of ADC noise on open straps stay under it while wrist-level skin,
        /// ≈ 0.05..0.1 µS, stays above), ADS1115 10 nS. When at least half of a 1-s window (its median) lies below
        /// it the electrodes are off: open-circuit noise reads ≥ the open level half of the time (conductance 0).
        /// </summary>
        public void SetDetachFloorNanoSiemens(int ns) { _detachFloorNs = SensingMath.Clamp(ns, 0, 2000); }

        /// <summary>Measured input noise σn, nS RMS (0 until measured; see class notes).</summary>
        public int NoiseFloorNanoSiemens { get { return (int)(((_noiseAbsQ16 >> 8) * AbsD2ToSigmaQ16) >> 24); } }

        /// <summary>Amplitude criterion in force, nS: max(min amplitude, AmplitudeNoiseK·σd). Updated each second.</summary>
        public int EffectiveMinAmplitudeNanoSiemens { get { return _ampThrQ4 >> 4; } }

        /// <summary>
        /// Gd = RMS of the 0.5-s slope of the twice low-passed signal per unit RMS of white input noise, Q16:
        /// √(Σ h_d[n]²) with h_d[n] = h[n] − h[n−k] and h the impulse response of the two one-poles (alpha Q16),
        /// summed over 8 s. Integer square root by bisection. Init only (not a per-sample path).
        /// </summary>
        private static int SlopeNoiseGainQ16(int alphaQ16, int k, int rateHz)
        {
            // two copies of the filter pair: A gets the impulse at n = 0, B at n = k, so h_d[n] = A[n] − B[n]
            int n = rateHz * 8;
            long a1 = 0, a2 = 0, b1 = 0, b2 = 0;
            long sumSqQ32 = 0;
            for (int i = 0; i < n; i++)
            {
                long xa = i == 0 ? 65536 : 0, xb = i == k ? 65536 : 0;
                a1 += ((xa - a1) * alphaQ16) >> 16; a2 += ((a1 - a2) * alphaQ16) >> 16;
                b1 += ((xb - b1) * alphaQ16) >> 16; b2 += ((b1 - b2) * alphaQ16) >> 16;
                long hd = a2 - b2;
                sumSqQ32 += hd * hd;
            }
            long lo = 0, hi = 1L << 20;   // result ≤ 16 in Q16
            while (lo < hi) { long mid = (lo + hi + 1) >> 1; if (mid * mid <= sumSqQ32) lo = mid; else hi = mid - 1; }
            return (int)lo;
        }

        /// <summary>Forgets the signal history and the SCR list.</summary>
        public void Reset()
        {
            for (int i = 0; i < RingSize; i++) { _yRing[i] = 0; _tRing[i] = 0; }
            _idx = 0; _filled = 0; _lp1Q4 = 0; _lp2Q4 = 0; _sclQ4 = 0; _driftQ16 = 0; _driftQ4 = 0; _winYQ4 = 0; _haveWinY = false;
            _started = false; _rising = false; _onsetYQ4 = 0; _peakYQ4 = 0; _onsetT = 0; _riseStartT = 0;
            _winCount = 0; _detachedCount = 0; _saturatedCount = 0;
            _winRawMin = int.MaxValue; _winRawMax = int.MinValue; _frozenCount = 0;
            IsDetached = false; IsSaturated = false; IsFrozen = false;
            _gPrev1 = 0; _gPrev2 = 0; _noiseWinSum = 0; _noiseWins = 0; _noiseClipNs = 64; _noiseAbsQ16 = 0;
            UpdateThresholds();
            _scrHead = 0; _scrCount = 0;
        }

        /// <summary>Nominal rate in use, Hz.</summary>
        public int RateHz { get { return _rateHz; } }

        /// <summary>Converts one raw reading of the configured sensor to nS (see class notes); never throws.</summary>
        public int ToNanoSiemens(int raw)
        {
            if (_kind == EdaSensorKind.Ads1115)
            {
                if (raw <= 0) return 0;
                if (raw >= 31000) raw = 31000;
                return (int)(10000L * raw / (32000 - raw));
            }
            int o = _openCounts;
            if (raw < 0) raw = 0;
            if (raw >= o) return 0;
            return (int)(100000L * (o - raw) / (2L * o + 2L * raw));
        }

        /// <summary>Feeds one raw reading taken at tUs. Returns true when this sample completed an SCR.</summary>
        public bool Push(int raw, long tUs)
        {
            long dt = tUs - LastSampleTUs;                  // first sample: overflows negative → slow path
            if (dt <= 0 || dt > GapUs) tUs = CheckTime(tUs);
            LastSampleTUs = tUs;
            if (raw < _winRawMin) _winRawMin = raw;
            if (raw > _winRawMax) _winRawMax = raw;

            // conversion (see class notes) and the ceiling test, inline
            int g; bool sat;
            if (_kind == EdaSensorKind.Ads1115)
            {
                if (raw < 0) raw = 0; else if (raw > 31000) raw = 31000;
                g = (int)(10000L * raw / (32000 - raw));
                sat = raw >= 30000;                       // > 150 µS: shorted electrodes
            }
            else
            {
                int o = _openCounts;
                if (raw < 0) raw = 0; else if (raw > o) raw = o;
                g = (int)(100000L * (o - raw) / (2L * (o + raw)));
                sat = raw <= 8;                           // Grove bottom rail, ≥ 49.6 µS
            }
            LastConductanceNanoSiemens = g;
            // input noise: |g[n] − 2g[n−1] + g[n−2]|, clipped, summed per 1-s window (see EndWindow)
            int e = g - _gPrev1 - _gPrev1 + _gPrev2;
            if (e < 0) e = -e;
            if (e > _noiseClipNs) e = _noiseClipNs;
            _noiseWinSum += e;
            _gPrev2 = _gPrev1; _gPrev1 = g;
            if (sat) _saturatedCount++;
            if (g < _detachFloorNs)
            {
                _detachedCount++;
                if (++_winCount >= _rateHz) EndWindow();
                // Electrodes off: open-circuit readings never enter the filters, the level or the SCR detector. The
                // pipeline restarts from the first reading after re-attachment (level taken from it, 5 s of
                // Settling), so a re-attachment is not scored as a large conductance rise (an arousal artefact).
                if (IsDetached) { _started = false; _filled = 0; _rising = false; _haveWinY = false; _driftQ16 = 0; _driftQ4 = 0; return false; }
            }
            else if (++_winCount >= _rateHz) EndWindow();

            long xQ4 = (long)g << 4;
            if (!_started) { _started = true; _lp1Q4 = xQ4; _lp2Q4 = xQ4; _sclQ4 = xQ4; _startT = tUs; }
            long lp1 = _lp1Q4 + (((xQ4 - _lp1Q4) * _lpAlphaQ16) >> 16);
            long lp2 = _lp2Q4 + (((lp1 - _lp2Q4) * _lpAlphaQ16) >> 16);
            _lp1Q4 = lp1; _lp2Q4 = lp2;
            int y = (int)lp2;
            int i = _idx;
            int yOld = _yRing[(i - _k) & RingMask];
            _yRing[i] = y; _tRing[i] = tUs;
            _idx = (i + 1) & RingMask;
            if (_filled < RingSize) { _filled++; if (_filled <= _k) return false; }

            // slope over 0.5 s minus the tonic drift (both nS × 16 per 0.5 s)
            int d = y - yOld;
            int dd = d - _driftQ4;
            if (!_rising)
            {
                // threshold: min amplitude / 5 per 0.5 s, in nS × 16  (16/5 ≈ 3.2)
                if (dd <= _riseThrQ4) return false;
                _rising = true; _peakYQ4 = y;
                // onset: walk back (≤ 2 s) from here to the nearest local minimum of the filtered level
                int j = i, lim = _filled - 1 < _onsetLookback ? _filled - 1 : _onsetLookback, yj = y;
                while (lim > 0)
                {
                    int p = (j - 1) & RingMask;
                    int yp = _yRing[p];
                    if (yp >= yj) break;
                    j = p; yj = yp; lim--;
                }
                _onsetT = _tRing[j]; _onsetYQ4 = yj; _riseStartT = _tRing[j];
                return false;
            }
            if (y > _peakYQ4) _peakYQ4 = y;
            if (dd > 0 && tUs - _riseStartT < MaxRiseUs) return false;
            _rising = false;
            // amplitude: peak − onset, minus the drift accumulated over the rise (drift is per 0.5 s span)
            long riseSpans = (tUs - _riseStartT) * 2 / 1000000;
            long ampQ4 = _peakYQ4 - _onsetYQ4 - ((_driftQ16 * riseSpans) >> 16);
            long onset = _onsetT;
            if (ampQ4 < _ampThrQ4) return false;
            LastScrAmplitudeNanoSiemens = (int)(ampQ4 >> 4);
            LastScrOnsetTUs = onset;
            ScrCount++;
            int slot = (_scrHead + _scrCount) % ScrRingSize;
            if (_scrCount == ScrRingSize) { _scrHead = (_scrHead + 1) % ScrRingSize; slot = (_scrHead + ScrRingSize - 1) % ScrRingSize; }
            else _scrCount++;
            _scrT[slot] = tUs;
            return true;
        }

        /// <summary>Slow path of the timestamp check: first sample, duplicate/backwards time, gap.</summary>
        private long CheckTime(long tUs)
        {
            long last = LastSampleTUs;
            if (last == long.MinValue) return tUs;
            if (tUs <= last)
            {
                if (last - tUs > BackJumpUs) { Reset(); return tUs; }
                return last + 1;
            }
            Reset();                                       // gap longer than 2 s
            return tUs;
        }

        /// <summary>
        /// Once per second: contact flags; SCL (exponential mean in 1-s steps, a = 1 − e^(−1/4), τ = 4 s); tonic
        /// drift = exponential mean of the 1-s change of the filtered level halved to a 0.5-s span
        /// (a = 1 − e^(−1/30), τ = 30 s).
        /// </summary>
        private void EndWindow()
        {
            IsDetached = _detachedCount * 2 >= _winCount;
            IsSaturated = _saturatedCount >= _winCount;
            if (_winRawMax == _winRawMin) { if (_frozenCount < FrozenLowWindows) _frozenCount++; }
            else _frozenCount = 0;
            int frozenAfter = _kind == EdaSensorKind.GroveAdc12 && LastConductanceNanoSiemens < FrozenLowLevelNanoSiemens ? FrozenLowWindows : FrozenWindows;
            IsFrozen = _frozenCount >= frozenAfter;
            _winRawMin = int.MaxValue; _winRawMax = int.MinValue;
            // noise floor: the first window after a (re)start is discarded (its first terms used unknown history);
            // then the mean of the windows' mean |e| for the first 30 s, an exponential mean (τ = 30 s) after
            if (_noiseWins > 0 && _winCount > 0)
            {
                long winMeanQ16 = ((long)_noiseWinSum << 16) / _winCount;
                int n = _noiseWins < NoiseTauS ? _noiseWins : NoiseTauS;
                _noiseAbsQ16 += (winMeanQ16 - _noiseAbsQ16) / n;
            }
            if (_noiseWins < 1000) _noiseWins++;
            _noiseWinSum = 0;
            _noiseClipNs = (int)(_noiseAbsQ16 >> 14) + 64;   // 4 × mean + 64 nS
            _winCount = 0; _detachedCount = 0; _saturatedCount = 0;
            UpdateThresholds();
            if (!_started) return;
            long y = _lp2Q4;
            _sclQ4 += ((y - _sclQ4) * 14497) >> 16;
            if (_haveWinY)
            {
                long halfStepQ16 = (y - _winYQ4) << 15;      // (Δ over 1 s) / 2, × 2^16
                _driftQ16 += ((halfStepQ16 - _driftQ16) * 2150) >> 16;
                _driftQ4 = (int)(_driftQ16 >> 16);
            }
            _winYQ4 = y; _haveWinY = true;
        }

        /// <summary>
        /// Rise and amplitude thresholds from the criterion and the measured noise, nS × 16:
        /// σd = σn·Gd; rise = max(minAmp/5, RiseNoiseK·σd) per 0.5 s; amplitude = max(minAmp, AmplitudeNoiseK·σd).
        /// </summary>
        private void UpdateThresholds()
        {
            long sigmaNQ4 = ((_noiseAbsQ16 >> 8) * AbsD2ToSigmaQ16) >> 20;
            long sigmaDQ4 = (sigmaNQ4 * _slopeNoiseGainQ16) >> 16;
            long rise = (long)_minAmpNs * 16 / 5, amp = (long)_minAmpNs << 4;
            if (sigmaDQ4 * RiseNoiseK > rise) rise = sigmaDQ4 * RiseNoiseK;
            if (sigmaDQ4 * AmplitudeNoiseK > amp) amp = sigmaDQ4 * AmplitudeNoiseK;
            if (amp > (1000L << 4)) amp = 1000L << 4;
            if (rise > amp) rise = amp;
            _riseThrQ4 = (int)rise; _ampThrQ4 = (int)amp;
        }

        /// <summary>Tonic level, nS.</summary>
        public int SclNanoSiemens { get { return (int)(_sclQ4 >> 4); } }

        /// <summary>SCRs whose detection fell within the 60 s before nowUs, × 100 (hundredths per minute).</summary>
        public int ScrPerMinuteCentiAt(long nowUs)
        {
            while (_scrCount > 0 && nowUs - _scrT[_scrHead] > ScrWindowUs) { _scrHead = (_scrHead + 1) % ScrRingSize; _scrCount--; }
            return _scrCount * 100;
        }

        /// <summary>True during the first 5 s after a (re)start.</summary>
        public bool IsSettlingAt(long nowUs) { return !_started || nowUs - _startT < SettleUs; }
    }
}
