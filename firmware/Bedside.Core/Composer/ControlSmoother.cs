namespace Bedside.Core.Composer
{
    /// <summary>
    /// Smooths every continuous control the composer follows, at control rate, with integer arithmetic.
    /// - Tempo glides toward its target by at most <see cref="MaxTempoStepCentiBpmPerBeat"/> per beat
    ///   (slew limit scaled by the beats elapsed in each tick; the fractional allowance carries over, so the
    ///   limit holds over any interval, not only per tick).
    /// - Brightness, density and energy follow a one-pole lowpass with time constant
    ///   <see cref="SmoothingTauMs"/>: y += (x - y) * dt / (dt + tau).
    /// - Level moves by at most <see cref="MaxLevelStepCentiDbPerSecond"/> (the engine ramps again below that).
    /// Ticks may be irregular: dt is given by the caller and clamped to 0..1000 ms.
    /// </summary>
    public sealed class ControlSmoother
    {
        /// <summary>Largest tempo change per beat, in centi-BPM (0.25 BPM per beat, i.e. 15 BPM per minute at 60 BPM).</summary>
        public const int MaxTempoStepCentiBpmPerBeat = 25;
        /// <summary>One-pole time constant of brightness, density and energy, in ms.</summary>
        public const int SmoothingTauMs = 2000;
        /// <summary>Largest level change per second, in centi-dB (6 dB/s).</summary>
        public const int MaxLevelStepCentiDbPerSecond = 600;

        private const long CentiBpmMsPerBeat = 6000000; // beats = dtMs * tempoCentiBpm / 6_000_000

        /// <summary>Smoothed tempo, centi-BPM (40_00..120_00).</summary>
        public int TempoCentiBpm;
        /// <summary>Smoothed brightness, density, energy, Q15 0..32767.</summary>
        public int BrightnessQ15, DensityQ15, EnergyQ15;
        /// <summary>Slewed master level, centi-dB (-9600..0).</summary>
        public int LevelCentiDb;

        private long _tempoAllowance; // units: centi-BPM * 6_000_000
        private int _levelAllowance;  // units: centi-dB * 1000

        /// <summary>Jump every value to the given targets (start of a session; the engine's own fade-in covers it).</summary>
        public void Init(int tempoCentiBpm, int brightnessQ15, int densityQ15, int energyQ15, int levelCentiDb)
        {
            TempoCentiBpm = ClampInt(tempoCentiBpm, Preset.MinTempoCentiBpm, Preset.MaxTempoCentiBpm);
            BrightnessQ15 = ClampInt(brightnessQ15, 0, 32767);
            DensityQ15 = ClampInt(densityQ15, 0, 32767);
            EnergyQ15 = ClampInt(energyQ15, 0, 32767);
            LevelCentiDb = ClampInt(levelCentiDb, -9600, 0);
            _tempoAllowance = 0; _levelAllowance = 0;
        }

        /// <summary>Advance by dtMs (clamped 0..1000) toward the targets (each clamped to its valid range).</summary>
        public void Process(int dtMs, int tempoCentiBpm, int brightnessQ15, int densityQ15, int energyQ15, int levelCentiDb)
        {
            if (dtMs <= 0) return;
            if (dtMs > 1000) dtMs = 1000;
            tempoCentiBpm = ClampInt(tempoCentiBpm, Preset.MinTempoCentiBpm, Preset.MaxTempoCentiBpm);

            // Tempo slew: allowance += step/beat * beats(dt); move by whole centi-BPM only.
            int t = TempoCentiBpm;
            if (t == tempoCentiBpm) _tempoAllowance = 0;
            else
            {
                _tempoAllowance += (long)MaxTempoStepCentiBpmPerBeat * dtMs * t;
                int step = (int)(_tempoAllowance / CentiBpmMsPerBeat);
                if (step > 0)
                {
                    _tempoAllowance -= step * CentiBpmMsPerBeat;
                    int diff = tempoCentiBpm - t;
                    if (diff > step) diff = step; else if (diff < -step) diff = -step;
                    TempoCentiBpm = t + diff;
                }
            }

            BrightnessQ15 = OnePole(BrightnessQ15, ClampInt(brightnessQ15, 0, 32767), dtMs);
            DensityQ15 = OnePole(DensityQ15, ClampInt(densityQ15, 0, 32767), dtMs);
            EnergyQ15 = OnePole(EnergyQ15, ClampInt(energyQ15, 0, 32767), dtMs);

            // Level slew: allowance in centi-dB*1000 += 600 * dt.
            levelCentiDb = ClampInt(levelCentiDb, -9600, 0);
            int l = LevelCentiDb;
            if (l == levelCentiDb) _levelAllowance = 0;
            else
            {
                _levelAllowance += MaxLevelStepCentiDbPerSecond * dtMs;
                int step = _levelAllowance / 1000;
                if (step > 0)
                {
                    _levelAllowance -= step * 1000;
                    int diff = levelCentiDb - l;
                    if (diff > step) diff = step; else if (diff < -step) diff = -step;
                    LevelCentiDb = l + diff;
                }
            }
        }

        /// <summary>One-pole step: y + (x - y) * dt / (dt + tau), rounded away from y so it always reaches x.</summary>
        private static int OnePole(int y, int x, int dtMs)
        {
            int d = x - y;
            if (d == 0) return y;
            int step = (int)((long)d * dtMs / (dtMs + SmoothingTauMs));
            if (step == 0) step = d > 0 ? 1 : -1;
            return y + step;
        }

        private static int ClampInt(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }
    }
}
