// AudioEngine — noise bed.
// Owns: the bed's colour (off, pink, brown, ocean = brown with an 8–14 s swell), its gain ramp and colour switch
// (fade out, switch tables, fade in), the colour tilt (share of a pink bed's segments read from the brown table),
// the read position in the generated circular tables (Tables.PinkQ15 / BrownQ15) and the splice state.
// Invariants: the bed is read contiguously and spliced only from an upward zero crossing to another, 1024..4095
// samples apart (value-continuous, never periodic); each splice end is chosen so the output's running integral
// follows the tables' own prefix sums (no DC, nothing below the tables' 100 Hz high-pass beyond a small bounded offset).
// Rates: SetNoiseBed / SetNoiseTilt at control rate; a splice (NextNoiseSegment) every 1024..4095 samples from Render;
// the ocean swell per control tick (ControlTick); the samples themselves are read by the output stage (Mix).
using System;

namespace Bedside.Core.Audio
{
    public sealed partial class AudioEngine
    {
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
        private int _swellQ15 = 32767; // the ocean swell of the current tick (32767 for the other colours)


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


        private void SelectNoise(int c)
        {
            _noiseColor = c;
            _swellQ15 = 32767;
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
