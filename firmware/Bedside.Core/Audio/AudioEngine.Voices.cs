// AudioEngine — voice bookkeeping.
// Owns: the 8-voice pool (drones and notes share it; 4 drone slots map to voices), each voice's timbre, loop bin,
// level/target Q15 and piecewise-linear envelope (attack, hold, release in whole loop segments; fast attacks 256
// samples), the rendered partial amplitudes _vAmpQ15, and the brightness level (0..8 steps) of all partials. The
// control-rate API NoteOn / SetDrone / SetBrightness; OnSeam advances envelopes and brightness and turns every real
// amplitude change into a job entry (AddVoiceToJob).
// Invariants: Σ of voice gains ≤ HeadroomQ15 (0.9) so the tonal loop never wraps; a voice is reused only when its
// rendered amplitudes are back to 0; timbres outside 0..Timbres.Count − 1 play as Pad; a partial at or above 0.45·fs,
// or below −30 dB of its voice, is not rendered.
// Rates: API calls at control rate (the composer's); envelopes and brightness advance once per loop seam (N samples).
using System;

namespace Bedside.Core.Audio
{
    public sealed partial class AudioEngine
    {
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


        /// <summary>Diagnostics: amplitude (Q15) and loop bin of partial p (0..2) of voice v (0..7) as rendered now; 0 when silent.</summary>
        public int PartialAmpQ15(int v, int p) { return _vAmpQ15[v * P + p]; }
        /// <summary>Diagnostics: loop bin of partial p of voice v.</summary>
        public int PartialBin(int v, int p) { return ((_vBin[v] * Timbres.RatioQ8[_vTimbre[v] * P + p] + 128) >> 8) & LoopMask; }


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


        /// <summary>A timbre value with a recipe row (0..Timbres.Count − 1) as is; anything else plays as Pad (0).</summary>
        private static int ClampTimbre(int t) { return t < 0 || t >= Timbres.Count ? 0 : t; }

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
    }
}
