namespace Bedside.Core.Sensing
{
    /// <summary>
    /// The sensing facade: drivers push raw readings with their timestamps, the control loop calls
    /// <see cref="Update"/> and gets a filled <see cref="PhysioSnapshot"/>. Everything is allocated here.
    ///
    /// Rates: PPG 125 Hz nominal (50..250 accepted), EDA 16 Hz nominal (4..64). <c>tUs</c> (sample time) and
    /// <c>nowMs</c> (control time) must come from the same monotonic clock.
    /// Pulse status precedence: Absent (not available) → Flat (no samples for 2 s) → NoContact (a 1-s window at the
    /// low rail) → Saturated (at the high rail) → Flat (3 s without variation) → Settling (first 15 s after the
    /// sensor appeared, until 8 beats and 4 normal intervals) → Poor (quality &lt; 60, the rate outside 35..200 bpm, or the
    /// reading is noise rather than a pulse: <see cref="PulseBeatDetector.IsNoisy"/>, reported with quality 0) → Ok.
    /// Heart rate, quality and RMSSD are reported only while Ok (otherwise 0, quality excepted for Poor).
    /// EDA status: Absent → Detached → Saturated → Frozen (the reading has not changed by a single count for
    /// <see cref="EdaProcessor.FrozenWindows"/> s: a stuck converter or bus, never skin) → Settling (first 5 s, or no
    /// samples for 2 s) → Ok; SCL and SCR rate only while Ok. Both channels not Ok → arousal and confidence 0.
    /// </summary>
    public sealed class SensingHub
    {
        /// <summary>Minimum quality index for a valid rate.</summary>
        public const int MinValidQuality = 60;
        /// <summary>The device's pulse sampling rate, Hz (the drivers and the simulator both use it).</summary>
        public const int DefaultPulseRateHz = 125;
        /// <summary>The device's skin-conductance sampling rate, Hz.</summary>
        public const int DefaultEdaRateHz = 16;
        private const long FrozenUs = 2000000;
        private const long PulseSettleUs = 15000000;

        public readonly PulseBeatDetector Pulse = new PulseBeatDetector();
        public readonly BeatIntervalTracker Beats = new BeatIntervalTracker();
        public readonly EdaProcessor Eda = new EdaProcessor();
        public readonly ArousalEstimator Arousal = new ArousalEstimator();

        private bool _pulseAvailable, _edaAvailable;
        private long _pulseSinceUs = long.MinValue, _edaSinceUs = long.MinValue;
        private long _lastStepMs = long.MinValue;
        private readonly PhysioSnapshot _last = new PhysioSnapshot();

        /// <summary>Default device configuration: analog pulse sensor at 125 Hz, Grove GSR at 16 Hz, both unavailable until set.</summary>
        public SensingHub() { Pulse.Tracker = Beats; }

        /// <summary>Explicit configuration (rates clamped to the ranges above).</summary>
        public SensingHub(int pulseRateHz, PulseSensorKind pulseKind, int edaRateHz, EdaSensorKind edaKind)
        {
            Pulse.Tracker = Beats;
            Pulse.Init(pulseRateHz, pulseKind);
            Eda.Init(edaRateHz, edaKind);
        }

        /// <summary>Driver reports whether the pulse sensor is present; a change restarts the pulse pipeline.</summary>
        public void SetPulseAvailable(bool available)
        {
            if (available == _pulseAvailable) return;
            _pulseAvailable = available;
            Pulse.Reset(); Beats.Reset();
            _pulseSinceUs = long.MinValue;
        }

        /// <summary>Driver reports whether the EDA sensor is present; a change restarts the EDA pipeline.</summary>
        public void SetEdaAvailable(bool available)
        {
            if (available == _edaAvailable) return;
            _edaAvailable = available;
            Eda.Reset();
            _edaSinceUs = long.MinValue;
        }

        /// <summary>One pulse reading (sensor counts) taken at tUs. Ignored while unavailable. True when a beat was completed.</summary>
        public bool PushPulse(int raw, long tUs)
        {
            if (!_pulseAvailable) return false;
            return Pulse.Push(raw, tUs);      // beats and rejections reach Beats through Pulse.Tracker
        }

        /// <summary>One EDA reading (sensor counts) taken at tUs. Ignored while unavailable. True when an SCR was completed.</summary>
        public bool PushEda(int raw, long tUs)
        {
            if (!_edaAvailable) return false;
            return Eda.Push(raw, tUs);
        }

        /// <summary>Control-rate update at nowMs (any rate; arousal advances in 250-ms steps). Fills <paramref name="into"/>.</summary>
        public void Update(long nowMs, PhysioSnapshot into)
        {
            long nowUs = nowMs * 1000;
            PhysioSnapshot s = _last;
            // ---- pulse
            s.HeartRateCentiBpm = 0; s.PulseQuality = 0; s.RmssdMs = 0;
            if (!_pulseAvailable) s.Pulse = PulseStatus.Absent;
            else
            {
                if (_pulseSinceUs == long.MinValue) _pulseSinceUs = nowUs;
                Beats.Update(nowUs);
                long lastSample = Pulse.LastSampleTUs;
                long ref0 = lastSample == long.MinValue ? _pulseSinceUs : lastSample;
                if (nowUs - ref0 > FrozenUs) s.Pulse = PulseStatus.Flat;
                else if (Pulse.AtLowRail) s.Pulse = PulseStatus.NoContact;
                else if (Pulse.AtHighRail) s.Pulse = PulseStatus.Saturated;
                else if (Pulse.IsFlat) s.Pulse = PulseStatus.Flat;
                else
                {
                    int q = Beats.QualityAt(nowUs);
                    int ibi = Beats.DisplayedIbiMs;
                    int hr = ibi > 0 ? 6000000 / ibi : 0;
                    bool inRange = hr >= 3500 && hr <= 20000;
                    if ((ibi == 0 || q == 0) && nowUs - _pulseSinceUs < PulseSettleUs) s.Pulse = PulseStatus.Settling;
                    else if (q < MinValidQuality || !inRange || Pulse.IsNoisy) { s.Pulse = PulseStatus.Poor; s.PulseQuality = Pulse.IsNoisy ? 0 : q; }
                    else
                    {
                        s.Pulse = PulseStatus.Ok; s.PulseQuality = q; s.HeartRateCentiBpm = hr; s.RmssdMs = Beats.RmssdMs;
                    }
                }
            }
            // ---- EDA
            s.SclNanoSiemens = 0; s.ScrPerMinuteCenti = 0;
            if (!_edaAvailable) s.Eda = EdaStatus.Absent;
            else
            {
                if (_edaSinceUs == long.MinValue) _edaSinceUs = nowUs;
                long lastSample = Eda.LastSampleTUs;
                long ref1 = lastSample == long.MinValue ? _edaSinceUs : lastSample;
                if (Eda.IsDetached) s.Eda = EdaStatus.Detached;
                else if (Eda.IsSaturated) s.Eda = EdaStatus.Saturated;
                else if (Eda.IsFrozen) s.Eda = EdaStatus.Frozen;
                else if (nowUs - ref1 > FrozenUs || lastSample == long.MinValue || Eda.IsSettlingAt(nowUs)) s.Eda = EdaStatus.Settling;
                else
                {
                    s.Eda = EdaStatus.Ok; s.SclNanoSiemens = Eda.SclNanoSiemens; s.ScrPerMinuteCenti = Eda.ScrPerMinuteCentiAt(nowUs);
                }
            }
            // ---- arousal in fixed 250-ms steps (a long pause re-synchronises instead of catching up)
            if (_lastStepMs == long.MinValue || nowMs < _lastStepMs || nowMs - _lastStepMs > 10 * ArousalEstimator.StepMs)
                _lastStepMs = nowMs - ArousalEstimator.StepMs;
            while (nowMs - _lastStepMs >= ArousalEstimator.StepMs)
            {
                _lastStepMs += ArousalEstimator.StepMs;
                Arousal.Step(s.Pulse == PulseStatus.Ok, s.HeartRateCentiBpm, s.PulseQuality, s.RmssdMs,
                             s.Eda == EdaStatus.Ok, s.SclNanoSiemens, s.ScrPerMinuteCenti);
            }
            s.ArousalQ15 = Arousal.ArousalQ15;
            s.ConfidenceQ15 = Arousal.ConfidenceQ15;
            if (s.Pulse != PulseStatus.Ok && s.Eda != EdaStatus.Ok) { s.ArousalQ15 = 0; s.ConfidenceQ15 = 0; }
            if (into != null) into.CopyFrom(s);
        }
    }
}
