using Bedside.Core.Audio;

namespace Bedside.Core.Composer
{
    /// <summary>
    /// The generative composer: decides what plays and drives the engine through <see cref="IVoiceSink"/>.
    ///
    /// Rate: <see cref="Tick"/> is called at control rate, nominally once per <see cref="Runtime.Rates.ControlPeriodMs"/>
    /// (20 Hz). Any spacing is safe: the elapsed time is taken from nowMs and clamped to 0..1000 ms per tick
    /// (a clock that jumps backwards or a long stall never produces a burst of notes: each layer emits at most
    /// one event per tick and reschedules from the current time). No allocation after construction.
    ///
    /// Layers (periods incommensurate, so the texture never lines up the same way twice):
    /// root drone swell every 23.5 s, chord-pad change every 25.875 s (crossfaded between two slots),
    /// shimmer pad every 29.94 s, each ±5 % jitter; bass every 33.7 s ±15 %; bell strikes at random
    /// intervals (program range, e.g. 45-75 s); melody in phrases drawn from the trained Markov model.
    ///
    /// Density: melody notes per minute = DensityQ15 (smoothed, times the program envelope) * the program's
    /// maximum rate (<see cref="ProgramProfile.MaxMelodyCentiPerMin"/>) / 32768, held by a credit counter
    /// (a phrase starts only when the credit is non-negative; each note costs one event). Tolerance: at
    /// constant controls the count in any 10-minute window is within ±(10 % + 2 notes) of the target, as long
    /// as the target is below the phrase-internal rate (≥ 20 notes/min at 40 BPM).
    /// Tempo: glides by at most <see cref="ControlSmoother.MaxTempoStepCentiBpmPerBeat"/> per beat.
    /// </summary>
    public sealed class MusicComposer
    {
        /// <summary>Sleep program: time over which it descends to a sparse drone + noise bed.</summary>
        public const int SleepDescentMs = 20 * 60000;
        /// <summary>Sleep program: length of the final fade before the timer ends (shortened if the timer is shorter).</summary>
        public const int SleepFadeMs = 3 * 60000;
        public const int DefaultSleepTimerMinutes = 45;
        public const int MaxSleepTimerMinutes = 720;
        public const int DroneSwellPeriodMs = 23500;
        public const int ChordPeriodMs = 25875;
        public const int ShimmerPeriodMs = 29938;
        public const int BassPeriodMs = 33700;
        /// <summary>Melody note release asked from the engine, ms (one envelope segment; see Melody).</summary>
        public const int MelodyReleaseMs = 700;
        /// <summary>Density credit of one melody note: 100 (centi-events) * 60000 ms.</summary>
        private const long CreditPerNote = 6000000;

        private readonly Rng _rng = new Rng(1);
        private readonly NetworkMelody _model;
        private readonly NetworkHarmony _harmony;
        private readonly ControlSmoother _sm = new ControlSmoother();
        private readonly Preset _preset = new Preset();
        private IVoiceSink _sink;

        private ProgramKind _program = ProgramKind.Calm;
        private int _prog = 1;
        private int _mask;
        private Timbre _melodyTimbre = Timbre.Pluck;
        private bool _hasDrone;
        private Timbre _droneTimbre = Timbre.Pad;

        private bool _started;
        private bool _refresh;
        private bool _finished;
        private long _lastNowMs;
        private long _tMs;              // internal monotonic clock (sum of clamped tick intervals)
        private long _programStartMs;
        private int _sleepTimerMs = DefaultSleepTimerMinutes * 60000;
        /// <summary>Time constant of the tonal power the noise bed follows (see BedFollowQ15).</summary>
        public const int BedFollowTauMs = 30000;
        private long _tonePowSmooth, _tonePowSum;
        private int _tonePowCount;

        private long _nextMelodyMs, _nextBellMs, _nextBassMs, _nextSwellMs, _nextChordMs, _nextShimmerMs, _pretuneMs;
        private int _phraseLeft, _phraseLen;
        private long _credit;
        private int _chordSlot = 1, _chordDeg = 100, _nextChordDeg = 100, _lastBellDeg = 100;
        private int _chordBassDeg = -7, _nextChordBassDeg = -7;

        private int _effBrightQ15, _effDensQ15, _levelCentiDb, _levelTrimCentiDb;

        /// <summary>
        /// Noise-bed gain per colour (Off, Pink, Brown, Ocean), Q15, so that the three beds have equal K-weighted
        /// loudness (EBU R128 gating) at the same share: measured at 16 kHz by tests/Bedside.Tests/Composer/
        /// RenderedAudioTests (pink highpassed at 100 Hz, which took 1.6 dB of its RMS and none of its loudness; brown and
        /// ocean at 125 Hz, the speaker's corner, after which the ocean bed took 0.9 dB less and 0.5 dB more alone in the Noise
        /// program; trims −5.7, −5.5, −4.9 dB re full scale).
        /// </summary>
        public static readonly short[] NoiseLoudnessTrimQ15 = { 0, 16975, 17385, 18600 };
        /// <summary>Noise program level trim (hundredths of a dB) so a bed alone matches the music programs' loudness.</summary>
        public const int NoiseProgramTrimCentiDb = -120; // the pink trim is raised 1.6 dB for the music programs' share
        /// <summary>Extra level of the ocean bed in the Noise program, hundredths of a dB (RenderedAudioTests).</summary>
        public const int OceanAloneCentiDb = 210;
        /// <summary>Mean of the engine's ocean swell (0.3 + 0.7·(1 − cos)/2), Q15.</summary>
        private const int OceanMeanSwellQ15 = 21299;
        /// <summary>Loudness of a trimmed bed at full share relative to the tone bus at full share (−1.5 dB as power), Q15.</summary>
        private const int NoiseToToneLoudnessQ15 = 23198;
        /// <summary>
        /// The largest share boost (n = 1/(1 + r): −10·log10(r/(1 + r)) = 3.8 dB). Every trim is lowered by it so the level
        /// sent to the engine never exceeds the therapy's level: normalisation only attenuates.
        /// </summary>
        public const int MaxShareBoostCentiDb = 380;
        private int _sentBright = -1, _sentLevel = int.MinValue, _sentNoiseGain = -1;
        private int _regLow, _regHigh;

        /// <summary>Allocates everything the composer will ever use.</summary>
        public MusicComposer() { _model = new NetworkMelody(_rng); _harmony = new NetworkHarmony(_rng); }

        /// <summary>Start a session: seeds the generator (same seed + same inputs = same events), takes the sink.
        /// The first Tick starts the layers. Program and preset are kept.</summary>
        public void Init(uint seed, IVoiceSink sink)
        {
            if (sink == null) throw new System.ArgumentNullException("sink");
            _sink = sink;
            _rng.Seed(seed);
            _model.Reset();
            _harmony.Reset();
            _started = false; _finished = false; _refresh = true;
            _tonePowSmooth = 0; _tonePowSum = 0; _tonePowCount = 0;
            _tMs = 0; _programStartMs = 0; _credit = 0; _phraseLeft = 0; _phraseLen = 0;
            _chordSlot = 1; _chordDeg = 100; _nextChordDeg = 100; _lastBellDeg = 100; _pretuneMs = long.MaxValue;
            _chordBassDeg = -7; _nextChordBassDeg = -7;
            _sentBright = -1; _sentLevel = int.MinValue; _sentNoiseGain = -1; _levelTrimCentiDb = 0;
            ApplyPreset();
            ApplyProgram();
        }

        /// <summary>Select the program (Sleep, Calm, Pain, Noise). Unknown values are rejected (false, nothing changes).
        /// The change is musical: layers re-target with ramps; the Sleep descent and timer restart.</summary>
        public bool SetProgram(ProgramKind kind)
        {
            if ((int)kind < 0 || (int)kind > 3) return false;
            _program = kind;
            _programStartMs = _tMs;
            _tonePowSmooth = 0; _tonePowSum = 0; _tonePowCount = 0;
            if (_finished) _sm.LevelCentiDb = -9600; // after a finished Sleep, come back in by the level slew, never a jump
            _finished = false;
            _phraseLeft = 0;
            _refresh = true;
            ApplyProgram();
            if (_started) ScheduleLayersFromNow();
            return true;
        }

        /// <summary>Apply a therapist preset. Returns null when applied, else the validation reason (nothing changes).</summary>
        public string SetPreset(Preset preset)
        {
            if (preset == null) return "preset missing";
            string why = preset.Validate();
            if (why != null) return why;
            _preset.CopyFrom(preset);
            ApplyPreset();
            _refresh = true;
            if (_started) { _nextChordMs = _tMs; _nextSwellMs = _tMs; _nextShimmerMs = _tMs; }
            return null;
        }

        /// <summary>Sleep auto-off timer in minutes, 0 = off, 1..720 (clamped). Counted from the start of the Sleep program;
        /// the last 3 minutes (or the whole timer if shorter) fade the level to silence, then all layers stop.</summary>
        public void SetSleepTimerMinutes(int minutes)
        {
            if (minutes < 0) minutes = 0; else if (minutes > MaxSleepTimerMinutes) minutes = MaxSleepTimerMinutes;
            _sleepTimerMs = minutes * 60000;
        }

        public ProgramKind Program { get { return _program; } }
        public Mood Mood { get { return _preset.Mood; } }
        public int KeyRootSemitone { get { return _preset.KeyRootSemitone; } }
        /// <summary>Timbre the melody layer uses with the current program and instrumentation.</summary>
        public Timbre MelodyTimbre { get { return _melodyTimbre; } }
        /// <summary>Smoothed tempo, centi-BPM.</summary>
        public int TempoCentiBpm { get { return _sm.TempoCentiBpm; } }
        /// <summary>Brightness and density after smoothing and the program envelope, Q15.</summary>
        public int EffectiveBrightnessQ15 { get { return _effBrightQ15; } }
        public int EffectiveDensityQ15 { get { return _effDensQ15; } }
        /// <summary>The level trim (hundredths of a dB, ≤ 0) the composer adds to the therapy level now: the engine's master is level + trim.</summary>
        public int LevelTrimNowCentiDb { get { return _levelTrimCentiDb; } }
        /// <summary>Current melody target in hundredths of a note per minute.</summary>
        public int MelodyTargetCentiPerMin { get { return (int)(((long)_effDensQ15 * ProgramProfile.MaxMelodyCentiPerMin[_prog]) >> 15); } }
        /// <summary>Melody register (absolute degrees, inclusive) used for the last note.</summary>
        public int RegisterLowDegree { get { return _regLow; } }
        public int RegisterHighDegree { get { return _regHigh; } }
        /// <summary>True once the Sleep timer has run out (all layers faded; Tick does nothing more until SetProgram).</summary>
        public bool IsFinished { get { return _finished; } }

        /// <summary>Control-rate step. nowMs: caller's clock in ms (any origin). controls: targets (null = keep previous).</summary>
        public void Tick(long nowMs, MusicControls controls)
        {
            if (_sink == null) return;
            int tTempo, tBright, tDens, tEnergy, tLevel;
            if (controls != null)
            {
                tTempo = controls.TempoCentiBpm; tBright = controls.BrightnessQ15; tDens = controls.DensityQ15;
                tEnergy = controls.EnergyQ15; tLevel = controls.LevelCentiDb;
            }
            else
            {
                tTempo = _sm.TempoCentiBpm; tBright = _sm.BrightnessQ15; tDens = _sm.DensityQ15;
                tEnergy = _sm.EnergyQ15; tLevel = _sm.LevelCentiDb;
            }
            // Tempo window: preset range intersected with the program's window.
            int lo = _preset.TempoMinCentiBpm, hi = _preset.TempoMaxCentiBpm;
            int pf = ProgramProfile.TempoFloorCentiBpm[_prog], pc = ProgramProfile.TempoCeilCentiBpm[_prog];
            if (pf > lo && pf <= hi) lo = pf;
            if (pc < hi && pc >= lo) hi = pc;
            if (tTempo < lo) tTempo = lo; else if (tTempo > hi) tTempo = hi;

            int dt;
            if (!_started)
            {
                _started = true;
                // the level starts at its first target: the caller's fade-in (and the engine's 6 dB/s rise limit) shape it
                _sm.Init(tTempo, tBright, tDens, tEnergy, tLevel);
                dt = 0;
                ScheduleLayersFromNow();
            }
            else
            {
                long d = nowMs - _lastNowMs;
                dt = d < 0 ? 0 : (d > 1000 ? 1000 : (int)d);
            }
            _lastNowMs = nowMs;
            _tMs += dt;
            _sm.Process(dt, tTempo, tBright, tDens, tEnergy, tLevel);
            if (_finished) return;

            // Program envelope: Sleep descends (darker, sparser) over SleepDescentMs and fades at the timer.
            long elapsed = _tMs - _programStartMs;
            int descentQ15 = 0, fadeCentiDb = 0;
            if (_program == ProgramKind.Sleep)
            {
                descentQ15 = elapsed >= SleepDescentMs ? 32767 : (int)(elapsed * 32767 / SleepDescentMs);
                if (_sleepTimerMs > 0)
                {
                    long remaining = _sleepTimerMs - elapsed;
                    if (remaining <= 0) { FinishSleep(); return; }
                    int fadeLen = _sleepTimerMs < SleepFadeMs ? _sleepTimerMs : SleepFadeMs;
                    if (remaining < fadeLen) fadeCentiDb = (int)(-6000L * (fadeLen - remaining) / fadeLen);
                }
            }
            _effBrightQ15 = (int)(((long)_sm.BrightnessQ15 * (32768 - (descentQ15 >> 1))) >> 15);
            _effDensQ15 = (int)(((long)_sm.DensityQ15 * (32768 - ((descentQ15 * 7) >> 3))) >> 15);
            int level = _sm.LevelCentiDb + fadeCentiDb;
            if (level < -9600) level = -9600;
            _levelCentiDb = level;

            SendGlobals(descentQ15, dt);
            if (_refresh) Refresh();
            if (_program == ProgramKind.Noise) return;
            int energyScaleQ15 = 19661 + ((_sm.EnergyQ15 * 13107) >> 15); // 0.6 + 0.4 * energy
            if (_hasDrone) Drones(energyScaleQ15);
            Melody(dt, energyScaleQ15);
            Bell(energyScaleQ15);
            Bass(energyScaleQ15);
        }

        // ---- layers -------------------------------------------------------------------------------

        private void SendGlobals(int descentQ15, int dtMs)
        {
            int b = _effBrightQ15;
            int db = b - _sentBright;
            if (_sentBright < 0 || db >= 128 || db <= -128 || (b != _sentBright && (b == 0 || b == 32767)))
            {
                _sink.SetBrightness(b, 300);
                // the bed follows the music's brightness: the share of its segments read from the brown table is 1 − brightness
                _sink.SetNoiseTilt(32767 - b);
                _sentBright = b;
            }
            // the bed follows the music down (never above the preset's level), so its share does not grow as the music thins
            int gain = (int)(((long)BedGainQ15(_program, _preset) * BedFollowQ15(dtMs)) >> 15);
            NoiseColor color = BedColor(_program, _preset);
            int dg = gain - _sentNoiseGain;
            if (_refresh || dg >= 64 || dg <= -64)
            {
                // at a session's start the bed is set at once: the therapy's fade-in (and the engine's rise limit) shape its
                // rise; a later change (program, preset, Sleep descent) glides over 3 s
                _sink.SetNoiseBed(color, gain, _sentNoiseGain < 0 ? 10 : 3000);
                _sentNoiseGain = gain;
                _levelTrimCentiDb = LevelTrimCentiDb(_program, color, gain);
            }
            int l = _levelCentiDb + _levelTrimCentiDb; // trim ≤ 0
            if (l < -9600) l = -9600;
            if (_levelCentiDb <= -9600) l = -9600;
            int dl = l - _sentLevel;
            if (_sentLevel == int.MinValue || dl >= 10 || dl <= -10)
            {
                _sink.SetMasterLevel(l, 200);
                _sentLevel = l;
            }
        }

        /// <summary>Noise-bed colour a program plays with a preset (the Noise program plays pink when the preset has none).</summary>
        public static NoiseColor BedColor(ProgramKind program, Preset preset)
        {
            NoiseColor color = preset.Noise;
            if (program == ProgramKind.Noise && color == NoiseColor.Off) color = NoiseColor.Pink;
            return color;
        }

        /// <summary>
        /// Noise-bed gain, Q15, for a program and preset with the music at its reference texture: preset level times the
        /// program's share, the whole bus for the Noise program, times the colour's loudness trim. In a session the bed
        /// follows the music down from there (BedFollowQ15).
        /// </summary>
        public static int BedGainQ15(ProgramKind program, Preset preset)
        {
            int prog = ProgramProfile.IndexOf(program);
            int pct = ProgramProfile.NoiseBedPercent[prog]; // the same through the Sleep descent: only the preset sets the share
            int gain = (preset.NoiseLevelPercent * pct * 32767) / 10000;
            NoiseColor color = BedColor(program, preset);
            // Noise program: the bed is the whole program, so it takes the full share (the preset's noise level sets the
            // bed's share next to music; alone it would only change the loudness, which the master level owns).
            if (program == ProgramKind.Noise) gain = 32767;
            if (color == NoiseColor.Off) return 0;
            return (gain * NoiseLoudnessTrimQ15[(int)color]) >> 15; // equal loudness per colour
        }

        /// <summary>Master level trim (hundredths of a dB, ≤ 0) the composer adds to the therapy level for a bed of this colour and gain.</summary>
        public static int LevelTrimCentiDb(ProgramKind program, NoiseColor color, int bedGainQ15)
        {
            // the ocean swell scales the bed by 0.3 .. 1.0 (mean ≈ 0.65), which the engine gives back to the tone
            int share = color == NoiseColor.Ocean ? (bedGainQ15 * OceanMeanSwellQ15) >> 15 : bedGainQ15;
            // alone, the ocean's swell (0.3..1.0) is heard quieter than its mean power suggests: +2.1 dB (measured)
            int noiseTrim = NoiseProgramTrimCentiDb + (color == NoiseColor.Ocean ? OceanAloneCentiDb : 0);
            return (program == ProgramKind.Noise ? noiseTrim : ShareTrimCentiDb(share)) - MaxShareBoostCentiDb;
        }

        /// <summary>
        /// Gain of the engine's tone bus relative to the therapy level at the start of a program (hundredths of a dB, ≤ 0):
        /// the composer's level trim plus the tone share 1 − bed gain (the engine splits the master gain between tone and bed).
        /// Cues play on the tone bus, so a cue in Standby at this gain sounds as it would in the session.
        /// </summary>
        public static int ToneBusCentiDb(ProgramKind program, Preset preset)
        {
            NoiseColor color = BedColor(program, preset);
            int bed = BedGainQ15(program, preset);
            int toneQ15 = 32767 - (color == NoiseColor.Ocean ? (bed * OceanMeanSwellQ15) >> 15 : bed);
            int c = 0;
            while (c > Gain.MinCentiDb && Gain.CentiDbToQ15(c - 10) >= toneQ15) c -= 10;
            return LevelTrimCentiDb(program, color, bed) + c;
        }

        /// <summary>
        /// The bed follows the music down, so its share of the mix does not grow as the music thins: the tonal loop's
        /// mean square (read from the engine) is smoothed with a time constant of BedFollowTauMs (30 s); its mean 90–180 s
        /// after the program started (the smoothing has then settled within 5 %) is the reference (the program's own texture at the listener's level then); the bed's gain
        /// is scaled by √(smoothed / reference), at most 1 (32768: the bed never rises above the preset's level). No reference
        /// yet (the first 90 s, no tones, the Noise program): 1. Control rate; the division runs once per tick.
        /// </summary>
        private int BedFollowQ15(int dtMs)
        {
            long p = _sink.ToneLoopPowerLsb2;
            if (p < 0) p = 0;
            _tonePowSmooth += (p - _tonePowSmooth) * dtMs / BedFollowTauMs;
            if (_program == ProgramKind.Noise) return 32768;
            long elapsed = _tMs - _programStartMs;
            if (elapsed >= 90000 && elapsed < 180000) { _tonePowSum += _tonePowSmooth; _tonePowCount++; }
            if (_tonePowCount == 0) return 32768;
            long reference = _tonePowSum / _tonePowCount;
            if (reference <= 0 || _tonePowSmooth >= reference) return 32768;
            long ratioQ15 = (_tonePowSmooth << 15) / reference;
            int f = (int)IntMath.SqrtFloor((ulong)(ratioQ15 << 15));
            return f > 32768 ? 32768 : f;
        }

        /// <summary>
        /// Loudness normalisation of the tone/noise balance. The engine splits the master gain: tone·(1 − n) + noise·n.
        /// With the colour trims, a bed at full share is r = −1.5 dB (NoiseToToneLoudnessQ15) from the tone bus at full
        /// share, so the sum's power is ∝ (1 − n)² + r·n²: the master level is raised by −10·log10 of it (0 .. +3.8 dB), found by
        /// searching the engine's dB table (Gain.CentiDbToQ15(c)² = 10^(c/1000)); control rate, only when n changes.
        /// </summary>
        private static int ShareTrimCentiDb(int noiseShareQ15)
        {
            long t = 32767 - noiseShareQ15;
            int powQ15 = (int)((t * t + ((((long)noiseShareQ15 * noiseShareQ15) >> 15) * NoiseToToneLoudnessQ15)) >> 15); // (1-n)² + r·n², Q15
            int c = 0;
            while (c > -400)
            {
                long a = Gain.CentiDbToQ15(c - 10);
                if ((int)((a * a) >> 15) < powQ15) break;
                c -= 10;
            }
            return -c;
        }

        private void Refresh()
        {
            _refresh = false;
            if (_program == ProgramKind.Noise || !_hasDrone)
            {
                for (int s = 0; s < 4; s++) _sink.SetDrone(s, _droneTimbre, Tuning.FreqHzQ16(_preset.Mood, _preset.KeyRootSemitone, ProgramProfile.RootDroneDegree), 0, 4000);
            }
        }

        private void Drones(int energyScaleQ15)
        {
            Mood mood = _preset.Mood; int key = _preset.KeyRootSemitone;
            long t = _tMs;
            if (t >= _nextSwellMs)
            {
                int g = (ProgramProfile.RootDroneGainQ15[_prog] * energyScaleQ15) >> 15;
                g = (g * (22938 + (_rng.NextQ15() * 9830 >> 15))) >> 15; // 0.7 .. 1.0 swell
                _sink.SetDrone(0, _droneTimbre, Tuning.FreqHzQ16(mood, key, ProgramProfile.RootDroneDegree), g, DroneSwellPeriodMs);
                _nextSwellMs = t + Jitter(DroneSwellPeriodMs, 5);
            }
            else if (t >= _nextChordMs)
            {
                // Crossfade the chord tone between slots 1 and 2: the old slot fades to 0, the idle one (already
                // re-tuned while silent, see the pre-tune step below) rises. Chord tones: degrees -6..-2, i.e. the
                // 2nd, 3rd, 4th, 5th or 6th of the octave below the root drone, whichever the mood's set holds.
                int deg = _nextChordDeg;
                if (deg == _chordDeg || !Tuning.InSet(mood, deg)) deg = PickChordDegree(mood, _chordDeg);
                int g = (ProgramProfile.ChordDroneGainQ15[_prog] * energyScaleQ15) >> 15;
                int old = _chordSlot;
                int oldFreq = Tuning.FreqHzQ16(mood, key, _chordDeg == 100 ? deg : _chordDeg);
                if (oldFreq == 0) oldFreq = Tuning.FreqHzQ16(mood, key, deg); // mood changed: old degree absent
                _chordSlot = old == 1 ? 2 : 1;
                _chordDeg = deg;
                _chordBassDeg = _nextChordBassDeg;
                _sink.SetDrone(old, _droneTimbre, oldFreq, 0, 8000); // fade out at its own pitch
                _sink.SetDrone(_chordSlot, _droneTimbre, Tuning.FreqHzQ16(mood, key, deg), g, 8000);
                _nextChordDeg = PickChordDegree(mood, deg);
                _nextChordMs = t + Jitter(ChordPeriodMs, 5);
                _pretuneMs = t + 10000; // after the 8 s fade-out has finished
            }
            else if (t >= _pretuneMs)
            {
                // Pre-tune the silent slot to the next chord tone, so the next fade-in never glides in pitch.
                _pretuneMs = long.MaxValue;
                int idle = _chordSlot == 1 ? 2 : 1;
                _sink.SetDrone(idle, _droneTimbre, Tuning.FreqHzQ16(mood, key, _nextChordDeg), 0, 2000);
            }
            else if (t >= _nextShimmerMs)
            {
                // High shimmer pad: present only when bright and not sparse.
                int deg = 4 + 3 * _rng.Next(3); // 4, 7, 10 → fifth, octave, third/fourth above
                if (!Tuning.InSet(mood, deg)) deg = 7;
                int g = (int)(((long)3500 * _effBrightQ15 >> 15) * (8192 + (_effDensQ15 >> 2)) >> 15);
                g = (g * energyScaleQ15) >> 15;
                _sink.SetDrone(3, _droneTimbre, Tuning.FreqHzQ16(mood, key, deg), g, ShimmerPeriodMs / 2);
                _nextShimmerMs = t + Jitter(ShimmerPeriodMs, 5);
            }
        }

        private void Melody(int dt, int energyScaleQ15)
        {
            int rate = MelodyTargetCentiPerMin;
            _credit += (long)dt * rate;
            // Cap: a pause may bank at most one phrase worth (plus one note), so a density rise never bursts.
            long cap = (long)(_phraseLen > 2 ? _phraseLen : 2) * CreditPerNote;
            if (_credit > cap) _credit = cap;
            if (_tMs < _nextMelodyMs) return;
            if (rate == 0) { _phraseLeft = 0; return; }
            if (_phraseLeft == 0)
            {
                // Next phrase: shorter when sparse (2 + rate / 2 per min, within the program's range), and started
                // when the credit reaches half a phrase, so the credit swings symmetrically around zero.
                int max = ProgramProfile.PhraseMaxNotes[_prog], min = ProgramProfile.PhraseMinNotes[_prog];
                int sparseMax = 2 + rate / 200;
                if (max > sparseMax) max = sparseMax;
                if (min > max) min = max;
                if (_phraseLen < min || _phraseLen > max) _phraseLen = _rng.Range(min, max);
                if (_credit < (_phraseLen * CreditPerNote) >> 1) return;
                _phraseLeft = _phraseLen;
            }
            // Register follows brightness and mood: a 9-degree window.
            int moodShift = _preset.Mood == Mood.Warm ? -1 : (_preset.Mood == Mood.Luminous ? 2 : 0);
            int low = -5 + moodShift + ProgramProfile.RegisterShiftDegrees[_prog] + ((_effBrightQ15 * 8) >> 15); // 0..7 degrees ≈ one octave
            if (low < MelodyTable.MinDegree) low = MelodyTable.MinDegree;
            if (low > MelodyTable.MaxDegree - 8) low = MelodyTable.MaxDegree - 8;
            _regLow = low; _regHigh = low + 8;
            int deg = _model.NextDegree(_mask, low, low + 8);
            int six = _model.NextDurSixteenths();
            int beatMs = 6000000 / _sm.TempoCentiBpm;
            int ioiMs = (int)(((long)six * beatMs * ProgramProfile.IoiStretchQ8[_prog]) >> 10); // six/4 beats * stretch/256
            bool first = _phraseLeft == _phraseLen;
            _phraseLeft--;
            bool last = _phraseLeft == 0;
            if (last)
            {
                ioiMs += beatMs; // breathe after a phrase
                int max = ProgramProfile.PhraseMaxNotes[_prog], min = ProgramProfile.PhraseMinNotes[_prog];
                int sparseMax = 2 + rate / 200;
                if (max > sparseMax) max = sparseMax;
                if (min > max) min = max;
                _phraseLen = _rng.Range(min, max); // length of the next phrase, known now so its start can be credit-centred
            }
            _credit -= CreditPerNote;
            _nextMelodyMs = _tMs + ioiMs;

            int gain = (13000 * energyScaleQ15) >> 15;
            gain = (gain * (28000 + (_rng.NextQ15() * 4767 >> 15))) >> 15; // ±7 % humanisation
            if (first || last) gain = (gain * 27853) >> 15;                 // phrase ends 15 % softer
            int attack = 20 + (((32767 - _effBrightQ15) * 160) >> 15);       // darker = softer attack
            int hold = ioiMs >> 1; if (hold > 4000) hold = 4000;
            int release;
            Timbre tb = _melodyTimbre;
            if (tb == Timbre.Flute) { attack += 80; release = 1200 + (ioiMs >> 1); }
            else if (tb == Timbre.Bell) release = 6000;
            else if (tb == Timbre.Pad) { attack += 400; release = 3000; }
            else if (tb == Timbre.Bass) release = 2000;
            else release = 2500;
            // Budget: each envelope segment of a note re-renders one engine loop (~0.5 s). A melody note gets one
            // release segment (≤ 700 ms asks the engine for one); the hold is lengthened by 1/8 of the release removed so the
            // note keeps about its sounding length. Bells, bass and drones keep their long releases.
            if (release > MelodyReleaseMs) { hold += (release - MelodyReleaseMs) >> 3; release = MelodyReleaseMs; }
            _sink.NoteOn(tb, Tuning.FreqHzQ16(_preset.Mood, _preset.KeyRootSemitone, deg), gain, attack, hold, release);
        }

        private void Bell(int energyScaleQ15)
        {
            if (_tMs < _nextBellMs) return;
            _nextBellMs = _tMs + _rng.Range(ProgramProfile.BellMinMs[_prog], ProgramProfile.BellMaxMs[_prog]);
            if (!Instruments.Has(_preset.InstrumentSet, Timbre.Bell) || _effDensQ15 < 2048) return;
            int baseDeg = _regLow + 5;
            int deg = baseDeg;
            for (int tries = 0; tries < 8; tries++)
            {
                deg = baseDeg + _rng.Next(8);
                if (deg != _lastBellDeg && Tuning.InSet(_preset.Mood, deg)) break;
            }
            if (!Tuning.InSet(_preset.Mood, deg)) deg = 7;
            _lastBellDeg = deg;
            int gain = (7000 * energyScaleQ15) >> 15;
            gain = (gain * (28000 + (_rng.NextQ15() * 4767 >> 15))) >> 15; // ±7 % humanisation
            _sink.NoteOn(Timbre.Bell, Tuning.FreqHzQ16(_preset.Mood, _preset.KeyRootSemitone, deg), gain, 4, 200, 9000);
        }

        private void Bass(int energyScaleQ15)
        {
            if (_tMs < _nextBassMs) return;
            _nextBassMs = _tMs + Jitter(BassPeriodMs, 15);
            if (!Instruments.Has(_preset.InstrumentSet, Timbre.Bass) || _effDensQ15 < 6144) return; // off in deep sleep (density < 0.19)
            int deg = Tuning.InSet(_preset.Mood, _chordBassDeg) ? _chordBassDeg : -7; // the sounding chord's bass (learned harmony)
            int gain = (10000 * energyScaleQ15) >> 15;
            gain = (gain * (28000 + (_rng.NextQ15() * 4767 >> 15))) >> 15; // ±7 % humanisation
            _sink.NoteOn(Timbre.Bass, Tuning.FreqHzQ16(_preset.Mood, _preset.KeyRootSemitone, deg), gain, 400, 3000, 5000);
        }

        private void FinishSleep()
        {
            _finished = true;
            _sink.SetMasterLevel(-9600, 2000);
            _sentLevel = -9600;
            for (int s = 0; s < 4; s++) _sink.SetDrone(s, _droneTimbre, Tuning.FreqHzQ16(_preset.Mood, _preset.KeyRootSemitone, ProgramProfile.RootDroneDegree), 0, 2000);
            _sink.SetNoiseBed(_preset.Noise, 0, 2000);
            _sentNoiseGain = 0;
        }

        // ---- helpers ------------------------------------------------------------------------------

        private void ScheduleLayersFromNow()
        {
            long t = _tMs;
            _nextSwellMs = t; _nextChordMs = t; _nextShimmerMs = t;
            _nextMelodyMs = t + 2000;
            _nextBassMs = t + _rng.Range(4000, 12000);
            _nextBellMs = t + _rng.Range(10000, 30000);
        }

        /// <summary>
        /// The next chord from the learned harmony (root and bass in the mood's set, a new root) as the pad tone: one of
        /// the chord's root, third and fifth that lies in -6..-2 (the pad's register), is in the set and differs from the
        /// current pad tone avoid, drawn at random. Sets <see cref="_nextChordBassDeg"/> to the chord's bass (-7..-3, or
        /// -9/-8 for the 6th and 7th degree). A random tone in -6..-2 when none of the chord's tones fits.
        /// </summary>
        private int PickChordDegree(Mood mood, int avoid)
        {
            int root = _harmony.Next(Tuning.DegreeMask(mood), true);
            int bass = _harmony.Bass;
            _nextChordBassDeg = bass <= 4 ? bass - 7 : bass - 14;
            int best = 100, bestDraw = 100;
            for (int c = 0; c < 3; c++)
            {
                int tone = root + 2 * c;
                if (tone >= 7) tone -= 7;
                int d = tone - 7;
                if (d < -6 || d > -2 || d == avoid || !Tuning.InSet(mood, d)) continue;
                int draw = _rng.Next(8);
                if (draw < bestDraw) { bestDraw = draw; best = d; }
            }
            if (best != 100) return best;
            for (int tries = 0; tries < 8; tries++)
            {
                int d = -6 + _rng.Next(5);
                if (d != avoid && Tuning.InSet(mood, d)) return d;
            }
            return avoid == -3 ? -2 : -3; // 5th and 6th are in every set
        }

        /// <summary>period ± percent % (uniform).</summary>
        private int Jitter(int periodMs, int percent)
        {
            int span = periodMs * percent / 100;
            return periodMs - span + _rng.Next(2 * span + 1);
        }

        private void ApplyPreset()
        {
            _mask = Tuning.DegreeMask(_preset.Mood);
            byte set = _preset.InstrumentSet;
            _hasDrone = Instruments.Has(set, Timbre.Pad) || Instruments.Has(set, Timbre.Bass);
            _droneTimbre = Instruments.Has(set, Timbre.Pad) ? Timbre.Pad : Timbre.Bass;
            ChooseMelodyTimbre();
        }

        private void ApplyProgram()
        {
            _prog = ProgramProfile.IndexOf(_program);
            // Melody temperature from the program's model order: order 3 → T = 1 (the learned distribution), 2 → 1.14,
            // 1 → 1.33 (wanders more).
            _model.SetInverseTemperatureQ8(160 + 32 * ProgramProfile.MaxModelOrder[_prog]);
            ChooseMelodyTimbre();
        }

        private void ChooseMelodyTimbre()
        {
            byte set = _preset.InstrumentSet;
            bool pain = _program == ProgramKind.Pain;
            Timbre first = pain ? Timbre.Flute : Timbre.Pluck, second = pain ? Timbre.Pluck : Timbre.Flute;
            if (Instruments.Has(set, first)) _melodyTimbre = first;
            else if (Instruments.Has(set, second)) _melodyTimbre = second;
            else if (Instruments.Has(set, Timbre.Bell)) _melodyTimbre = Timbre.Bell;
            else if (Instruments.Has(set, Timbre.Pad)) _melodyTimbre = Timbre.Pad;
            else _melodyTimbre = Timbre.Bass;
        }
    }
}
