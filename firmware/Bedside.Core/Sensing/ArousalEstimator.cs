namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Arousal index 0..1 (Q15) with a confidence, relative to the listener's own baseline. Steers music only:
    /// it is a relative, smoothed trend signal with no thresholds that claim any medical state.
    ///
    /// Runs in fixed 250-ms steps (<see cref="Step"/>), so the result does not depend on how often the control
    /// loop calls. Components, each a Q15 score where 0.5 means "as usual for this listener" unless noted:
    /// - HR: (HR − baseline + 10 bpm) / 30 bpm, clamped (baseline → 1/3, +20 bpm → 1). Baseline: mean of the first
    ///   180 s of valid rates (the listener as the session found them), then anchored: it may drift toward the
    ///   current rate only with τ = 60 min and never more than ±5 bpm from the learned value. A baseline that kept
    ///   adapting (the former τ = 10 min) would erase exactly the slow decline the therapy is meant to follow, and
    ///   one that followed a rise would hide a sustained arousal (pain); the bounded drift only absorbs slow
    ///   non-arousal changes (posture, sensor seating).
    /// - RMSSD (inverse): base / (base + RMSSD), same scheme, drift bounded to ±25 % of the learned value
    ///   (RMSSD at baseline → 0.5, lower → higher).
    /// - SCL trend: 0.5 + ΔSCL(60 s) / (2 · max(SCL/10, 100 nS)), clamped (a rise of 10 %/min → 1).
    /// - SCR rate, relative: rate / (rate + R) with R = max(baseline rate, 1.5 per min) → 0.5 at this listener's
    ///   usual rate. Baseline: mean rate over the first 180 s of valid EDA, then anchored like HR (τ 60 min, within
    ///   ±50 % of the learned value). The floor keeps a listener with almost no responses (common: 1–3
    ///   non-specific SCRs/min is usual at rest, some people show none) from turning every single SCR into a peak.
    /// Weights HR 0.35, RMSSD 0.15, SCL trend 0.20, SCR rate 0.30; the mean is over the components available.
    /// Pulse components count only while the pulse is valid and are weighted by its quality; EDA components only
    /// while EDA is Ok. Confidence = available weight (× 0.5 while the HR baseline is still being learned).
    /// Both channels missing → confidence 0 and arousal 0 (the therapy layer runs open-loop).
    /// The index is smoothed with an exponential mean, τ = 15 s.
    /// </summary>
    public sealed class ArousalEstimator
    {
        /// <summary>Step length, ms.</summary>
        public const int StepMs = 250;
        private const int LearnSteps = 720;          // 180 s
        private const int BaselineDriftAlphaQ16 = 5; // ≈ 65536 / 14400 steps (τ = 60 min; 4.55 → 5, τ ≈ 55 min)
        /// <summary>Largest drift of the HR baseline from its learned value, centi-bpm (±5 bpm).</summary>
        public const int HrDriftLimitCentiBpm = 500;
        /// <summary>Largest drift of the RMSSD baseline from its learned value, percent.</summary>
        public const int RmssdDriftLimitPercent = 25;
        private const int SmoothAlphaQ16 = 1092;     // 65536 / 60 steps (τ = 15 s)
        private const int SclRingLen = 13;           // one entry per 5 s → 60 s span
        private const int WHr = 11469, WRmssd = 4915, WScl = 6554, WScr = 9830;   // 0.35, 0.15, 0.20, 0.30 in Q15

        private readonly int[] _sclRing = new int[SclRingLen];
        private int _sclHead, _sclCount, _sclStepCounter;

        private long _hrBaseQ16, _rmBaseQ16, _hrLearnedQ16, _rmLearnedQ16, _scrBaseQ16, _scrLearnedQ16, _scrSum;
        private int _scrLearned;
        /// <summary>Half-point floor of the SCR-rate score, hundredths per minute (1.5/min).</summary>
        public const int ScrHalfPointMinCenti = 150;
        /// <summary>Largest drift of the SCR-rate baseline from its learned value, percent.</summary>
        public const int ScrDriftLimitPercent = 50;
        private int _hrLearned, _rmLearned;
        private long _hrSum, _rmSum;
        private long _arousalQ15x16;
        private bool _haveArousal;

        /// <summary>Smoothed arousal index, Q15 0..32767; confidence Q15 0..32767.</summary>
        public int ArousalQ15, ConfidenceQ15;
        /// <summary>Learned heart-rate baseline, centi-bpm (0 until the first valid rate).</summary>
        public int HrBaselineCentiBpm { get { return (int)(_hrBaseQ16 >> 16); } }

        public ArousalEstimator() { Reset(); }

        /// <summary>Forgets baselines and history (a new listener).</summary>
        public void Reset()
        {
            for (int i = 0; i < SclRingLen; i++) _sclRing[i] = 0;
            _sclHead = 0; _sclCount = 0; _sclStepCounter = 0;
            _hrBaseQ16 = 0; _rmBaseQ16 = 0; _hrLearnedQ16 = 0; _rmLearnedQ16 = 0;
            _scrBaseQ16 = 0; _scrLearnedQ16 = 0; _scrSum = 0; _scrLearned = 0; _hrLearned = 0; _rmLearned = 0; _hrSum = 0; _rmSum = 0;
            _arousalQ15x16 = 0; _haveArousal = false; ArousalQ15 = 0; ConfidenceQ15 = 0;
        }

        /// <summary>
        /// One 250-ms step. hrCentiBpm is used only when pulseValid (3500..20000); quality 0..100; rmssdMs 0 when
        /// unknown; sclNs and scrPerMinCenti only when edaValid.
        /// </summary>
        public void Step(bool pulseValid, int hrCentiBpm, int quality, int rmssdMs, bool edaValid, int sclNs, int scrPerMinCenti)
        {
            long num = 0, den = 0;
            if (pulseValid)
            {
                quality = SensingMath.Clamp(quality, 0, 100);
                long hr = SensingMath.Clamp(hrCentiBpm, 3500, 20000);
                if (_hrLearned < LearnSteps) { _hrSum += hr; _hrLearned++; _hrBaseQ16 = (_hrSum << 16) / _hrLearned; _hrLearnedQ16 = _hrBaseQ16; }
                else _hrBaseQ16 = Drift(_hrBaseQ16, hr << 16, _hrLearnedQ16, (long)HrDriftLimitCentiBpm << 16);
                long hrScore = ((hr - (_hrBaseQ16 >> 16) + 1000) * 32767) / 3000;
                hrScore = SensingMath.Clamp(hrScore, 0, 32767);
                long w = (long)WHr * quality / 100;
                num += w * hrScore; den += w;
                if (rmssdMs > 0)
                {
                    long r = SensingMath.Clamp(rmssdMs, 1, 1000);
                    if (_rmLearned < LearnSteps) { _rmSum += r; _rmLearned++; _rmBaseQ16 = (_rmSum << 16) / _rmLearned; _rmLearnedQ16 = _rmBaseQ16; }
                    else _rmBaseQ16 = Drift(_rmBaseQ16, r << 16, _rmLearnedQ16, _rmLearnedQ16 * RmssdDriftLimitPercent / 100);
                    long b = _rmBaseQ16 >> 16; if (b < 1) b = 1;
                    long rmScore = b * 32767 / (b + r);
                    long wr = (long)WRmssd * quality / 100;
                    num += wr * rmScore; den += wr;
                }
            }
            if (edaValid)
            {
                if (sclNs < 0) sclNs = 0;
                if (_sclStepCounter == 0)
                {
                    int slot = (_sclHead + _sclCount) % SclRingLen;
                    if (_sclCount == SclRingLen) { _sclHead = (_sclHead + 1) % SclRingLen; slot = (_sclHead + SclRingLen - 1) % SclRingLen; }
                    else _sclCount++;
                    _sclRing[slot] = sclNs;
                }
                _sclStepCounter = (_sclStepCounter + 1) % 20;   // 20 steps = 5 s
                long trend = _sclCount > 1 ? sclNs - _sclRing[_sclHead] : 0;
                long scale = sclNs / 10; if (scale < 100) scale = 100;
                long sclScore = SensingMath.Clamp(16384 + trend * 16384 / scale, 0, 32767);
                num += (long)WScl * sclScore; den += WScl;
                long rate = SensingMath.Clamp(scrPerMinCenti, 0, 100000);
                if (_scrLearned < LearnSteps) { _scrSum += rate; _scrLearned++; _scrBaseQ16 = (_scrSum << 16) / _scrLearned; _scrLearnedQ16 = _scrBaseQ16; }
                else _scrBaseQ16 = Drift(_scrBaseQ16, rate << 16, _scrLearnedQ16, _scrLearnedQ16 * ScrDriftLimitPercent / 100);
                long half = _scrBaseQ16 >> 16;
                if (half < ScrHalfPointMinCenti) half = ScrHalfPointMinCenti;
                long scrScore = rate * 32767 / (rate + half);
                num += (long)WScr * scrScore; den += WScr;
            }
            else { _sclCount = 0; _sclHead = 0; _sclStepCounter = 0; }

            if (den <= 0) { ConfidenceQ15 = 0; ArousalQ15 = 0; _haveArousal = false; return; }
            long raw = num / den;
            if (!_haveArousal) { _arousalQ15x16 = raw << 4; _haveArousal = true; }
            else _arousalQ15x16 += (((raw << 4) - _arousalQ15x16) * SmoothAlphaQ16) >> 16;
            ArousalQ15 = (int)SensingMath.Clamp(_arousalQ15x16 >> 4, 0, 32767);
            long conf = den;
            if (pulseValid && _hrLearned < LearnSteps) conf = conf / 2;
            ConfidenceQ15 = (int)SensingMath.Clamp(conf, 0, 32767);
        }

        /// <summary>
        /// Anchored baseline drift, all Q16: base += (x − base)·a (a = BaselineDriftAlphaQ16 / 65536 per step),
        /// then clamped to learned ± limit.
        /// </summary>
        private static long Drift(long baseQ16, long xQ16, long learnedQ16, long limitQ16)
        {
            baseQ16 += ((xQ16 - baseQ16) * BaselineDriftAlphaQ16) >> 16;
            if (baseQ16 > learnedQ16 + limitQ16) baseQ16 = learnedQ16 + limitQ16;
            if (baseQ16 < learnedQ16 - limitQ16) baseQ16 = learnedQ16 - limitQ16;
            return baseQ16;
        }
    }
}
