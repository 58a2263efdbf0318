namespace Bedside.Sim.Scenarios;

/// <summary>
/// Synthetic skin conductance as the Grove-style GSR module delivers it to the 12-bit ADC1 (see
/// <see cref="GsrTransfer"/>): a tonic level from the listener model with a slow drift, plus skin conductance
/// responses with the Bateman shape  s(τ) = A · (e^(−τ/4 s) − e^(−τ/0.75 s)) / peak  (peak 1.55 s after onset),
/// non-specific ones at the model's rate and scenario-triggered ones, electrode noise and ADC noise.
/// Detached electrodes read the open-circuit level (≈ 2048 counts).
///
/// Noise model (what the device's reading contains):
/// - tonic drift: an Ornstein-Uhlenbeck process (τ 5 min, sd 8 % of the resting level) passed through a
///   one-pole low-pass of τ 20 s. Tonic skin conductance is smooth at the scale of seconds; an unfiltered OU
///   process is rough at every scale (≈ 8 nS of random walk per 1/16 s at 5 µS), which looks like a stream of
///   small SCRs to any detector and is not what skin does.
/// - electrode / front-end noise: white, <see cref="NoiseMicroS"/> (4 nS) RMS.
/// - ADC: ESP32 ADC1 single reads scatter by a few counts RMS (assumed <see cref="AdcReadNoiseCounts"/> = 3, not a
///   measured board figure; tests also run 3 counts after averaging, i.e. no averaging benefit); the
///   driver (GroveGsrSensor) returns the rounded mean of <see cref="AdcReadsAveraged"/> = 16 reads, so the
///   reading carries 3/√16 = 0.75 counts RMS plus the 1-count quantisation of the rounded mean.
///   Near 10–15 µS one count is 15–19 nS, so this floor is comparable to the 0.05 µS SCR criterion: the
///   detector has to measure it (EdaProcessor's noise-adaptive criterion), not assume it away.
/// </summary>
public sealed class EdaSynth
{
    public const double TauDecayS = 4.0, TauRiseS = 0.75, NoiseMicroS = 0.004, TonicSmoothS = 20;
    public const double AdcReadNoiseCounts = 3.0;
    public const int AdcReadsAveraged = 16;
    /// <summary>RMS counts of the averaged reading: single-read scatter / √(reads averaged).</summary>
    public static readonly double AdcNoiseCounts = AdcReadNoiseCounts / Math.Sqrt(AdcReadsAveraged);
    private static readonly double PeakTimeS = Math.Log(TauDecayS / TauRiseS) * TauDecayS * TauRiseS / (TauDecayS - TauRiseS);
    private static readonly double PeakNorm = Math.Exp(-PeakTimeS / TauDecayS) - Math.Exp(-PeakTimeS / TauRiseS);

    private readonly SimRandom _rnd;
    private readonly double[] _onsetS = new double[32];
    private readonly double[] _amplMicroS = new double[32];
    private int _head;
    private double _nextScrS, _driftOu, _drift, _lastS;

    public bool Detached { get; set; }
    /// <summary>RMS scatter of the averaged ADC reading, counts (default <see cref="AdcNoiseCounts"/>; tests raise it).</summary>
    public double AdcNoiseCountsRms { get; set; } = AdcNoiseCounts;
    public bool RecordScrs { get; set; }
    /// <summary>Ground truth: SCR onsets (s) and amplitudes (µS).</summary>
    public List<double> ScrOnsetsS { get; } = new List<double>();
    public List<double> ScrAmplitudesMicroS { get; } = new List<double>();
    /// <summary>The last true conductance (µS), before noise and quantisation.</summary>
    public double LastMicroS { get; private set; }

    public EdaSynth(SimRandom rnd)
    {
        _rnd = rnd;
        for (int i = 0; i < _onsetS.Length; i++) _onsetS[i] = -1000;
        _nextScrS = rnd.Uniform(2, 20);
    }

    /// <summary>Bateman shape normalised to a peak of 1, τ seconds after onset.</summary>
    public static double Bateman(double tauS) => tauS <= 0 ? 0 : (Math.Exp(-tauS / TauDecayS) - Math.Exp(-tauS / TauRiseS)) / PeakNorm;

    /// <summary>Adds a response starting at tS with the given amplitude (µS).</summary>
    public void TriggerScr(double tS, double amplitudeMicroS)
    {
        _onsetS[_head] = tS; _amplMicroS[_head] = amplitudeMicroS;
        _head = (_head + 1) % _onsetS.Length;
        if (RecordScrs && !Detached) { ScrOnsetsS.Add(tS); ScrAmplitudesMicroS.Add(amplitudeMicroS); }
    }

    public int Sample(double tS, ListenerModel m)
    {
        double dt = Math.Max(0, tS - _lastS);
        _lastS = tS;
        while (tS >= _nextScrS)
        {
            double a = m.Arousal;
            TriggerScr(_nextScrS, Math.Min(1.5, 0.04 + _rnd.Exponential(0.08 + 0.35 * a)));
            _nextScrS += 60.0 / m.ScrPerMin * _rnd.Exponential(1.0);
        }
        // Tonic drift: mean-reverting (OU, τ 5 min, sd 8 % of the resting level), smoothed (one-pole, τ 20 s).
        double k = Math.Exp(-dt / 300);
        _driftOu = _driftOu * k + 0.08 * m.SclRestMicroS * Math.Sqrt(1 - k * k) * _rnd.Gaussian();
        _drift += (_driftOu - _drift) * (1 - Math.Exp(-dt / TonicSmoothS));
        double g = m.SclTonicMicroS + _drift;
        for (int i = 0; i < _onsetS.Length; i++)
        {
            double tau = tS - _onsetS[i];
            if (tau > 0 && tau < 40) g += _amplMicroS[i] * Bateman(tau);
        }
        g = Math.Max(0.2, g);
        LastMicroS = g;
        double counts = Detached
            ? GsrTransfer.OpenCircuitCounts + 2 * _rnd.Gaussian()
            : GsrTransfer.CountsFromMicroSiemens(g + NoiseMicroS * _rnd.Gaussian()) + AdcNoiseCountsRms * _rnd.Gaussian();
        int c = (int)Math.Round(counts);
        return c < 0 ? 0 : c > GsrTransfer.MaxCounts ? GsrTransfer.MaxCounts : c;
    }
}
