namespace Bedside.Sim.Scenarios;

/// <summary>
/// A deliberately simple, documented listener model (a model, not physiology research): one arousal state
/// a ∈ [0, 1] that relaxes toward a target set by the ward, the listener's sleep pressure, the music heard and
/// scripted disturbances; heart rate, HRV, breathing and skin conductance follow from a.
///
///   da/dt = (a* − a) / τ,   τ = 240 s while falling, 60 s while rising (arousal rises faster than it settles)
///   a*    = (1 − w) · (a_ward − s(t)) + w · (a_rest(t) + g · m) + d(t),   clamped to [0, 1]
///   s(t)  = a_start − a_rest(t)                    sleep pressure acts with or without music
///   w     = 0.7 · clamp((level_dB + 72) / 16)      how much the music can steer: 0 below −72 dBFS RMS, the
///           full share 0.7 from −56 dBFS RMS (the unit's default listening level renders ≈ −55 dBFS RMS, and the
///           installer sets the amplifier so that is comfortably audible at the pillow);
///           the ward (noise, light, worry) always keeps 30 % of its say
///   m     = 0.5 · clamp((tempo − 45) / 45) + 0.3 · brightness + 0.2 · clamp((level_dB + 51) / 35)
///           how activating the music is: slow, dark, soft music is calming
///   a_rest(t) = a_floor + (a_start − a_floor) · exp(−t / 20 min)   sleep pressure
///   g     = 0.55
///   d(t)  = scenario disturbances (restless kicks, a pain episode)
///
/// Physiology from a (per-listener constants drawn from the seed):
///   HR = HR_rest + 40 · a  bpm;  RMSSD = RMSSD_rest · (1 − 0.7 a) ms;  breathing = 11 + 8 a per minute;
///   SCL = SCL_rest · (1 + a) µS plus a slow drift;  non-specific SCRs = 0.5 + 7 a per minute;
///   pulse amplitude = A · (1 − 0.3 a) (peripheral vasoconstriction).
/// </summary>
public sealed class ListenerModel
{
    public const double TauFallS = 240, TauRiseS = 60, MusicGain = 0.55, SleepPressureS = 1200;
    /// <summary>The largest share of the target the music can set (the ward keeps the rest).</summary>
    public const double MusicShareMax = 0.7;
    /// <summary>Rendered RMS level (dBFS) below which the music is inaudible, and the span to full effect, dB.</summary>
    public const double InaudibleDb = -72, AudibleSpanDb = 16;

    public double Arousal { get; private set; }
    public double Disturbance { get; set; }
    public double HrRestBpm { get; }
    public double RmssdRestMs { get; }
    public double SclRestMicroS { get; }
    public double WardArousal { get; }
    public double RestStart { get; }
    public double RestFloor { get; }
    /// <summary>The last music activation m and audibility w seen (for the listener trace).</summary>
    public double MusicActivation { get; private set; }
    public double MusicAudibility { get; private set; }

    public ListenerModel(double arousal0, double wardArousal, double restStart, double restFloor, SimRandom rnd)
    {
        Arousal = Clamp01(arousal0);
        WardArousal = wardArousal;
        RestStart = restStart;
        RestFloor = restFloor;
        HrRestBpm = rnd.Uniform(56, 66);
        RmssdRestMs = rnd.Uniform(45, 70);
        SclRestMicroS = rnd.Uniform(3, 8);
    }

    public double HeartRateBpm => HrRestBpm + 40 * Arousal;
    public double RmssdMs => RmssdRestMs * (1 - 0.7 * Arousal);
    public double BreathsPerMin => 11 + 8 * Arousal;
    public double ScrPerMin => 0.5 + 7 * Arousal;
    public double SclTonicMicroS => SclRestMicroS * (1 + Arousal);
    public double PulseAmplitudeScale => 1 - 0.3 * Arousal;

    /// <summary>Music activation m ∈ [0, 1] from what is heard.</summary>
    public static double Activation(double tempoBpm, double brightness01, double levelDb)
        => 0.5 * Clamp01((tempoBpm - 45) / 45) + 0.3 * Clamp01(brightness01) + 0.2 * Clamp01((levelDb + 51) / 35);

    /// <summary>Audibility w ∈ [0, 1] of music at a level in dB (re full scale).</summary>
    public static double Audibility(double levelDb) => MusicShareMax * Clamp01((levelDb - InaudibleDb) / AudibleSpanDb);

    /// <summary>The target arousal a* for the given music at session time tS.</summary>
    public double Target(double tS, double tempoBpm, double brightness01, double levelDb)
    {
        double w = Audibility(levelDb);
        double m = Activation(tempoBpm, brightness01, levelDb);
        MusicActivation = m; MusicAudibility = w;
        double rest = RestFloor + (RestStart - RestFloor) * Math.Exp(-tS / SleepPressureS);
        double unaccompanied = WardArousal - (RestStart - rest);
        return Clamp01((1 - w) * unaccompanied + w * (rest + MusicGain * m) + Disturbance);
    }

    /// <summary>Advances the state by dtS seconds (exact first-order step, stable for any dt).</summary>
    public void Step(double tS, double dtS, double tempoBpm, double brightness01, double levelDb)
    {
        double target = Target(tS, tempoBpm, brightness01, levelDb);
        double tau = target > Arousal ? TauRiseS : TauFallS;
        Arousal = Clamp01(target + (Arousal - target) * Math.Exp(-dtS / tau));
    }

    /// <summary>An immediate jump (a startle, a noise in the ward), clamped to [0, 1].</summary>
    public void Kick(double delta) => Arousal = Clamp01(Arousal + delta);

    public static double Clamp01(double x) => x < 0 ? 0 : x > 1 ? 1 : double.IsNaN(x) ? 0 : x;
}
