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
    /// out = (tone·gT + noise·gN) &gt;&gt; 15, with gT and gN linear per-sample ramps recomputed every engine tick
    /// (<see cref="TickSamples"/> samples) from the master level, the start/stop ramp, the level cap and the noise
    /// gain, then packed to bytes. Hard cap by construction: |tone|, |noise| ≤ 32767 and gT + gN ≤ capQ15, so
    /// |out| ≤ capQ15 whatever the inputs; the tonal bus keeps headroom (Σ voice gains ≤ 0.9) so S never wraps.</para>
    ///
    /// <para>All arrays are allocated in the constructor (sizes independent of the sample rate); nothing allocates
    /// afterwards. Deterministic: integer arithmetic only, randomness from <see cref="Rng"/> seeded in Init.</para>
    /// </summary>
    public sealed class AudioEngine : IVoiceSink
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
        /// Gain margin kept below the cap, Q15: |out| ≤ gT + gN + 1 LSB (rounding and dither add at most 1.5 LSB before
        /// the floor), so gT + gN ≤ cap − 2 keeps every sample at or below the cap.
        /// </summary>
        public const int CapMarginQ15 = 2;
        /// <summary>Noise gain (Q15) from which the bed (pink RMS ≈ 8400, brown ≈ 10500 of 32767) is ≥ 2 LSB RMS and dithers the mix.</summary>
        public const int NoiseDitherMinGainQ15 = 8;
        /// <summary>The fastest any output gain may rise, hundredths of a dB per second of rendered audio (6 dB/s).</summary>
        public const int MaxRiseCentiDbPerS = 600;
        /// <summary>A gain rising from exact silence may start at up to this gain, Q15 (−60 dB: peaks ≤ 33 LSB), then 6 dB/s.</summary>
        public const int RiseFloorQ15 = 33;

        private const int PhOff = 0, PhAttack = 1, PhHold = 2, PhRelease = 3, PhSustain = 4;
        private const int P = Timbres.Partials;

        // ---- configuration
        private int _fs;
        private bool _ready;
        private readonly Rng _rng = new Rng(1);

        // ---- tonal loop (S steady, T transition), render job
        private readonly short[] _steady = new short[LoopLength];
        private readonly short[] _trans = new short[LoopLength];
        private readonly int[] _dSlow = new int[TickSamples];
        private readonly int[] _dFast = new int[TickSamples];
        private readonly int[] _jobBin = new int[MaxVoices * P];
        private readonly int[] _jobOldQ15 = new int[MaxVoices * P];
        private readonly int[] _jobNewQ15 = new int[MaxVoices * P];
        private readonly bool[] _jobFast = new bool[MaxVoices];
        private readonly int[] _jobPartials = new int[MaxVoices];
        private readonly int[] _jobSign = new int[MaxVoices]; // +1: voice starts from silence, -1: ends in silence, 0: both sides sound
        private int _jobCount;
        private bool _jobActive;
        private bool _jobFastOnly;
        private bool _jobAnyFast;
        private bool _playTrans;
        private bool _transFirstTickOnly;
        private bool _toneSilent;
        private bool _busZero; // the tonal bus plays exact zeros (S cleared, no transition loop yet): its gain may jump
        private int _playPos;
        private int _tickPos;
        private long _samples;

        // ---- voices
        private readonly int[] _vPhase = new int[MaxVoices];
        private readonly int[] _vTimbre = new int[MaxVoices];
        private readonly int[] _vBin = new int[MaxVoices];
        private readonly int[] _vLevelQ15 = new int[MaxVoices];
        private readonly int[] _vTargetQ15 = new int[MaxVoices];
        private readonly int[] _vSegLeft = new int[MaxVoices];
        private readonly int[] _vHoldLeft = new int[MaxVoices];
        private readonly int[] _vRelSegs = new int[MaxVoices];
        private readonly bool[] _vFast = new bool[MaxVoices];
        private readonly bool[] _vDrone = new bool[MaxVoices];
        private readonly int[] _vAmpQ15 = new int[MaxVoices * P];
        private readonly int[] _droneVoice = new int[DroneSlots];

        // ---- brightness (tonal partial mix)
        private int _brightLevel;
        private int _brightTarget;
        private int _brightLoopsPerStep;
        private int _brightWait;

        // ---- noise bed
        private short[] _noiseTab;
        private int _noiseColor;
        private int _noisePos;
        private int _spliceAt;
        private long _dcAcc;      // offset c of the current segment: output integral = c + prefix sum of the table at the read position
        private bool _nextDark;   // the next segment reads the brown table
        private int _nextStart;   // the next segment's start crossing (index into its crossing list)
        private int _noiseTiltQ15; // share of a pink bed's segments read from the brown table
        private readonly LinearRamp _noiseGain = new LinearRamp();
        private int _pendingColor;
        private int _pendingGainQ15;
        private int _pendingTicks;
        private bool _colorSwitching;
        private uint _oceanPhaseQ32;
        private uint _oceanIncQ32;

        // ---- master path
        private readonly LinearRamp _master = new LinearRamp();
        private readonly LinearRamp _run = new LinearRamp();
        private readonly LinearRamp _cap = new LinearRamp();
        private int _capCentiDb;
        private long _limTQ31, _limNQ31; // slew limiter state of the tone and noise gains, Q15 << 16
        private int _riseQ16;
        private int _gT, _gN, _dT, _dN, _gTEnd, _gNEnd;

        // ---- output stage: TPDF dither + rounding, read contiguously from a random start every control tick
        private const int DitherSpan = 1024;
        private readonly int[] _dither = new int[DitherSpan + TickSamples];
        private readonly Rng _ditherRng = new Rng(0x5EED);
        private int _ditherPos;

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

        /// <summary>Samples rendered since Init.</summary>
        public long SamplesRendered { get { return _samples; } }

        /// <summary>Frequency grid step, Hz Q16.16: fs·65536/N. Frequencies are rounded to multiples of it.</summary>
        public int GridHzQ16 { get { return (int)(((long)_fs << 16) / LoopLength); } }

        /// <summary>True when stopped and the stop ramp has finished (output is exact zeros).</summary>
        public bool IsSilent { get { return _run.ValueQ15 == 0 && !_run.Moving; } }

        /// <summary>Current level cap, hundredths of a dB.</summary>
        public int LevelCapCentiDb { get { return _capCentiDb; } }

        /// <summary>Start (or resume) output: the run gain ramps 0 → 1 over rampMs (clamped 10..600000).</summary>
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

        // =====================================================================================
        // IVoiceSink (control rate)
        // =====================================================================================

        /// <summary>
        /// Start a note: freq clamped 20 Hz..0.45·fs and rounded to the loop grid; gain Q15 clamped to 0..32767 and
        /// then to the free tonal headroom; attack &lt; half a loop = fast (256-sample) ramp, else 1–2 loop segments;
        /// hold rounded to whole loops (0..3600000 ms); release 1–2 loop segments. Returns false when no voice is
        /// free or less than 1 % headroom is left.
        /// </summary>
        public bool NoteOn(Timbre timbre, int freqHzQ16, int gainQ15, int attackMs, int holdMs, int releaseMs)
        {
            if (!_ready) return false;
            int v = AllocVoice();
            if (v < 0) return false;
            int g = ClampGain(gainQ15, FreeHeadroom());
            if (g < 328) return false;
            int t = ClampTimbre((int)timbre);
            _vTimbre[v] = t;
            _vBin[v] = FreqToBin(freqHzQ16);
            _vDrone[v] = false;
            _vTargetQ15[v] = g;
            _vLevelQ15[v] = 0;
            _vFast[v] = attackMs < LoopMs() / 2;
            _vSegLeft[v] = _vFast[v] ? 1 : Segments(attackMs, 2);
            _vHoldLeft[v] = Loops(holdMs);
            _vRelSegs[v] = GlideSegments(g, Segments(releaseMs, 2)); // quiet notes release in one segment
            _vPhase[v] = PhAttack;
            return true;
        }

        /// <summary>
        /// Drone slot 0..3 (others ignored): glide to gain over rampMs (1–3 loop segments, and at most one segment per
        /// started 1/4 of full scale of gain change: see GlideSegments). The same grid bin and
        /// timbre glide in place; a new pitch or timbre crossfades (old voice releases while the new one attacks).
        /// gain 0 fades the slot out.
        /// </summary>
        public void SetDrone(int slot, Timbre timbre, int freqHzQ16, int gainQ15, int rampMs)
        {
            if (!_ready || slot < 0 || slot >= DroneSlots) return;
            int t = ClampTimbre((int)timbre);
            int bin = FreqToBin(freqHzQ16);
            int segs = Segments(rampMs, 3);
            int v = _droneVoice[slot];
            if (v >= 0 && (_vPhase[v] == PhOff || _vPhase[v] == PhRelease)) v = -1;
            if (v >= 0 && _vBin[v] == bin && _vTimbre[v] == t)
            {
                int g = ClampGain(gainQ15, FreeHeadroom() + _vTargetQ15[v]);
                if (g == 0) { _vPhase[v] = PhRelease; _vSegLeft[v] = GlideSegments(_vLevelQ15[v], segs); _droneVoice[slot] = -1; return; }
                if (g == _vTargetQ15[v] && _vLevelQ15[v] == g) return; // nothing to glide
                _vTargetQ15[v] = g; _vPhase[v] = PhAttack; _vSegLeft[v] = GlideSegments(g - _vLevelQ15[v], segs);
                return;
            }
            if (v >= 0) { _vPhase[v] = PhRelease; _vSegLeft[v] = GlideSegments(_vLevelQ15[v], segs); _droneVoice[slot] = -1; }
            if (gainQ15 <= 0) return;
            int nv = AllocVoice();
            if (nv < 0) return;
            int ng = ClampGain(gainQ15, FreeHeadroom());
            if (ng < 328) return;
            _vTimbre[nv] = t; _vBin[nv] = bin; _vDrone[nv] = true; _vFast[nv] = false;
            _vTargetQ15[nv] = ng; _vLevelQ15[nv] = 0; _vSegLeft[nv] = GlideSegments(ng, segs); _vPhase[nv] = PhAttack;
            _droneVoice[slot] = nv;
        }

        /// <summary>Noise bed colour and gain (Q15 clamped 0..32767) over rampMs; a colour change fades out over half the ramp, switches, fades in.</summary>
        public void SetNoiseBed(NoiseColor color, int gainQ15, int rampMs)
        {
            if (!_ready) return;
            int c = (int)color;
            if (c < 0 || c > 3) c = 0;
            int g = c == 0 ? 0 : ClampGain(gainQ15, 32767);
            int ticks = RampTicks(rampMs);
            if (c == _noiseColor || c == 0 || _noiseGain.ValueQ15 == 0 && !_noiseGain.Moving)
            {
                if (c != 0 && c != _noiseColor) { SelectNoise(c); }
                _colorSwitching = false;
                _noiseGain.Set(g, ticks);
                return;
            }
            _colorSwitching = true;
            _pendingColor = c; _pendingGainQ15 = g;
            _pendingTicks = ticks / 2 < 1 ? 1 : ticks / 2;
            _noiseGain.Set(0, _pendingTicks);
        }

        /// <summary>
        /// Colour tilt of a pink bed (Q15, clamped 0..32767): each new segment of the bed is read from the brown table with
        /// probability darkQ15/32768, else from the pink one (both tables are spliced at upward zero crossings, so a change
        /// of table is as continuous as any splice). The bed's mean spectrum moves from pink to brown with no per-sample work.
        /// </summary>
        public void SetNoiseTilt(int darkQ15)
        {
            if (!_ready) return;
            _noiseTiltQ15 = ClampGain(darkQ15, 32767);
        }

        /// <summary>Brightness Q15 (clamped 0..32767) → partial mix of all voices, in 8 steps spread over rampMs (≥ 1 loop per step).</summary>
        public void SetBrightness(int brightnessQ15, int rampMs)
        {
            if (!_ready) return;
            int b = ClampGain(brightnessQ15, 32767);
            _brightTarget = (b * BrightLevels + 16384) >> 15;
            int steps = _brightTarget - _brightLevel; if (steps < 0) steps = -steps;
            if (steps == 0) return;
            int loops = Loops(rampMs);
            _brightLoopsPerStep = loops / steps < 1 ? 1 : loops / steps;
            _brightWait = 0;
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

        /// <summary>
        /// The output stage, the final per-sample loop: out = (tone·gT + noise·gN + r) &gt;&gt; 15, packed LE. The narrowing to
        /// 16 bits always rounds (r includes half an LSB: no DC offset). Tone alone: r is TPDF dither (the sum of two
        /// independent uniform values, ±1 LSB peak) plus half an LSB, so the rounding error is noise independent of the
        /// signal (no harmonic distortion however quiet the music or the fade). With a noise bed of ≥ 2 LSB RMS
        /// (gN ≥ NoiseDitherMinGainQ15) the bed itself is a Gaussian dither far above the 0.5 LSB it takes, and r is the
        /// rounding constant only; a quieter bed under music is left out (the TPDF dither replaces it). Unrolled by 8 (then 4, then 1); the gains step every
        /// 4 samples by 4·d (same straight line as a per-sample ramp, sampled every 4th sample), so every gain stays
        /// between the tick's endpoints. Variants: silent (Array.Clear), tone only, noise only, both (steady or ramped).
        /// </summary>
        private void Mix(byte[] dst, int j, int n, bool noise)
        {
            int gT = _gT, dT = _dT;
            int i = _playPos;
            // a fast-only job's transition differs from the new steady loop only in its first tick
            short[] tone = _playTrans && (!_transFirstTickOnly || i < TickSamples) ? _trans : _steady;
            bool toneSilent = _toneSilent || (gT == 0 && dT == 0);
            int octs = n >> 3;
            bool four = (n & 4) != 0;
            int rest = n & 3;
            int[] dz = _dither;
            int z = _ditherPos;
            _ditherPos = z + n;
            if (noise && !toneSilent && _gN < NoiseDitherMinGainQ15 && _gN + _dN * n < NoiseDitherMinGainQ15)
            {
                // a bed quieter than ≈ 2 LSB RMS is not mixed under the music (the TPDF dither replaces it); it stays on its line
                _gN += _dN * n;
                int mm = _noisePos + n;
                _noisePos = mm >= LoopLength ? mm - LoopLength : mm;
                noise = false;
            }
            if (!noise)
            {
                if (toneSilent) { Array.Clear(dst, j, 2 * n); _gT = gT + dT * n; return; }
                int dT4 = dT << 2;
                for (int q = 0; q < octs; q++)
                {
                    int s0 = (tone[i] * gT + dz[z]) >> 15;
                    int s1 = (tone[i + 1] * gT + dz[z + 1]) >> 15;
                    int s2 = (tone[i + 2] * gT + dz[z + 2]) >> 15;
                    int s3 = (tone[i + 3] * gT + dz[z + 3]) >> 15;
                    gT += dT4;
                    int s4 = (tone[i + 4] * gT + dz[z + 4]) >> 15;
                    int s5 = (tone[i + 5] * gT + dz[z + 5]) >> 15;
                    int s6 = (tone[i + 6] * gT + dz[z + 6]) >> 15;
                    int s7 = (tone[i + 7] * gT + dz[z + 7]) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    dst[j + 8] = (byte)s4; dst[j + 9] = (byte)(s4 >> 8);
                    dst[j + 10] = (byte)s5; dst[j + 11] = (byte)(s5 >> 8);
                    dst[j + 12] = (byte)s6; dst[j + 13] = (byte)(s6 >> 8);
                    dst[j + 14] = (byte)s7; dst[j + 15] = (byte)(s7 >> 8);
                    gT += dT4; i += 8; z += 8; j += 16;
                }
                if (four)
                {
                    int s0 = (tone[i] * gT + dz[z]) >> 15;
                    int s1 = (tone[i + 1] * gT + dz[z + 1]) >> 15;
                    int s2 = (tone[i + 2] * gT + dz[z + 2]) >> 15;
                    int s3 = (tone[i + 3] * gT + dz[z + 3]) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    gT += dT4; i += 4; z += 4; j += 8;
                }
                for (int r = 0; r < rest; r++)
                {
                    int s = (tone[i] * gT + dz[z]) >> 15;
                    dst[j] = (byte)s; dst[j + 1] = (byte)(s >> 8);
                    gT += dT; i++; z++; j += 2;
                }
                _gT = gT;
                return;
            }
            int gN = _gN, dN = _dN;
            int dN4 = dN << 2;
            short[] nz = _noiseTab;
            int m = _noisePos;
            if (toneSilent)
            {
                // tone loop is exact zeros (no voice) or its gain is 0: noise only
                for (int q = 0; q < octs; q++)
                {
                    int s0 = (nz[m] * gN + 16384) >> 15;
                    int s1 = (nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (nz[m + 3] * gN + 16384) >> 15;
                    gN += dN4;
                    int s4 = (nz[m + 4] * gN + 16384) >> 15;
                    int s5 = (nz[m + 5] * gN + 16384) >> 15;
                    int s6 = (nz[m + 6] * gN + 16384) >> 15;
                    int s7 = (nz[m + 7] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    dst[j + 8] = (byte)s4; dst[j + 9] = (byte)(s4 >> 8);
                    dst[j + 10] = (byte)s5; dst[j + 11] = (byte)(s5 >> 8);
                    dst[j + 12] = (byte)s6; dst[j + 13] = (byte)(s6 >> 8);
                    dst[j + 14] = (byte)s7; dst[j + 15] = (byte)(s7 >> 8);
                    gN += dN4; m += 8; j += 16;
                }
                if (four)
                {
                    int s0 = (nz[m] * gN + 16384) >> 15;
                    int s1 = (nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (nz[m + 3] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    gN += dN4; m += 4; j += 8;
                }
                gT += (dT << 2) * ((octs << 1) + (four ? 1 : 0)); // keep the tonal ramp on its line (the rest loop reads zeros or gT 0)
            }
            else if (dT == 0 && dN == 0)
            {
                // steady gains (the common case): no ramp updates
                for (int q = 0; q < octs; q++)
                {
                    int s0 = (tone[i] * gT + nz[m] * gN + 16384) >> 15;
                    int s1 = (tone[i + 1] * gT + nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (tone[i + 2] * gT + nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (tone[i + 3] * gT + nz[m + 3] * gN + 16384) >> 15;
                    int s4 = (tone[i + 4] * gT + nz[m + 4] * gN + 16384) >> 15;
                    int s5 = (tone[i + 5] * gT + nz[m + 5] * gN + 16384) >> 15;
                    int s6 = (tone[i + 6] * gT + nz[m + 6] * gN + 16384) >> 15;
                    int s7 = (tone[i + 7] * gT + nz[m + 7] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    dst[j + 8] = (byte)s4; dst[j + 9] = (byte)(s4 >> 8);
                    dst[j + 10] = (byte)s5; dst[j + 11] = (byte)(s5 >> 8);
                    dst[j + 12] = (byte)s6; dst[j + 13] = (byte)(s6 >> 8);
                    dst[j + 14] = (byte)s7; dst[j + 15] = (byte)(s7 >> 8);
                    i += 8; m += 8; j += 16;
                }
                if (four)
                {
                    int s0 = (tone[i] * gT + nz[m] * gN + 16384) >> 15;
                    int s1 = (tone[i + 1] * gT + nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (tone[i + 2] * gT + nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (tone[i + 3] * gT + nz[m + 3] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    i += 4; m += 4; j += 8;
                }
            }
            else
            {
                int dT4 = dT << 2;
                for (int q = 0; q < octs; q++)
                {
                    int s0 = (tone[i] * gT + nz[m] * gN + 16384) >> 15;
                    int s1 = (tone[i + 1] * gT + nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (tone[i + 2] * gT + nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (tone[i + 3] * gT + nz[m + 3] * gN + 16384) >> 15;
                    gT += dT4; gN += dN4;
                    int s4 = (tone[i + 4] * gT + nz[m + 4] * gN + 16384) >> 15;
                    int s5 = (tone[i + 5] * gT + nz[m + 5] * gN + 16384) >> 15;
                    int s6 = (tone[i + 6] * gT + nz[m + 6] * gN + 16384) >> 15;
                    int s7 = (tone[i + 7] * gT + nz[m + 7] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    dst[j + 8] = (byte)s4; dst[j + 9] = (byte)(s4 >> 8);
                    dst[j + 10] = (byte)s5; dst[j + 11] = (byte)(s5 >> 8);
                    dst[j + 12] = (byte)s6; dst[j + 13] = (byte)(s6 >> 8);
                    dst[j + 14] = (byte)s7; dst[j + 15] = (byte)(s7 >> 8);
                    gT += dT4; gN += dN4; i += 8; m += 8; j += 16;
                }
                if (four)
                {
                    int s0 = (tone[i] * gT + nz[m] * gN + 16384) >> 15;
                    int s1 = (tone[i + 1] * gT + nz[m + 1] * gN + 16384) >> 15;
                    int s2 = (tone[i + 2] * gT + nz[m + 2] * gN + 16384) >> 15;
                    int s3 = (tone[i + 3] * gT + nz[m + 3] * gN + 16384) >> 15;
                    dst[j] = (byte)s0; dst[j + 1] = (byte)(s0 >> 8);
                    dst[j + 2] = (byte)s1; dst[j + 3] = (byte)(s1 >> 8);
                    dst[j + 4] = (byte)s2; dst[j + 5] = (byte)(s2 >> 8);
                    dst[j + 6] = (byte)s3; dst[j + 7] = (byte)(s3 >> 8);
                    gT += dT4; gN += dN4; i += 4; m += 4; j += 8;
                }
            }
            for (int r = 0; r < rest; r++)
            {
                int s = (tone[i] * gT + nz[m] * gN + 16384) >> 15;
                dst[j] = (byte)s; dst[j + 1] = (byte)(s >> 8);
                gT += dT; gN += dN; i++; m++; j += 2;
            }
            _gT = gT; _gN = gN;
            _noisePos = m >= LoopLength ? m - LoopLength : m;
        }

        /// <summary>
        /// Render chunk [p, p+n) of the current job (called right after the chunk was played). Every partial is
        /// sine-phase on an integer bin, so the change is odd about the loop: d(N − i) = −d(i). The job therefore works
        /// in the second half of the loop only: each computed d(i), i in [N/2, N), is written at i and at its mirror
        /// N − i in (0, N/2], both already played (behind the playhead) — half the partial arithmetic of a full pass.
        /// Per changed voice one pass computes d(i) = round(Σ_p new_p·sin_p(i) / 2^15) − round(Σ_p old_p·sin_p(i) / 2^15)
        /// over its sounding partials: the job swaps the voice's rounded contribution for its new one, so S always equals
        /// Σ_voices round(voice) exactly — what a from-scratch render of the partials in force gives — however many jobs
        /// ran (no rounding error accumulates). Slow voices go into dSlow, fast attacks into dFast; then
        /// T = S + round(dSlow·i/N) + round(dFast·min(i, 256)/256) and S += dSlow + dFast. One voice: fused loops without
        /// the d buffer.
        /// </summary>
        private void RenderJob(int p, int n)
        {
            if (p < LoopLength / 2) return;
            if (p == LoopLength / 2) _trans[0] = _steady[0]; // d(0) = 0
            if (_jobCount == 1)
            {
                if (_jobFast[0]) RenderOneFast(p, n); else RenderOneSlow(p, n);
                return;
            }
            int[] ds = _dSlow, df = _dFast;
            if (!_jobAnyFast)
            {
                // slow voices only: voices 1.. into dSlow, voice 0 fused into the write loop
                Array.Clear(ds, 0, n);
                for (int q = 1; q < _jobCount; q++) AccumulateVoice(ds, q * P, _jobPartials[q], p, n);
                RenderSlowWithBuffer(ds, p, n);
                return;
            }
            // fast attacks into dFast; the first slow voice (q0) fused into the write loop, other slow voices into dSlow
            int q0 = -1;
            Array.Clear(df, 0, n);
            Array.Clear(ds, 0, n);
            for (int q = 0; q < _jobCount; q++)
            {
                if (_jobFast[q]) AccumulateVoice(df, q * P, _jobPartials[q], p, n);
                else if (q0 < 0) q0 = q;
                else AccumulateVoice(ds, q * P, _jobPartials[q], p, n);
            }
            short[] S = _steady, T = _trans;
            if (q0 < 0)
            {
                // fast attacks only: T is played for its first tick only (Mix), so it is written there only
                for (int k = 0; k < n; k++)
                {
                    int idx = p + k;
                    int f = df[k];
                    S[idx] = (short)(S[idx] + f);
                    int jx = LoopLength - idx;
                    int s = S[jx];
                    if (jx < (1 << FastRampShift)) T[jx] = (short)(s + ((-f * jx + (1 << (FastRampShift - 1))) >> FastRampShift));
                    S[jx] = (short)(s - f);
                }
                return;
            }
            short[] sine = Tables.SineQ15;
            int e = q0 * P;
            int b1 = _jobBin[e], b2 = _jobBin[e + 1], b3 = _jobBin[e + 2];
            int o1 = _jobOldQ15[e], o2 = _jobOldQ15[e + 1], o3 = _jobOldQ15[e + 2];
            int n1 = _jobNewQ15[e], n2 = _jobNewQ15[e + 1], n3 = _jobNewQ15[e + 2];
            int p1 = p * b1, p2 = p * b2, p3 = p * b3;
            for (int k = 0; k < n; k++)
            {
                int s1 = sine[p1 & LoopMask], s2 = sine[p2 & LoopMask], s3 = sine[p3 & LoopMask];
                int d = ds[k] + ((s1 * n1 + s2 * n2 + s3 * n3 + 16384) >> 15) - ((s1 * o1 + s2 * o2 + s3 * o3 + 16384) >> 15);
                p1 += b1; p2 += b2; p3 += b3;
                int f = df[k];
                int idx = p + k;
                int s = S[idx];
                T[idx] = (short)(s + f + ((d * idx + (1 << (LoopShift - 1))) >> LoopShift)); // idx ≥ N/2: the fast ramp is complete
                S[idx] = (short)(s + f + d);
                int jx = LoopLength - idx;
                d = -d; f = -f;
                s = S[jx];
                int rf = jx < (1 << FastRampShift) ? (f * jx + (1 << (FastRampShift - 1))) >> FastRampShift : f;
                T[jx] = (short)(s + rf + ((d * jx + (1 << (LoopShift - 1))) >> LoopShift));
                S[jx] = (short)(s + f + d);
            }
        }

        /// <summary>
        /// d[k] += round(Σ_p new_p·sin(2π·bin_p·(p+k)/N) / 2^15) − round(Σ_p old_p·sin(…) / 2^15) for k in [0, n), over the
        /// entry's np sounding partials (one voice's change of rounded contribution).
        /// </summary>
        private void AccumulateVoice(int[] d, int e, int np, int p, int n)
        {
            short[] sine = Tables.SineQ15;
            int b1 = _jobBin[e], b2 = _jobBin[e + 1], b3 = _jobBin[e + 2];
            int o1 = _jobOldQ15[e], o2 = _jobOldQ15[e + 1], o3 = _jobOldQ15[e + 2];
            int n1 = _jobNewQ15[e], n2 = _jobNewQ15[e + 1], n3 = _jobNewQ15[e + 2];
            int p1 = p * b1, p2 = p * b2, p3 = p * b3;
            int sg = _jobSign[e / P];
            if (sg != 0)
            {
                // −round(X) = (−X + 16383) >> 15 exactly, so a release negates the amplitudes instead of multiplying by −1
                int a1 = sg > 0 ? n1 : -o1, a2 = sg > 0 ? n2 : -o2, a3 = sg > 0 ? n3 : -o3, rc = sg > 0 ? 16384 : 16383;
                for (int k = 0; k < n; k++)
                {
                    d[k] += (sine[p1 & LoopMask] * a1 + sine[p2 & LoopMask] * a2 + sine[p3 & LoopMask] * a3 + rc) >> 15;
                    p1 += b1; p2 += b2; p3 += b3;
                }
            }
            else if (np == 1)
            {
                for (int k = 0; k < n; k++)
                {
                    int s1 = sine[p1 & LoopMask];
                    d[k] += ((s1 * n1 + 16384) >> 15) - ((s1 * o1 + 16384) >> 15);
                    p1 += b1;
                }
            }
            else
            {
                for (int k = 0; k < n; k++)
                {
                    int s1 = sine[p1 & LoopMask], s2 = sine[p2 & LoopMask], s3 = sine[p3 & LoopMask];
                    d[k] += ((s1 * n1 + s2 * n2 + s3 * n3 + 16384) >> 15) - ((s1 * o1 + s2 * o2 + s3 * o3 + 16384) >> 15);
                    p1 += b1; p2 += b2; p3 += b3;
                }
            }
        }

        /// <summary>
        /// Job of one slow voice, fused (no d buffer), second half of the loop plus mirror (see RenderJob):
        /// d(i) = round(Σ new·sin / 2^15) − round(Σ old·sin / 2^15); r = round(d·i/N); at i: T = S + r, S += d; at N − i the
        /// change is −d and its crossfade −d·(N − i)/N = −d + d·i/N, so S −= d and T = (new S) + r: one ramp for both.
        /// </summary>
        private void RenderOneSlow(int p, int n)
        {
            short[] sine = Tables.SineQ15, S = _steady, T = _trans;
            int b1 = _jobBin[0], b2 = _jobBin[1], b3 = _jobBin[2];
            int o1 = _jobOldQ15[0], o2 = _jobOldQ15[1], o3 = _jobOldQ15[2];
            int n1 = _jobNewQ15[0], n2 = _jobNewQ15[1], n3 = _jobNewQ15[2];
            int p1 = p * b1, p2 = p * b2, p3 = p * b3;
            int end = p + n;
            int np = _jobPartials[0];
            int jx = LoopLength - p;
            const int half = 1 << (LoopShift - 1);
            int sg = _jobSign[0];
            if (sg != 0)
            {
                // −round(X) = (−X + 16383) >> 15 exactly, so a release negates the amplitudes instead of multiplying by −1
                int a1 = sg > 0 ? n1 : -o1, a2 = sg > 0 ? n2 : -o2, a3 = sg > 0 ? n3 : -o3, rc = sg > 0 ? 16384 : 16383;
                // from or to silence: one sum (np ≤ 3; absent partials have amplitude 0)
                for (int idx = p; idx < end; idx++)
                {
                    int d = (sine[p1 & LoopMask] * a1 + sine[p2 & LoopMask] * a2 + sine[p3 & LoopMask] * a3 + rc) >> 15;
                    p1 += b1; p2 += b2; p3 += b3;
                    int s = S[idx];
                    int r = (d * idx + half) >> LoopShift;
                    T[idx] = (short)(s + r);
                    S[idx] = (short)(s + d);
                    s = S[jx] - d;
                    S[jx] = (short)s;
                    T[jx] = (short)(s + r);
                    jx--;
                }
                return;
            }
            if (np == 1)
            {
                for (int idx = p; idx < end; idx++)
                {
                    int s1 = sine[p1 & LoopMask];
                    int d = ((s1 * n1 + 16384) >> 15) - ((s1 * o1 + 16384) >> 15);
                    p1 += b1;
                    int s = S[idx];
                    int r = (d * idx + half) >> LoopShift;
                    T[idx] = (short)(s + r);
                    S[idx] = (short)(s + d);
                    s = S[jx] - d;
                    S[jx] = (short)s;
                    T[jx] = (short)(s + r);
                    jx--;
                }
                return;
            }
            for (int idx = p; idx < end; idx++)
            {
                int s1 = sine[p1 & LoopMask], s2 = sine[p2 & LoopMask], s3 = sine[p3 & LoopMask];
                int d = ((s1 * n1 + s2 * n2 + s3 * n3 + 16384) >> 15) - ((s1 * o1 + s2 * o2 + s3 * o3 + 16384) >> 15);
                p1 += b1; p2 += b2; p3 += b3;
                int s = S[idx];
                int r = (d * idx + half) >> LoopShift;
                T[idx] = (short)(s + r);
                S[idx] = (short)(s + d);
                s = S[jx] - d;
                S[jx] = (short)s;
                T[jx] = (short)(s + r);
                jx--;
            }
        }

        /// <summary>Slow job of several voices: d = voice 0's change (inline) + ds[k] (the others); T and S written at i and N − i.</summary>
        private void RenderSlowWithBuffer(int[] ds, int p, int n)
        {
            short[] sine = Tables.SineQ15, S = _steady, T = _trans;
            int b1 = _jobBin[0], b2 = _jobBin[1], b3 = _jobBin[2];
            int o1 = _jobOldQ15[0], o2 = _jobOldQ15[1], o3 = _jobOldQ15[2];
            int n1 = _jobNewQ15[0], n2 = _jobNewQ15[1], n3 = _jobNewQ15[2];
            int p1 = p * b1, p2 = p * b2, p3 = p * b3;
            int jx = LoopLength - p;
            const int half = 1 << (LoopShift - 1);
            for (int k = 0; k < n; k++)
            {
                int s1 = sine[p1 & LoopMask], s2 = sine[p2 & LoopMask], s3 = sine[p3 & LoopMask];
                int d = ds[k] + ((s1 * n1 + s2 * n2 + s3 * n3 + 16384) >> 15) - ((s1 * o1 + s2 * o2 + s3 * o3 + 16384) >> 15);
                p1 += b1; p2 += b2; p3 += b3;
                int idx = p + k;
                int s = S[idx];
                int r = (d * idx + half) >> LoopShift;
                T[idx] = (short)(s + r);
                S[idx] = (short)(s + d);
                s = S[jx] - d;
                S[jx] = (short)s;
                T[jx] = (short)(s + r);
                jx--;
            }
        }

        /// <summary>
        /// Job of one fast-attack voice, fused, second half plus mirror: S += d everywhere; T = S + round(d·i/256) written only
        /// for i &lt; 256 (mirror side), the only part of the transition loop Mix plays for a fast-only job.
        /// </summary>
        private void RenderOneFast(int p, int n)
        {
            short[] sine = Tables.SineQ15, S = _steady, T = _trans;
            int b1 = _jobBin[0], b2 = _jobBin[1], b3 = _jobBin[2];
            int o1 = _jobOldQ15[0], o2 = _jobOldQ15[1], o3 = _jobOldQ15[2];
            int n1 = _jobNewQ15[0], n2 = _jobNewQ15[1], n3 = _jobNewQ15[2];
            int p1 = p * b1, p2 = p * b2, p3 = p * b3;
            int end = p + n;
            int jx = LoopLength - p;
            const int half = 1 << (FastRampShift - 1);
            int sg = _jobSign[0];
            if (sg != 0)
            {
                // −round(X) = (−X + 16383) >> 15 exactly, so a release negates the amplitudes instead of multiplying by −1
                int a1 = sg > 0 ? n1 : -o1, a2 = sg > 0 ? n2 : -o2, a3 = sg > 0 ? n3 : -o3, rc = sg > 0 ? 16384 : 16383;
                for (int idx = p; idx < end; idx++)
                {
                    int d = (sine[p1 & LoopMask] * a1 + sine[p2 & LoopMask] * a2 + sine[p3 & LoopMask] * a3 + rc) >> 15;
                    p1 += b1; p2 += b2; p3 += b3;
                    S[idx] = (short)(S[idx] + d);
                    d = -d;
                    int s = S[jx];
                    if (jx < (1 << FastRampShift)) T[jx] = (short)(s + ((d * jx + half) >> FastRampShift));
                    S[jx] = (short)(s + d);
                    jx--;
                }
                return;
            }
            for (int idx = p; idx < end; idx++)
            {
                int s1 = sine[p1 & LoopMask], s2 = sine[p2 & LoopMask], s3 = sine[p3 & LoopMask];
                int d = ((s1 * n1 + s2 * n2 + s3 * n3 + 16384) >> 15) - ((s1 * o1 + s2 * o2 + s3 * o3 + 16384) >> 15);
                p1 += b1; p2 += b2; p3 += b3;
                S[idx] = (short)(S[idx] + d);
                d = -d;
                int s = S[jx];
                if (jx < (1 << FastRampShift)) T[jx] = (short)(s + ((d * jx + half) >> FastRampShift));
                S[jx] = (short)(s + d);
                jx--;
            }
        }

        /// <summary>
        /// Diagnostics (not for the audio path): writes into dst (length ≥ N) the steady loop a from-scratch render of the
        /// partials in force gives, Σ_voices round(Σ_p amp_p·sin(2π·bin_p·i/N) / 2^15) for i in [N/2, N) and its negative
        /// at N − i (0 at 0 and N/2). Equal to the played steady loop once the pending job has been rendered.
        /// </summary>
        public void RenderSteadyFromScratch(short[] dst)
        {
            if (dst == null || dst.Length < LoopLength) throw new ArgumentException("dst must hold LoopLength samples");
            Array.Clear(dst, 0, LoopLength);
            short[] sine = Tables.SineQ15;
            int limit = (int)(((long)LoopLength * 45) / 100);
            for (int v = 0; v < MaxVoices; v++)
            {
                int t = _vTimbre[v], bin = _vBin[v];
                for (int i = LoopLength / 2 + 1; i < LoopLength; i++)
                {
                    int x = 0;
                    for (int p = 0; p < P; p++)
                    {
                        int a = _vAmpQ15[v * P + p];
                        if (a == 0) continue;
                        int pb = ((bin * Timbres.RatioQ8[t * P + p] + 128) >> 8) & LoopMask;
                        if (pb >= limit) continue;
                        x += sine[(int)(((long)pb * i) & LoopMask)] * a;
                    }
                    int r = (x + 16384) >> 15;
                    dst[i] = (short)(dst[i] + r);
                    dst[LoopLength - i] = (short)(dst[LoopLength - i] - r);
                }
            }
        }

        /// <summary>Diagnostics: copies the steady loop S into dst (length ≥ N).</summary>
        public void CopySteadyLoop(short[] dst) { Array.Copy(_steady, dst, LoopLength); }

        /// <summary>Diagnostics: amplitude (Q15) and loop bin of partial p (0..2) of voice v (0..7) as rendered now; 0 when silent.</summary>
        public int PartialAmpQ15(int v, int p) { return _vAmpQ15[v * P + p]; }
        /// <summary>Diagnostics: loop bin of partial p of voice v.</summary>
        public int PartialBin(int v, int p) { return ((_vBin[v] * Timbres.RatioQ8[_vTimbre[v] * P + p] + 128) >> 8) & LoopMask; }

        // =====================================================================================
        // Control rate
        // =====================================================================================

        /// <summary>Per control tick: advance ramps and the ocean swell, derive the per-sample gain ramps of the next tick.</summary>
        private void ControlTick()
        {
            // a colour change switches tables only once the fade-out has fully played (previous tick ended at 0)
            if (_colorSwitching && !_noiseGain.Moving && _gNEnd == 0)
            {
                SelectNoise(_pendingColor);
                _colorSwitching = false;
                _noiseGain.Set(_pendingGainQ15, _pendingTicks);
            }
            int run = _run.Step();
            int master = _master.Step();
            int cap = _cap.Step();
            int ng = _noiseGain.Step();
            if (_noiseColor == (int)NoiseColor.Ocean)
            {
                // swell = 0.3 + 0.7·(1 - cos φ)/2, Q15; φ advances one tick per step
                uint ph = _oceanPhaseQ32;
                int cos = Tables.SineQ15[((ph >> 19) + (LoopLength / 4)) & LoopMask];
                int swell = 9830 + ((22937 * ((32767 - cos) >> 1)) >> 15);
                ng = (ng * swell) >> 15;
                uint next = ph + _oceanIncQ32;
                if (next < ph) NewOceanPeriod();
                _oceanPhaseQ32 = next;
            }
            // targets of this tick: the cap (minus the output stage's rounding margin) bounds the master·run gain
            int gM = (master * run) >> 15;
            int capSafe = cap - CapMarginQ15;
            if (capSafe < 0) capSafe = 0;
            if (gM > capSafe) gM = capSafe;
            int gTEnd = (gM * (32767 - ng)) >> 15;
            int gNEnd = (gM * ng) >> 15;
            // slew limit in audio time: neither gain rises faster than 6 dB/s of rendered samples, whatever the callers
            // ask (stalls, preset writes, fades); falls are immediate. The tone gain may jump while the tonal bus is exact
            // silence (nothing sounds, so no level changes: a cue's notes then bring their own attack).
            int wantT = gTEnd, wantN = gNEnd;
            if (_busZero) _limTQ31 = (long)gTEnd << 16;
            else gTEnd = LimitRise(ref _limTQ31, gTEnd);
            gNEnd = LimitRise(ref _limNQ31, gNEnd);
            if (gTEnd != wantT || gNEnd != wantN) _statRiseLimited++;
            _gT = _gTEnd; _gN = _gNEnd;
            // truncating division keeps every intermediate value between the endpoints (cap preserved)
            _dT = (gTEnd - _gT) / TickSamples;
            _dN = (gNEnd - _gN) / TickSamples;
            _ditherPos = _ditherRng.Next(DitherSpan);
            _gTEnd = gTEnd; _gNEnd = gNEnd;
        }

        /// <summary>
        /// One tick of a rise limiter (state Q15 &lt;&lt; 16): a lower target is taken at once; a higher one is approached by
        /// at most the factor _riseQ16 per tick (6 dB/s), starting from at most RiseFloorQ15 when the state is 0 (exact silence).
        /// Returns the gain to use, Q15.
        /// </summary>
        private int LimitRise(ref long stateQ31, int targetQ15)
        {
            long t = (long)targetQ15 << 16;
            long s = stateQ31;
            if (t <= s) { stateQ31 = t; return targetQ15; }
            long up = (s * _riseQ16) >> 16;
            if (s == 0) up = (long)RiseFloorQ15 << 16;
            if (up > t) up = t;
            if (up < s) up = s;
            stateQ31 = up;
            return (int)(up >> 16);
        }

        /// <summary>At a loop seam: choose the loop to play, advance envelopes and brightness, build the next render job.</summary>
        private void OnSeam()
        {
            _playTrans = _jobActive;
            if (_playTrans) _busZero = false;
            _transFirstTickOnly = _jobActive && _jobFastOnly;
            _jobActive = false;
            _jobCount = 0;
            // brightness moves one level every _brightLoopsPerStep loops
            bool brightChanged = false;
            if (_brightLevel != _brightTarget)
            {
                _brightWait++;
                if (_brightWait >= _brightLoopsPerStep)
                {
                    _brightWait = 0;
                    _brightLevel += _brightTarget > _brightLevel ? 1 : -1;
                    brightChanged = true;
                }
            }
            bool anyVoice = false;
            for (int v = 0; v < MaxVoices; v++)
            {
                int ph = _vPhase[v];
                if (ph == PhOff) continue;
                anyVoice = true;
                int lvl = _vLevelQ15[v];
                bool changed = brightChanged;
                if (ph == PhAttack)
                {
                    int left = _vSegLeft[v];
                    if (left < 1) left = 1;
                    lvl += (_vTargetQ15[v] - lvl) / left;
                    left--;
                    _vSegLeft[v] = left;
                    if (left == 0) { lvl = _vTargetQ15[v]; _vPhase[v] = _vDrone[v] ? PhSustain : PhHold; }
                    changed = true;
                }
                else if (ph == PhHold)
                {
                    if (_vHoldLeft[v] > 0) _vHoldLeft[v]--;
                    else { _vPhase[v] = PhRelease; _vSegLeft[v] = _vRelSegs[v]; ph = PhRelease; }
                }
                if (ph == PhRelease)
                {
                    int left = _vSegLeft[v];
                    if (left < 1) left = 1;
                    lvl -= lvl / left;
                    left--;
                    _vSegLeft[v] = left;
                    if (left == 0) lvl = 0;
                    changed = true;
                }
                _vLevelQ15[v] = lvl;
                if (changed) AddVoiceToJob(v, lvl);
                _vFast[v] = false; // only the first (attack) segment of a fast note is a 256-sample ramp
                if (_vPhase[v] == PhRelease && lvl == 0) FreeVoiceKeepAmps(v);
            }
            _statLoops++;
            if (brightChanged) _statBrightSteps++;
            if (_jobCount > 0)
            {
                _jobActive = true;
                _toneSilent = false;
                bool fastOnly = true, anyFast = false;
                for (int q = 0; q < _jobCount; q++) { if (_jobFast[q]) anyFast = true; else fastOnly = false; }
                _jobFastOnly = fastOnly;
                _jobAnyFast = anyFast;
                _statJobLoops++;
                _statJobVoices += _jobCount;
                for (int e = 0; e < _jobCount * P; e++) if (_jobOldQ15[e] != _jobNewQ15[e]) _statJobPartials++;
            }
            else if (!anyVoice && !_playTrans)
            {
                if (!_toneSilent) Array.Clear(_steady, 0, LoopLength); // exact zeros already (every job removes what it added)
                _toneSilent = true;
                _busZero = true; // the mix skips the tonal bus until the next job
            }
        }

        /// <summary>
        /// Add voice v to the job when a partial amplitude really changes (new level, current brightness): one entry per
        /// voice holding every partial that sounds before or after (bin, old and new amplitude), so the job can replace
        /// the voice's rounded contribution by its new rounded contribution (see RenderJob).
        /// </summary>
        private void AddVoiceToJob(int v, int levelQ15)
        {
            int t = _vTimbre[v];
            int bin = _vBin[v];
            int limit = (int)(((long)LoopLength * 45) / 100);
            int q = _jobCount;
            int e = q * P;
            int np = 0;
            bool any = false;
            for (int p = 0; p < P; p++)
            {
                int pb = (bin * Timbres.RatioQ8[t * P + p] + 128) >> 8;
                int amp = pb >= limit ? 0 : (levelQ15 * Timbres.AmpQ15(t, p, _brightLevel, BrightLevels)) >> 15;
                if (amp < (levelQ15 >> 5)) amp = 0; // a partial below -30 dB of its voice is not rendered (dark timbres: fewer partials)
                int k = v * P + p;
                int old = _vAmpQ15[k];
                int delta = amp - old;
                // below an audible step (|Δ| < amp/16, ≈ 0.5 dB) the partial keeps its rendered amplitude and the
                // difference waits for the next change; a partial going to 0 is always rendered (exact silence)
                int ad = delta < 0 ? -delta : delta;
                if (delta != 0 && (amp == 0 || (ad << 4) >= amp)) { _vAmpQ15[k] = amp; any = true; }
                else amp = old;
                if (old == 0 && amp == 0) continue;
                _jobBin[e + np] = pb & LoopMask;
                _jobOldQ15[e + np] = old;
                _jobNewQ15[e + np] = amp;
                np++;
            }
            if (!any) return;
            for (int p = np; p < P; p++) { _jobBin[e + p] = 0; _jobOldQ15[e + p] = 0; _jobNewQ15[e + p] = 0; }
            // one side silent (an attack from silence or a release to silence): one sum instead of two, d = ±round(Σ a·sin)
            bool oldZero = true, newZero = true;
            for (int p = 0; p < np; p++) { if (_jobOldQ15[e + p] != 0) oldZero = false; if (_jobNewQ15[e + p] != 0) newZero = false; }
            int sign = 0;
            if (oldZero) sign = 1;
            else if (newZero) sign = -1;
            _jobSign[q] = sign;
            _jobPartials[q] = np;
            _jobFast[q] = _vFast[v];
            _jobCount = q + 1;
        }

        // =====================================================================================
        // helpers
        // =====================================================================================

        private void FreeVoice(int v)
        {
            _vPhase[v] = PhOff; _vLevelQ15[v] = 0; _vTargetQ15[v] = 0; _vSegLeft[v] = 0; _vHoldLeft[v] = 0;
            _vDrone[v] = false; _vFast[v] = false;
            for (int p = 0; p < P; p++) _vAmpQ15[v * P + p] = 0;
        }

        /// <summary>Mark a voice free whose partial amplitudes have just been removed by the current job.</summary>
        private void FreeVoiceKeepAmps(int v)
        {
            _vPhase[v] = PhOff; _vTargetQ15[v] = 0;
            for (int s = 0; s < DroneSlots; s++) if (_droneVoice[s] == v) _droneVoice[s] = -1;
        }

        private int AllocVoice()
        {
            for (int v = 0; v < MaxVoices; v++) if (_vPhase[v] == PhOff && AmpsZero(v)) return v;
            return -1;
        }

        private bool AmpsZero(int v)
        {
            for (int p = 0; p < P; p++) if (_vAmpQ15[v * P + p] != 0) return false;
            return true;
        }

        private int FreeHeadroom()
        {
            int used = 0;
            for (int v = 0; v < MaxVoices; v++)
            {
                if (_vPhase[v] == PhOff) continue;
                int a = _vLevelQ15[v];
                if (_vPhase[v] != PhRelease && _vTargetQ15[v] > a) a = _vTargetQ15[v];
                used += a;
            }
            int free = HeadroomQ15 - used;
            return free < 0 ? 0 : free;
        }

        private static int ClampGain(int g, int max)
        {
            if (g < 0) g = 0;
            if (g > 32767) g = 32767;
            if (g > max) g = max;
            return g;
        }

        private static int ClampTimbre(int t) { return t < 0 || t > (int)Timbre.Bass ? 0 : t; }

        /// <summary>Hz Q16.16 → loop bin k = round(f·N/fs), f clamped 20 Hz .. 0.45·fs.</summary>
        private int FreqToBin(int freqHzQ16)
        {
            long f = freqHzQ16;
            long lo = 20L << 16;
            long hi = ((long)_fs * 45 / 100) << 16;
            if (f < lo) f = lo;
            if (f > hi) f = hi;
            long den = (long)_fs << 16;
            int k = (int)((f * LoopLength + den / 2) / den);
            return k < 1 ? 1 : k;
        }

        /// <summary>
        /// Segments of an in-place drone glide by gain change Δ (Q15): one segment per started 1/4 of full scale,
        /// at most maxSegs. A swell of a few dB then costs one render job instead of three (each costs a loop pass).
        /// </summary>
        private static int GlideSegments(int deltaQ15, int maxSegs)
        {
            if (deltaQ15 < 0) deltaQ15 = -deltaQ15;
            int s = 1 + (deltaQ15 >> 13);
            return s > maxSegs ? maxSegs : s;
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

        /// <summary>ms (clamped 10..3600000) → control ticks, rounded up.</summary>
        private int RampTicks(int ms)
        {
            if (ms < 10) ms = 10;
            if (ms > 3600000) ms = 3600000;
            int fs = _fs == 0 ? DefaultSampleRate : _fs;
            long t = ((long)ms * fs + TickSamples * 1000L - 1) / (TickSamples * 1000L);
            return t < 1 ? 1 : (int)t;
        }

        private void SelectNoise(int c)
        {
            _noiseColor = c;
            _dcAcc = 0;
            _nextDark = c != (int)NoiseColor.Pink;
            _nextStart = _rng.Next(_nextDark ? Tables.BrownUpCrossings.Length : Tables.PinkUpCrossings.Length);
            NextNoiseSegment();
        }

        private void NewOceanPeriod()
        {
            // period 8..14 s in ticks; increment = 2^32 / periodTicks
            int periodMs = 8000 + _rng.Next(6001);
            long ticks = ((long)periodMs * (_fs == 0 ? DefaultSampleRate : _fs)) / (TickSamples * 1000L);
            if (ticks < 1) ticks = 1;
            _oceanIncQ32 = (uint)(4294967296L / ticks);
        }

        /// <summary>
        /// Splicing matched in the integral. The segment starting now (table and start crossing chosen at the previous
        /// splice) runs from an upward zero crossing z_i to a crossing z_j 1024..4095 samples later (value-continuous: the
        /// previous sample was &lt; 0, the next is ≥ 0). The segment after it is drawn now: its table (brown for brown and
        /// ocean beds; for a pink bed brown with probability tilt/32768, else pink) and a random start crossing s. The end
        /// z_j is the candidate (at most 32) that makes the output's running integral continue the next table's own prefix
        /// sum at s: the offset c (output integral minus the table's prefix sum at the read position) becomes
        /// c + P(z_j) − P'(s), chosen closest to zero. So the output integral follows the tables' own integrals (which
        /// hold nothing below the 100 Hz high-pass) up to a small bounded offset: no DC, and the splices leave only the
        /// small steps of that offset below 20 Hz. Never periodic (random starts).
        /// </summary>
        private void NextNoiseSegment()
        {
            bool dark = _nextDark;
            short[] zc = dark ? Tables.BrownUpCrossings : Tables.PinkUpCrossings;
            int[] ps = dark ? Tables.BrownPrefixSums : Tables.PinkPrefixSums;
            int total = dark ? Tables.BrownTotalSum : Tables.PinkTotalSum;
            _noiseTab = dark ? Tables.BrownQ15 : Tables.PinkQ15;
            int cnt = zc.Length;
            int i0 = _nextStart;
            int start = zc[i0];
            bool nd = _noiseColor != (int)NoiseColor.Pink || _noiseTiltQ15 > 0 && _rng.Next(32768) < _noiseTiltQ15;
            int[] nps = nd ? Tables.BrownPrefixSums : Tables.PinkPrefixSums;
            int ns = _rng.Next(nps.Length);
            // c + P(z_j) (+ total after a wrap) − P'(s) → 0
            long acc = _dcAcc - nps[ns];
            int best = -1;
            long bestAbs = long.MaxValue, bestW = 0;
            int evaluated = 0;
            for (int k = 1 + (cnt >> 4); k < cnt; k++)
            {
                int j = i0 + k;
                bool wrap = j >= cnt;
                if (wrap) j -= cnt;
                int dist = (zc[j] - start) & LoopMask;
                if (dist < 1024) continue;
                if (dist >= 4096 || ++evaluated > 32) break;
                long w = acc + ps[j] + (wrap ? total : 0);
                long aw = w < 0 ? -w : w;
                if (aw < bestAbs) { bestAbs = aw; best = j; bestW = w; }
            }
            if (best < 0)
            {
                best = i0 + cnt / 2; if (best >= cnt) best -= cnt;
                bestW = acc + ps[best] + (best < i0 ? total : 0);
            }
            _dcAcc = bestW;
            _nextDark = nd;
            _nextStart = ns;
            _noisePos = start;
            _spliceAt = zc[best];
        }
    }
}
