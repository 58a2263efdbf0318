// AudioEngine — public API, the render driver, time and gain helpers, contracts summary.
// The engine is one partial class in five files, one role each (each file starts with its contract):
//   AudioEngine.cs             constants, Init/Start/Stop/SetLevelCapCentiDb/SetMasterLevel, Render (drives ticks,
//                              seams, splices and render jobs on the engine's own sample grid), statistics.
//   AudioEngine.Voices.cs      voice pool, envelopes, brightness, the IVoiceSink note/drone calls, job entries.
//   AudioEngine.LoopStore.cs   steady/transition loops and the render jobs that rewrite them.
//   AudioEngine.NoiseBed.cs    noise bed colour, gain, tilt, splicing.
//   AudioEngine.OutputStage.cs gains per tick, rise limiter, cap, the per-sample mix with rounding and dither.
// Invariants: everything is allocated in the constructor; integer arithmetic only; output depends only on Init's
// rate and seed and on the calls made, never on how Render's blocks are split.
// Rates: API at control rate; ControlTick every 256 samples; OnSeam every 8192 samples (one loop); Mix per sample.

using System;

namespace Bedside.Core.Audio
{
    /// <summary>
    /// The fixed-point audio engine, designed around the interpreter's per-sample budget.
    ///
    /// <para><b>Output format.</b> <see cref="Render"/> writes signed 16-bit little-endian mono PCM (low byte first)
    /// at the sample rate given to <see cref="Init"/> (11025, 16000 default, 22050 Hz).</para>
    ///
    /// <para><b>Period-locked tonal loop.</b> Every tonal frequency is quantized to an integer bin k of the loop grid
    /// fs/N (N = <see cref="LoopLength"/> = 8192; 1.95 Hz at 16 kHz) and every partial is an integer bin, so the sum
    /// of all sustained voices is exactly periodic in N samples. One period is held in the steady loop S
    /// (short[N], Q15) and replayed. Partials are sine-phase, so every voice is 0 at index 0: loops can be switched
    /// at the seam without a step. When voice levels change, a render job (decided at a seam, rendered chunk by
    /// chunk behind the playhead during the second half of the next loop period, each d(i) also written at its mirror
    /// N − i since d is odd about the loop) computes the change d(i) = Σ Δamp·sin(2π·bin·i/N)
    /// of the changed partials only, and writes the transition loop T(i) = S(i) + d(i)·i/N (a linear crossfade
    /// across one loop; or across the first 256 samples for fast attacks) and S(i) += d(i). T plays once, then S.
    /// Envelopes are therefore piecewise linear with one segment per loop (512 ms at 16 kHz): attack 1–2
    /// segments, release 1–2 segments, hold a whole number of loops. A change requested during loop s is
    /// heard from loop s+2 (latency ≤ 2 loops). Aliasing is impossible: a partial above 0.45·fs is not rendered.</para>
    ///
    /// <para><b>Noise bed.</b> Pre-rendered circular pink / brown tables (N samples, DC-free) read contiguously;
    /// periodicity is broken by splicing, after a random run of 1024–4095 samples, from an upward zero crossing to
    /// another random upward zero crossing (value-continuous). Ocean = brown bed with a slow swell (period 8–14 s).</para>
    ///
    /// <para><b>Final loop</b> (per output sample, the only per-sample work besides render jobs):
    /// out = (tone·gT + noise·gN + r) &gt;&gt; 15, with gT and gN linear per-sample ramps recomputed every engine tick
    /// (<see cref="TickSamples"/> samples) from the master level, the start/stop ramp, the level cap and the noise
    /// gain (each rising at most 6 dB/s), then packed to bytes; r rounds, with TPDF dither while the tones play alone.
    /// Hard cap by construction: |tone|, |noise| ≤ 32767 and gT + gN ≤ capQ15 − <see cref="CapMarginQ15"/>, so
    /// |out| ≤ capQ15 whatever the inputs; the tonal bus keeps headroom (Σ voice gains ≤ 0.9) so S never wraps.</para>
    ///
    /// <para>All arrays are allocated in the constructor (sizes independent of the sample rate); nothing allocates
    /// afterwards. Deterministic: integer arithmetic only, randomness from <see cref="Rng"/> seeded in Init.</para>
    /// </summary>
    public sealed partial class AudioEngine : IVoiceSink
    {
        /// <summary>Loop length N in samples (<see cref="Runtime.Rates.LoopSamples"/>), for every sample rate.</summary>
        public const int LoopLength = Runtime.Rates.LoopSamples;
        /// <summary>N - 1.</summary>
        public const int LoopMask = LoopLength - 1;
        /// <summary>log2 N.</summary>
        public const int LoopShift = Runtime.Rates.LoopShift;
        /// <summary>Engine tick length in samples (<see cref="Runtime.Rates.EngineTickSamples"/>, 16 ms at 16 kHz). Divides N, so seams fall on ticks.</summary>
        public const int TickSamples = Runtime.Rates.EngineTickSamples;
        /// <summary>Tonal voices (drones and notes share the pool).</summary>
        public const int MaxVoices = 8;
        /// <summary>Drone slots addressed by <see cref="SetDrone"/>.</summary>
        public const int DroneSlots = 4;
        /// <summary>Default sample rate, Hz (<see cref="Runtime.Rates.DefaultSampleRateHz"/>).</summary>
        public const int DefaultSampleRate = Runtime.Rates.DefaultSampleRateHz;
        /// <summary>Sum of tonal voice gains is kept at or below this (0.9), Q15, so the loop never overflows.</summary>
        public const int HeadroomQ15 = 29491;
        /// <summary>Brightness is quantized to this many steps for the tonal partials.</summary>
        public const int BrightLevels = 8;
        /// <summary>Fast attack ramp: 256 samples (16 ms at 16 kHz).</summary>
        public const int FastRampShift = 8;
        /// <summary>Level cap range, hundredths of a dB.</summary>
        public const int MinCapCentiDb = -9600, MaxCapCentiDb = 0, DefaultCapCentiDb = -600;
        /// <summary>
        /// Gain margin kept below the cap, Q15: rounding and dither add at most 1.5 LSB before the floor and the tone/noise
        /// split truncates one LSB off the capped gain, so a full-scale tonal bus peaks at cap − CapMarginQ15. The cap
        /// would hold with 0; 2 keeps two LSB spare (LevelCapTests writes a full-scale bus to check the bound).
        /// </summary>
        public const int CapMarginQ15 = 2;
        /// <summary>Noise gain (Q15) from which the bed (pink RMS ≈ 8400, brown ≈ 10500 of 32767) is ≥ 2 LSB RMS and dithers the mix.</summary>
        public const int NoiseDitherMinGainQ15 = 8;
        /// <summary>The fastest any output gain may rise, hundredths of a dB per second of rendered audio (6 dB/s).</summary>
        public const int MaxRiseCentiDbPerS = 600;
        /// <summary>
        /// A gain rising from exact silence may start at up to this gain, Q15 (−45 dB: peaks ≤ 184 LSB; a pink bed at this gain is
        /// about −56 dB of full scale RMS), then 6 dB/s. At the factory maximum level a Noise session's bed starts about 26 dB below its
        /// listening level and is within 6 dB of it about 4 s later (measured by CueLevelTests).
        /// </summary>
        public const int RiseFloorQ15 = 184;

        private const int PhOff = 0, PhAttack = 1, PhHold = 2, PhRelease = 3, PhSustain = 4;
        private const int P = Timbres.Partials;

        // ---- configuration
        private int _fs;
        private bool _ready;
        private readonly Rng _rng = new Rng(1);

        // ---- playhead: position in the loop (seams at 0), in the control tick, samples since Init
        private int _playPos;
        private int _tickPos;
        private long _samples;

        // ---- statistics (seam rate only)
        private long _statRiseLimited;
        private long _statLoops, _statJobLoops, _statJobVoices, _statJobPartials, _statBrightSteps;

        /// <summary>Allocates every buffer (≈ 33 KB of arrays plus the shared tables). Call <see cref="Init"/> next.</summary>
        public AudioEngine()
        {
            // TPDF dither in the mix's Q15·Q15 units (32768 = 1 LSB of output): u1 + u2 with u uniform in [-0.5, 0.5) LSB,
            // plus 0.5 LSB so the >> 15 rounds to nearest. The table's mean is removed exactly (no DC from the dither).
            var r = new Rng(0xD17E);
            int len = _dither.Length;
            long sum = 0;
            for (int k = 0; k < len; k++)
            {
                int u = (r.Next(32768) - 16384) + (r.Next(32768) - 16384);
                _dither[k] = u;
                sum += u;
            }
            int mean = (int)(sum / len);
            for (int k = 0; k < len; k++) _dither[k] = _dither[k] - mean + 16384;
        }

        /// <summary>
        /// Reset all state for sampleRate (11025, 16000 or 22050 Hz; anything else throws ArgumentException) and
        /// seed (the noise splices and ocean swell). The engine starts stopped and silent; call <see cref="Start"/>.
        /// </summary>
        public void Init(int sampleRate, uint seed)
        {
            if (sampleRate != 11025 && sampleRate != 16000 && sampleRate != 22050)
                throw new ArgumentException("sample rate must be 11025, 16000 or 22050 Hz");
            _fs = sampleRate;
            _rng.Seed(seed);
            Array.Clear(_steady, 0, LoopLength);
            Array.Clear(_trans, 0, LoopLength);
            _jobCount = 0; _jobActive = false; _jobFastOnly = false; _jobAnyFast = false; _playTrans = false; _transFirstTickOnly = false; _toneSilent = true; _busZero = true; _playPos = 0; _tickPos = 0; _samples = 0;
            _statRiseLimited = 0; _statLoops = 0; _statJobLoops = 0; _statJobVoices = 0; _statJobPartials = 0; _statBrightSteps = 0;
            for (int v = 0; v < MaxVoices; v++) FreeVoice(v);
            for (int s = 0; s < DroneSlots; s++) _droneVoice[s] = -1;
            _brightLevel = BrightLevels / 2; _brightTarget = _brightLevel; _brightLoopsPerStep = 1; _brightWait = 0;
            _noiseTiltQ15 = 0;
            SelectNoise((int)NoiseColor.Pink); _noiseColor = (int)NoiseColor.Off;
            _noiseGain.Reset(0);
            _colorSwitching = false; _pendingColor = 0; _pendingGainQ15 = 0; _pendingTicks = 1;
            _oceanPhaseQ32 = 0; NewOceanPeriod();
            _master.Reset(Gain.CentiDbToQ15(-2000));
            _run.Reset(0);
            _capCentiDb = DefaultCapCentiDb;
            _cap.Reset(Gain.CentiDbToQ15(_capCentiDb));
            _gT = 0; _gN = 0; _dT = 0; _dN = 0; _gTEnd = 0; _gNEnd = 0;
            _tonePowerLsb2 = 0;
            _limTQ31 = 0; _limNQ31 = 0;
            // per-tick rise factor 10^(6 dB/s · tick / 20), Q16
            _riseQ16 = (int)((65536L * 32767) / Gain.CentiDbToQ15(-(int)((MaxRiseCentiDbPerS * (long)TickSamples) / sampleRate)));
            _ditherRng.Seed(seed ^ 0xD1u); _ditherPos = 0;
            _ready = true;
        }

        /// <summary>Sample rate in Hz.</summary>
        public int SampleRate { get { return _fs; } }

        /// <summary>Loop periods started since Init (statistics).</summary>
        public long StatLoops { get { return _statLoops; } }
        /// <summary>Loop periods that carried a render job since Init (statistics: the engine's main variable cost).</summary>
        public long StatJobLoops { get { return _statJobLoops; } }
        /// <summary>Voice entries summed over all render jobs since Init (each costs one pass over a loop).</summary>
        public long StatJobVoices { get { return _statJobVoices; } }
        /// <summary>Partials rendered summed over all render jobs since Init.</summary>
        public long StatJobPartials { get { return _statJobPartials; } }
        /// <summary>Brightness level steps applied since Init (each re-renders every sounding voice).</summary>
        public long StatBrightSteps { get { return _statBrightSteps; } }

        /// <summary>Control ticks since Init in which the 6 dB/s rise limit held a gain below what was asked (statistics).</summary>
        public long StatRiseLimitedTicks { get { return _statRiseLimited; } }

        /// <summary>Tone-bus output gain as the rise limiter holds it (Q15 &lt;&lt; 16), at the end of the current engine tick.</summary>
        public long ToneGainQ31 { get { return _limTQ31; } }

        /// <summary>Noise-bed output gain as the rise limiter holds it (Q15 &lt;&lt; 16), at the end of the current engine tick.</summary>
        public long NoiseGainQ31 { get { return _limNQ31; } }

        /// <summary>
        /// The tone-bus gain, Q15, the output stage settles at with the master at masterCentiDb (clamped ≤ 0) and the engine
        /// running, at the current cap, with the bed at the gain it is gliding to (after a colour change, the new colour's)
        /// and the ocean's swell where it is now. Compare with <see cref="ToneGainQ31"/> to see how far a fade (or a glide
        /// of the bed's share) holds the tone bus from that gain.
        /// </summary>
        public int ToneGainAtMasterQ15(int masterCentiDb)
        {
            if (masterCentiDb > 0) masterCentiDb = 0;
            int gM = Gain.CentiDbToQ15(masterCentiDb);
            int capSafe = _cap.ValueQ15 - CapMarginQ15;
            if (capSafe < 0) capSafe = 0;
            if (gM > capSafe) gM = capSafe;
            int ng = _colorSwitching ? _pendingGainQ15 : _noiseGain.TargetQ15;
            if (_colorSwitching ? _pendingColor == (int)NoiseColor.Ocean : _noiseColor == (int)NoiseColor.Ocean) ng = (ng * _swellQ15) >> 15;
            return (gM * (32767 - ng)) >> 15;
        }

        /// <summary>Samples until the next loop seam, where envelopes advance (0 when the seam is the next sample rendered).</summary>
        public int SamplesToNextSeam { get { return (LoopLength - _playPos) & LoopMask; } }

        /// <summary>Samples rendered since Init.</summary>
        public long SamplesRendered { get { return _samples; } }

        /// <summary>Frequency grid step, Hz Q16.16: fs·65536/N. Frequencies are rounded to multiples of it.</summary>
        public int GridHzQ16 { get { return (int)(((long)_fs << 16) / LoopLength); } }

        /// <summary>True when stopped and the stop ramp has finished (output is exact zeros).</summary>
        public bool IsSilent { get { return _run.ValueQ15 == 0 && !_run.Moving; } }

        /// <summary>Current level cap, hundredths of a dB.</summary>
        public int LevelCapCentiDb { get { return _capCentiDb; } }

        /// <summary>Start (or resume) output: the run gain ramps 0 → 1 over rampMs (clamped 10..3600000, as every ramp: see RampTicks).</summary>
        public void Start(int rampMs) { _run.Set(32767, RampTicks(rampMs)); }

        /// <summary>Stop output: the run gain ramps to 0 over rampMs (clamped 10..3600000); voices keep their state.</summary>
        public void Stop(int rampMs) { _run.Set(0, RampTicks(rampMs)); }

        /// <summary>
        /// Hard level cap in hundredths of a dB (clamped -9600..0, -9600 = silence; default -600). Output samples never
        /// exceed 32767·10^(cap/2000) in magnitude; a lowered cap holds at the sample level from the end of the next
        /// engine tick (≤ 2·256 samples, 32 ms at 16 kHz); a raised cap only allows the level to rise (at ≤ 6 dB/s).
        /// </summary>
        public void SetLevelCapCentiDb(int capCentiDb)
        {
            if (capCentiDb < MinCapCentiDb) capCentiDb = MinCapCentiDb;
            if (capCentiDb > MaxCapCentiDb) capCentiDb = MaxCapCentiDb;
            _capCentiDb = capCentiDb;
            _cap.Set(Gain.CentiDbToQ15(capCentiDb), 1);
        }
        /// <summary>Master level in hundredths of a dB (clamped -9600..0; -9600 = silence) over rampMs (clamped 10..3600000). The cap always applies on top.</summary>
        public void SetMasterLevel(int levelCentiDb, int rampMs)
        {
            _master.Set(Gain.CentiDbToQ15(levelCentiDb), RampTicks(rampMs));
        }

        // =====================================================================================
        // Audio rate
        // =====================================================================================

        /// <summary>
        /// Render sampleCount samples of signed 16-bit LE mono PCM into dst[offset .. offset + 2·sampleCount).
        /// Control ticks, seams and render jobs happen inside, on the engine's own sample grid, so the output does
        /// not depend on how the caller splits blocks. Throws on a null buffer or a range outside it, or before Init.
        /// </summary>
        public void Render(byte[] dst, int offset, int sampleCount)
        {
            if (dst == null) throw new ArgumentNullException("dst");
            if (offset < 0 || sampleCount < 0 || offset > dst.Length || sampleCount > (dst.Length - offset) / 2)
                throw new ArgumentOutOfRangeException("sampleCount", "range outside dst");
            if (!_ready) throw new InvalidOperationException("Init first");
            int j = offset;
            int remaining = sampleCount;
            while (remaining > 0)
            {
                if (_tickPos == 0)
                {
                    if (_playPos == 0) OnSeam();
                    ControlTick();
                }
                int n = TickSamples - _tickPos;
                if (n > remaining) n = remaining;
                bool noise = _gN != 0 || _dN != 0;
                if (noise)
                {
                    if (_noisePos == _spliceAt) NextNoiseSegment();
                    int toSplice = (_spliceAt - _noisePos) & LoopMask;
                    if (toSplice == 0) toSplice = LoopLength;
                    if (n > toSplice) n = toSplice;
                    int toWrap = LoopLength - _noisePos;
                    if (n > toWrap) n = toWrap;
                }
                Mix(dst, j, n, noise);
                if (_jobActive) RenderJob(_playPos, n);
                j += 2 * n;
                remaining -= n;
                _samples += n;
                _tickPos = (_tickPos + n) & (TickSamples - 1);
                _playPos = (_playPos + n) & LoopMask;
            }
        }

        private static int ClampGain(int g, int max)
        {
            if (g < 0) g = 0;
            if (g > 32767) g = 32767;
            if (g > max) g = max;
            return g;
        }


        private int LoopMs() { return (int)((LoopLength * 1000L) / _fs); }

        /// <summary>Whole loops in ms (rounded), clamped 0..3600000 ms.</summary>
        private int Loops(int ms)
        {
            if (ms < 0) ms = 0;
            if (ms > 3600000) ms = 3600000;
            return (int)(((long)ms * _fs + LoopLength * 500L) / (LoopLength * 1000L));
        }

        /// <summary>Envelope segments (1 loop each) for ms: round(ms / loopMs) clamped 1..max.</summary>
        private int Segments(int ms, int max)
        {
            int s = Loops(ms);
            if (s < 1) s = 1;
            if (s > max) s = max;
            return s;
        }

        /// <summary>ms (clamped 10..3600000, one hour; callers ask at most 60 s) → control ticks, rounded up.</summary>
        private int RampTicks(int ms)
        {
            if (ms < 10) ms = 10;
            if (ms > 3600000) ms = 3600000;
            int fs = _fs == 0 ? DefaultSampleRate : _fs;
            long t = ((long)ms * fs + TickSamples * 1000L - 1) / (TickSamples * 1000L);
            return t < 1 ? 1 : (int)t;
        }

    }
}
