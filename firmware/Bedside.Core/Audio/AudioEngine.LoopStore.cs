// AudioEngine — loop store and render jobs.
// Owns: the steady loop S and the transition loop T (short[N], Q15, N = LoopLength = 8192), the render job built at a
// seam (per voice entry: up to 3 partials as bin, old and new amplitude Q15, fast/slow, sign) and the job's work
// buffers; RenderJob and its fused variants; the diagnostics RenderSteadyFromScratch / CopySteadyLoop.
// Invariants: S = Σ over voices of round(Σ_p amp_p·sin(2π·bin_p·i/N) / 2^15) for the amplitudes in force (a
// from-scratch render) once the pending job is rendered; S and T are odd about the loop (x(N − i) = −x(i), x(0) = 0),
// so loops switch at the seam without a step; every change written is behind the playhead (already played).
// Rates: a job is built at a seam (OnSeam, every N samples) and rendered chunk by chunk right after each chunk is
// played, in the second half of the loop only (each d(i) also written at its mirror N − i). No allocation.
using System;

namespace Bedside.Core.Audio
{
    public sealed partial class AudioEngine
    {
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
    }
}
