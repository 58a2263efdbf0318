// AudioEngine — output stage: gains, rise limiter, mixer, rounding and dither.
// Owns: the master, run (start/stop) and cap ramps, the per-tick tone and noise gains with their per-sample slopes,
// the 6 dB/s rise limiter state, the TPDF dither table and its read position; ControlTick, LimitRise and Mix (the
// final per-sample loop: out = (tone·gT + noise·gN + r) >> 15, packed to 16-bit LE).
// Invariants: gT + gN ≤ cap − CapMarginQ15, |tone|, |noise| ≤ 32767, so |out| ≤ cap by construction; every sample is
// rounded (r holds half an LSB), with TPDF dither (mean removed) while the tones play alone, the bed as the dither
// when it is ≥ 2 LSB RMS; no output gain rises faster than 6 dB/s of rendered samples; falls are immediate.
// Rates: ControlTick every TickSamples (256) samples; Mix per output sample (the budget's main cost, unrolled ×8).
using System;

namespace Bedside.Core.Audio
{
    public sealed partial class AudioEngine
    {
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
                _swellQ15 = swell;
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
    }
}
