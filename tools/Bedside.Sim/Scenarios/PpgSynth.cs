namespace Bedside.Sim.Scenarios;

/// <summary>
/// Synthetic PPG as an analog pulse sensor (PulseSensor-style, 3.3 V) delivers it to the ESP32's 12-bit ADC1:
/// counts 0..4095 around an idle level of about 2100. Each beat is a systolic wave plus a dicrotic wave;
/// inter-beat intervals follow the listener's heart rate with respiratory sinus arrhythmia and white
/// variability sized to the model's RMSSD, and rare premature beats (small pulse, compensatory pause).
/// On top: breathing-driven baseline and amplitude modulation, slow baseline wander, sensor noise,
/// motion artefacts (large low-frequency excursions that can reach the rails) and, when detached, a flat idle line.
/// </summary>
public sealed class PpgSynth
{
    public const double IdleCounts = 2100, AmplitudeCounts = 420, NoiseCounts = 5, DetachedCounts = 1950;
    /// <summary>Time from beat onset to systolic peak, s (where the ground-truth beat times are stamped).</summary>
    public const double PeakDelayS = 0.16;
    public const double EctopicProbability = 1.0 / 400;

    private readonly SimRandom _rnd;
    private readonly double[] _onsetS = new double[4];
    private readonly double[] _ampl = new double[4];
    private int _beatHead;
    private double _nextOnsetS, _respPhase, _wanderPhase, _walk, _motion, _lastS;
    private int _compensate;

    /// <summary>Ground-truth systolic peak times, s (only when recording is on).</summary>
    public List<double> BeatPeaksS { get; } = new List<double>();
    /// <summary>True for beats generated as premature (ectopic), parallel to BeatPeaksS.</summary>
    public List<bool> BeatPremature { get; } = new List<bool>();
    public bool RecordBeats { get; set; }

    /// <summary>Motion artefact strength in counts (0 = still). Set by the scenario.</summary>
    public double MotionCounts { get; set; }
    public bool Detached { get; set; }

    public PpgSynth(SimRandom rnd)
    {
        _rnd = rnd;
        for (int i = 0; i < _onsetS.Length; i++) _onsetS[i] = -100;
        _nextOnsetS = rnd.Uniform(0.1, 0.8);
        _wanderPhase = rnd.Uniform(0, 2 * Math.PI);
    }

    /// <summary>The reading at tS (non-decreasing), for the listener's current physiology.</summary>
    public int Sample(double tS, ListenerModel m)
    {
        double dt = Math.Max(0, tS - _lastS);
        _lastS = tS;
        double respHz = m.BreathsPerMin / 60.0;
        _respPhase += 2 * Math.PI * respHz * dt;
        if (_respPhase > 2 * Math.PI) _respPhase -= 2 * Math.PI;

        while (tS >= _nextOnsetS) ScheduleBeat(m);

        // Motion: Ornstein-Uhlenbeck process, time constant 0.3 s, standard deviation MotionCounts.
        double k = Math.Exp(-dt / 0.3);
        _motion = _motion * k + MotionCounts * Math.Sqrt(1 - k * k) * _rnd.Gaussian();
        // Slow wander: mean-reverting random walk (τ 60 s, sd 40 counts) plus a 50 s sinusoid.
        double kw = Math.Exp(-dt / 60);
        _walk = _walk * kw + 40 * Math.Sqrt(1 - kw * kw) * _rnd.Gaussian();

        double v;
        if (Detached)
            v = DetachedCounts + 3 * _rnd.Gaussian();
        else
        {
            double pulse = 0;
            for (int i = 0; i < _onsetS.Length; i++)
            {
                double tau = tS - _onsetS[i];
                if (tau < 0 || tau > 1.5) continue;
                double a = (tau - PeakDelayS) / 0.06, b = (tau - 0.40) / 0.09;
                pulse += _ampl[i] * (Math.Exp(-a * a) + 0.35 * Math.Exp(-b * b));
            }
            double resp = Math.Sin(_respPhase);
            v = IdleCounts + 40 * resp + 60 * Math.Sin(2 * Math.PI * 0.02 * tS + _wanderPhase) + _walk
                + pulse * (1 + 0.1 * resp) + _motion + NoiseCounts * _rnd.Gaussian();
        }
        int counts = (int)Math.Round(v);
        return counts < 0 ? 0 : counts > 4095 ? 4095 : counts;
    }

    private void ScheduleBeat(ListenerModel m)
    {
        double onset = _nextOnsetS;
        double rr = 60.0 / m.HeartRateBpm;
        double rmssdS = m.RmssdMs / 1000.0;
        // RSA contributes about 0.22 RMSSD^2, white variability the rest: sigma = 0.62 RMSSD.
        double ibi = rr + 0.5 * rmssdS * Math.Sin(_respPhase) + 0.62 * rmssdS * _rnd.Gaussian();
        double ampl = AmplitudeCounts * m.PulseAmplitudeScale * (1 + 0.03 * _rnd.Gaussian());
        bool premature = false;
        if (_compensate > 0) { ibi = rr * 1.35; _compensate = 0; }
        else if (_rnd.Uniform() < EctopicProbability) { ibi = rr * 0.65; premature = true; }
        if (premature) ampl *= 0.45; // the beat after the short interval ejects little
        ibi = Math.Clamp(ibi, 0.25, 2.5);
        _onsetS[_beatHead] = onset; _ampl[_beatHead] = ampl;
        _beatHead = (_beatHead + 1) & 3;
        if (RecordBeats && !Detached) { BeatPeaksS.Add(onset + PeakDelayS); BeatPremature.Add(premature); }
        if (premature) _compensate = 1;
        _nextOnsetS = onset + ibi;
    }
}
