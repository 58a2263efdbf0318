namespace Bedside.Core.Sensing
{
    /// <summary>
    /// Arousal index 0..1 (Q15) with a confidence, relative to the listener's own start. Steers music only: it is a
    /// relative, smoothed trend signal with no thresholds that claim any medical state.
    ///
    /// Runs in fixed 250-ms steps (<see cref="Step"/>), so the result does not depend on how often the control
    /// loop calls. Baselines: each component learns its baseline as the mean of its first 180 s of valid input (the
    /// listener as the session found them) and then keeps it for the session. A baseline that adapted would erase
    /// exactly the slow decline the therapy is meant to follow (falling asleep) and would hide a sustained rise
    /// (pain); so the index is 0.5 where this listener started and its range is set by physiology, not by the
    /// listener's recent history. Components, each a Q15 score, 0.5 = the listener's baseline:
    /// - HR: 0.5 + (HR − baseline) / 40 bpm, clamped (±20 bpm spans the range: a resting adult's heart rate falls
    ///   by 5..10 bpm going to sleep and rises by 15..30 bpm in pain or acute stress). Weight 0.50.
    /// - RMSSD (inverse, vagal tone): 0.5 + (baseline − RMSSD) / (2 · baseline), clamped (RMSSD halved → 0.75,
    ///   up by half → 0.25). Weight 0.05 (a 60-s RMSSD is noisy, and motion spoils it first).
    /// - SCL (tonic level with its phasic responses): 0.5 + (SCL − baseline) / (0.8 · baseline), clamped: ±40 % of
    ///   the starting level spans the range (tonic skin conductance falls by tens of percent at sleep onset and rises
    ///   by as much under arousal; responses add to it within seconds). Weight 0.35. After the electrodes were off
    ///   for more than <see cref="EdaRelearnSteps"/> steps the level baseline is learned again (re-seated
    ///   electrodes change the contact, so an old level means nothing), over 60 s, while this component sits out.
    /// - SCR rate, relative: rate / (rate + R) with R = max(baseline rate, 1.5 per min) → 0.5 at this listener's
    ///   usual rate. The floor keeps a listener with almost no responses (1–3 non-specific SCRs/min is usual at
    ///   rest, some people show none) from turning every single SCR into a peak. Weight 0.10 (a 60-s count is noisy).
    /// The mean is over the components available. Pulse components count only while the pulse is valid and are
    /// weighted by its quality; EDA components only while EDA is Ok. Confidence = available weight (× 0.5 while the
    /// HR baseline is still being learned). Both channels missing → confidence 0 and arousal 0 (the therapy layer
    /// runs open-loop). The index is smoothed with an exponential mean, τ = 8 s.
    /// </summary>
    public sealed class ArousalEstimator
    {
        /// <summary>Step length, ms.</summary>
        public const int StepMs = 250;
        private const int LearnSteps = 720;          // 180 s
        private const int SclRelearnSteps = 240;     // 60 s
        /// <summary>Steps without valid EDA after which the SCL baseline is learned again (8 s).</summary>
        public const int EdaRelearnSteps = 32;
        private const int SmoothAlphaQ16 = 2048;     // 65536 / 32 steps (τ = 8 s)
        /// <summary>Heart-rate change that spans half the index, centi-bpm (20 bpm).</summary>
        public const int HrHalfSpanCentiBpm = 2000;
        /// <summary>Relative SCL change that spans half the index, percent of the baseline.</summary>
        public const int SclHalfSpanPercent = 40;
        private const int WHr = 16384, WRmssd = 1638, WScl = 11469, WScr = 3277;   // 0.50, 0.05, 0.35, 0.10 in Q15

        private const int SclRingLen = 13;           // one entry per 5 s → 60 s span
        private const int WTrend = 3277;             // 0.10 in Q15: the phasic term (added, not averaged)
        private readonly int[] _sclRing = new int[SclRingLen];
        private int _sclHead, _sclCount, _sclStepCounter;
        private long _trendQ15;

        private long _hrBaseQ16, _rmBaseQ16, _scrBaseQ16, _sclBaseQ16, _scrSum, _sclSum;
        private int _scrLearned, _sclLearned, _edaMissing;
        /// <summary>Half-point floor of the SCR-rate score, hundredths per minute (1.5/min).</summary>
        public const int ScrHalfPointMinCenti = 150;
        private int _hrLearned, _rmLearned;
        private long _hrSum, _rmSum;
        private long _arousalQ15x16;
        private bool _haveArousal, _sclRelearn, _sclFirst;

        /// <summary>Smoothed arousal index, Q15 0..32767; confidence Q15 0..32767.</summary>
        public int ArousalQ15, ConfidenceQ15;
        /// <summary>Learned heart-rate baseline, centi-bpm (0 until the first valid rate).</summary>
        public int HrBaselineCentiBpm { get { return (int)(_hrBaseQ16 >> 16); } }
        /// <summary>Learned skin-conductance baseline, nS (0 until the first valid level).</summary>
        public int SclBaselineNanoSiemens { get { return (int)(_sclBaseQ16 >> 16); } }

        public ArousalEstimator() { Reset(); }

        /// <summary>Forgets baselines and history (a new listener).</summary>
        public void Reset()
        {
            for (int i = 0; i < SclRingLen; i++) _sclRing[i] = 0;
            _sclHead = 0; _sclCount = 0; _sclStepCounter = 0; _trendQ15 = 0;
            _hrBaseQ16 = 0; _rmBaseQ16 = 0; _scrBaseQ16 = 0; _sclBaseQ16 = 0; _scrSum = 0; _sclSum = 0;
            _scrLearned = 0; _sclLearned = 0; _edaMissing = 0; _sclRelearn = false; _sclFirst = true;
            _hrLearned = 0; _rmLearned = 0; _hrSum = 0; _rmSum = 0;
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
                if (_hrLearned < LearnSteps) { _hrSum += hr; _hrLearned++; _hrBaseQ16 = (_hrSum << 16) / _hrLearned; }
                long hrScore = 16384 + (hr - (_hrBaseQ16 >> 16)) * 16384 / HrHalfSpanCentiBpm;
                hrScore = SensingMath.Clamp(hrScore, 0, 32767);
                long w = (long)WHr * quality / 100;
                num += w * hrScore; den += w;
                if (rmssdMs > 0)
                {
                    long r = SensingMath.Clamp(rmssdMs, 1, 1000);
                    if (_rmLearned < LearnSteps) { _rmSum += r; _rmLearned++; _rmBaseQ16 = (_rmSum << 16) / _rmLearned; }
                    long b = _rmBaseQ16 >> 16; if (b < 1) b = 1;
                    long rmScore = SensingMath.Clamp(16384 + (b - r) * 16384 / (2 * b), 0, 32767);
                    long wr = (long)WRmssd * quality / 100;
                    num += wr * rmScore; den += wr;
                }
            }
            if (edaValid)
            {
                long scl = sclNs < 1 ? 1 : sclNs;
                if (_sclRelearn) { _sclRelearn = false; _sclFirst = false; _sclSum = 0; _sclLearned = 0; }
                int learnLen = _sclFirst ? LearnSteps : SclRelearnSteps;
                if (_sclLearned < learnLen)
                {
                    // the first learning scores against the running mean from the start; a re-learning sits out
                    _sclSum += scl; _sclLearned++;
                    if (_sclFirst || _sclLearned == learnLen) _sclBaseQ16 = (_sclSum << 16) / _sclLearned;
                }
                bool sclReady = _sclFirst || _sclLearned >= learnLen;
                if (sclReady)
                {
                    long sb = _sclBaseQ16 >> 16; if (sb < 1) sb = 1;
                    long sclScore = SensingMath.Clamp(16384 + (scl - sb) * 16384 * 100 / (sb * SclHalfSpanPercent), 0, 32767);
                    num += (long)WScl * sclScore; den += WScl;
                }
                long rate = SensingMath.Clamp(scrPerMinCenti, 0, 100000);
                if (_scrLearned < LearnSteps) { _scrSum += rate; _scrLearned++; _scrBaseQ16 = (_scrSum << 16) / _scrLearned; }
                long half = _scrBaseQ16 >> 16;
                if (half < ScrHalfPointMinCenti) half = ScrHalfPointMinCenti;
                long scrScore = rate * 32767 / (rate + half);
                num += (long)WScr * scrScore; den += WScr;
                _edaMissing = 0;
                // phasic term: the SCL change over the last 60 s against max(SCL/10, 100 nS), ±0.5
                if (_sclStepCounter == 0)
                {
                    int slot = (_sclHead + _sclCount) % SclRingLen;
                    if (_sclCount == SclRingLen) { _sclHead = (_sclHead + 1) % SclRingLen; slot = (_sclHead + SclRingLen - 1) % SclRingLen; }
                    else _sclCount++;
                    _sclRing[slot] = (int)scl;
                }
                _sclStepCounter = (_sclStepCounter + 1) % 20;   // 20 steps = 5 s
                long trend = _sclCount > 1 ? scl - _sclRing[_sclHead] : 0;
                long scale = scl / 10; if (scale < 100) scale = 100;
                _trendQ15 = SensingMath.Clamp(trend * 16384 / scale, -16384, 16384);
            }
            else { _sclCount = 0; _sclHead = 0; _sclStepCounter = 0; _trendQ15 = 0; }
            if (!edaValid && _edaMissing < EdaRelearnSteps) { if (++_edaMissing >= EdaRelearnSteps && _sclBaseQ16 != 0) _sclRelearn = true; }

            if (den <= 0) { ConfidenceQ15 = 0; ArousalQ15 = 0; _haveArousal = false; return; }
            long raw = num / den + ((_trendQ15 * WTrend) >> 15);
            raw = SensingMath.Clamp(raw, 0, 32767);
            if (!_haveArousal) { _arousalQ15x16 = raw << 4; _haveArousal = true; }
            else _arousalQ15x16 += (((raw << 4) - _arousalQ15x16) * SmoothAlphaQ16) >> 16;
            ArousalQ15 = (int)SensingMath.Clamp(_arousalQ15x16 >> 4, 0, 32767);
            long conf = den;
            if (pulseValid && _hrLearned < LearnSteps) conf = conf / 2;
            ConfidenceQ15 = (int)SensingMath.Clamp(conf, 0, 32767);
        }
    }
}
