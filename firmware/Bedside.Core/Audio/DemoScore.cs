namespace Bedside.Core.Audio
{
    /// <summary>
    /// A fixed, seeded demo score per program, a fixed reference the budget meter and the golden-hash tests drive
    /// the engine with (the product's music comes from Composer.MusicComposer; this score never changes, so its
    /// hashes pin the engine's output). Just-intonation pentatonic on a root of 24 grid bins
    /// (every ratio 1, 9/8, 5/4, 3/2, 5/3, 2 lands exactly on the loop grid). Event rates: Sleep — two drones,
    /// brown bed, a note every 14–24 s, fades out over the last minute of a 10-minute timer; Calm — two drones,
    /// pink bed, a note every 8–14 s; Pain — one drone, a melody note every 3–5 s; Noise — pink bed with slow
    /// level and brightness drift, then ocean.
    /// </summary>
    public sealed class DemoScore : IAudioProgramDriver
    {
        private static readonly int[] RatioNum = { 1, 9, 5, 3, 5, 2 };
        private static readonly int[] RatioDen = { 1, 8, 4, 2, 3, 1 };

        private readonly AudioEngine _engine;
        private readonly Rng _rng;
        private readonly ProgramKind _program;
        private readonly int _rootHzQ16;
        private long _nextNoteMs;
        private long _nextDriftMs;
        private bool _started;
        private bool _fading;

        /// <summary>engine must be Init-ed. Root = 24·(the engine's grid step)·(2 at 11025/16000 Hz, 1 at 22050): ≈ 94 Hz at 16 kHz.</summary>
        public DemoScore(AudioEngine engine, ProgramKind program, uint seed)
        {
            _engine = engine;
            _program = program;
            _rng = new Rng(seed);
            int mult = engine.SampleRate == 22050 ? 24 : 48;
            _rootHzQ16 = engine.GridHzQ16 * mult;
        }

        /// <summary>The frequency of scale degree d (0..5) in octave o (0..3) above the root, Hz Q16.16: root·num/den·2^o.</summary>
        public int DegreeHzQ16(int degree, int octave)
        {
            long f = (long)_rootHzQ16 * RatioNum[degree] / RatioDen[degree];
            return (int)(f << octave);
        }

        /// <inheritdoc/>
        public void Tick(long nowMs)
        {
            if (!_started)
            {
                _started = true;
                _engine.SetMasterLevel(-1200, 200);
                _engine.Start(2000);
                _engine.SetBrightness(12000, 1000);
                switch (_program)
                {
                    case ProgramKind.Sleep:
                        _engine.SetDrone(0, Timbre.Pad, DegreeHzQ16(0, 1), 7000, 4000);
                        _engine.SetDrone(1, Timbre.Pad, DegreeHzQ16(3, 1), 5000, 4000);
                        _engine.SetNoiseBed(NoiseColor.Brown, 6000, 3000);
                        break;
                    case ProgramKind.Calm:
                        _engine.SetDrone(0, Timbre.Pad, DegreeHzQ16(0, 1), 7000, 3000);
                        _engine.SetDrone(1, Timbre.Bass, DegreeHzQ16(0, 0), 6000, 3000);
                        _engine.SetNoiseBed(NoiseColor.Pink, 3000, 3000);
                        break;
                    case ProgramKind.Pain:
                        _engine.SetDrone(0, Timbre.Pad, DegreeHzQ16(0, 1), 6000, 2000);
                        break;
                    default:
                        _engine.SetNoiseBed(NoiseColor.Pink, 20000, 3000);
                        break;
                }
                _nextNoteMs = nowMs + 3000;
                _nextDriftMs = nowMs + 20000;
            }
            if (_program != ProgramKind.Noise && nowMs >= _nextNoteMs)
            {
                int deg = _rng.Next(6);
                int oct = 1 + _rng.Next(2);
                if (_program == ProgramKind.Pain)
                {
                    _engine.NoteOn(_rng.Next(2) == 0 ? Timbre.Pluck : Timbre.Flute, DegreeHzQ16(deg, oct), 9000, 10, 600, 700);
                    _nextNoteMs = nowMs + _rng.Range(3000, 5000);
                }
                else
                {
                    Timbre t = _rng.Next(3) == 0 ? Timbre.Bell : Timbre.Pluck;
                    _engine.NoteOn(t, DegreeHzQ16(deg, oct), 8000, 10, 1000, 3000);
                    _nextNoteMs = nowMs + (_program == ProgramKind.Sleep ? _rng.Range(14000, 24000) : _rng.Range(8000, 14000));
                }
            }
            if (nowMs >= _nextDriftMs)
            {
                _nextDriftMs = nowMs + 20000;
                _engine.SetBrightness(_rng.Range(4000, 20000), 10000);
                if (_program == ProgramKind.Noise)
                    _engine.SetNoiseBed(_rng.Next(3) == 0 ? NoiseColor.Ocean : NoiseColor.Pink, _rng.Range(12000, 24000), 8000);
                else
                    _engine.SetMasterLevel(-1200 - _rng.Next(400), 8000);
            }
            if (_program == ProgramKind.Sleep && !_fading && nowMs >= 540000)
            {
                _fading = true;
                _engine.Stop(60000);
            }
        }
    }
}
