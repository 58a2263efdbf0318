namespace Bedside.Sim.Session;

/// <summary>
/// The bedside speaker as the listener hears it: the BOM's driver (Dayton Audio ND65-8, 64 mm, 8 Ω) in a
/// 1.0 L closed box, as a magnitude response applied on the host in double precision.
///
/// Low end: the closed box is a 2nd-order high-pass at fc with quality Qtc (Small's closed-box alignment), from
/// the datasheet's Fs = 102 Hz, Qts = 0.65, Vas = 0.40 L and the box volume Vb = 1.0 L:
/// α = Vas/Vb = 0.40, fc = Fs·√(1 + α) = 120.7 Hz, Qtc = Qts·√(1 + α) = 0.769;
/// |H_hp(f)|² = x⁴ / ((1 − x²)² + (x/Qtc)²), x = f/fc (−2.3 dB at fc, −12 dB at fc/2, −12 dB/octave below).
/// Top: a 1st-order low-pass at <see cref="TopHz"/> = 10 kHz, |H_lp|² = 1 / (1 + (f/TopHz)²) (−0.6 dB at 4 kHz,
/// −2.1 dB at 8 kHz, −3.0 dB at 10 kHz). This corner is an ESTIMATE (the datasheet gives the range 80 Hz–20 kHz; a 64 mm cone
/// narrows its beam above a few kHz, so off axis at a pillow the top falls gently), not a datasheet figure.
/// Box losses, baffle step, room and cone break-up are not modelled.
/// </summary>
public static class SpeakerModel
{
    public const string Name = "Dayton Audio ND65-8 in a 1.0 L closed box";
    /// <summary>Driver free-air resonance, total Q and compliance volume (datasheet), box volume (BOM).</summary>
    public const double FsHz = 102.0, Qts = 0.65, VasLitres = 0.40, BoxLitres = 1.0;
    /// <summary>Top roll-off corner (estimate, see the class comment).</summary>
    public const double TopHz = 10000.0;

    /// <summary>Closed-box resonance fc = Fs·√(1 + Vas/Vb).</summary>
    public static double FcHz => FsHz * Math.Sqrt(1 + VasLitres / BoxLitres);
    /// <summary>Closed-box total Q, Qtc = Qts·√(1 + Vas/Vb).</summary>
    public static double Qtc => Qts * Math.Sqrt(1 + VasLitres / BoxLitres);

    /// <summary>|H(f)|², the power response of the speaker at f (Hz), 1 in the pass band.</summary>
    public static double PowerResponse(double f)
    {
        if (f <= 0) return 0;
        double x = f / FcHz, x2 = x * x, q = x / Qtc;
        double hp = x2 * x2 / ((1 - x2) * (1 - x2) + q * q);
        double t = f / TopHz;
        return hp / (1 + t * t);
    }

    /// <summary>|H(f)| in dB.</summary>
    public static double ResponseDb(double f) => 10 * Math.Log10(PowerResponse(f));

    /// <summary>IEC 61672 A-weighting as power, normalised to 1 at 1 kHz.</summary>
    public static double AWeightPower(double f)
    {
        double f2 = f * f;
        double num = 12194.0 * 12194.0 * f2 * f2;
        double den = (f2 + 20.6 * 20.6) * Math.Sqrt((f2 + 107.7 * 107.7) * (f2 + 737.9 * 737.9)) * (f2 + 12194.0 * 12194.0);
        double ra = num / den;
        return ra * ra * Math.Pow(10, 2.0 / 10); // +2.00 dB so A(1 kHz) = 0 dB
    }
}

/// <summary>
/// Long-term spectrum of the line-out (16-bit PCM fed block by block) and what the listener hears through
/// <see cref="SpeakerModel"/>: Welch power spectrum (4096-point Hann segments, 50 % overlap) summed over the whole
/// session, then weighted by |H(f)|² (and by A-weighting for the A-weighted level). Because the speaker is linear,
/// the as-heard spectrum is the line-out spectrum times |H|². Given the session's length, it analyses at most about
/// <see cref="MaxSegments"/> segments spread evenly over it (a long-term average needs no more, and analysing every
/// one would make an 8-hour simulation four times slower); the RMS level always counts every sample.
/// Allocates only in the constructor.
/// </summary>
public sealed class HeardSpectrum
{
    public const int N = 4096;
    /// <summary>The split of the "share below" figures, Hz.</summary>
    public const double LowSplitHz = 150.0;
    /// <summary>Segments analysed over a session of known length, at most (about).</summary>
    public const int MaxSegments = 2048;
    private readonly int _rateHz;
    /// <summary>Samples from one segment's start to the next: N/2 (50 % overlap) or a multiple of N (gaps skipped).</summary>
    private readonly long _hop;
    private long _skip;
    private readonly double[] _win = new double[N], _re = new double[N], _im = new double[N], _psd = new double[N / 2 + 1];
    private readonly double[] _ring = new double[N];
    private int _fill;
    private long _segments;
    private double _sumSq;
    private long _samples;

    /// <summary>
    /// rateHz: the line-out's sample rate. expectedSamples: the session's length in samples, or 0 to analyse every
    /// segment with 50 % overlap (right for up to MaxSegments × N/2 samples, about 4.5 min at 16 kHz).
    /// </summary>
    public HeardSpectrum(int rateHz, long expectedSamples = 0)
    {
        _rateHz = rateHz;
        long hops = expectedSamples / (N / 2);
        _hop = hops <= MaxSegments ? N / 2 : N * ((hops + 2L * MaxSegments - 1) / (2L * MaxSegments));
        for (int i = 0; i < N; i++) _win[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / N);
    }

    /// <summary>Adds sampleCount 16-bit little-endian samples from pcm at offset.</summary>
    public void Add(byte[] pcm, int offset, int sampleCount)
    {
        long sumSq = 0; // exact: a block's squares of 16-bit samples fit a long
        int k = 0;
        while (k < sampleCount)
        {
            if (_skip > 0)
            {
                // between analysed segments only the level counts
                int end = (int)Math.Min(sampleCount, k + _skip);
                _skip -= end - k;
                for (; k < end; k++) { int v = (short)(pcm[offset + 2 * k] | (pcm[offset + 2 * k + 1] << 8)); sumSq += v * v; }
                continue;
            }
            int w = (short)(pcm[offset + 2 * k] | (pcm[offset + 2 * k + 1] << 8));
            sumSq += w * w;
            k++;
            Fill(w / 32768.0);
        }
        _sumSq += sumSq / (32768.0 * 32768.0);
        _samples += sampleCount;
    }

    /// <summary>Adds one sample (full scale ±1).</summary>
    public void Add(double s)
    {
        _sumSq += s * s; _samples++;
        if (_skip > 0) { _skip--; return; }
        Fill(s);
    }

    private void Fill(double s)
    {
        _ring[_fill++] = s;
        if (_fill < N) return;
        Segment();
        if (_hop == N / 2)
        {
            Array.Copy(_ring, N / 2, _ring, 0, N / 2); // 50 % overlap
            _fill = N / 2;
        }
        else
        {
            _fill = 0;
            _skip = _hop - N; // the gap to the next analysed segment
        }
    }

    /// <summary>Segments analysed so far.</summary>
    public long Segments => _segments;

    private void Segment()
    {
        for (int i = 0; i < N; i++) { _re[i] = _ring[i] * _win[i]; _im[i] = 0; }
        Fft(_re, _im);
        for (int b = 0; b <= N / 2; b++) _psd[b] += _re[b] * _re[b] + _im[b] * _im[b];
        _segments++;
    }

    /// <summary>Frequency of bin b, Hz.</summary>
    public double BinHz(int b) => b * (double)_rateHz / N;

    /// <summary>RMS level of the line-out, dB re full scale (as the timeline's rms_dbfs: a full-scale square is 0 dB).</summary>
    public double LineOutDbfs => _samples == 0 || _sumSq <= 0 ? double.NegativeInfinity : 10 * Math.Log10(_sumSq / _samples);

    /// <summary>Share of the energy between 20 Hz and fs/2 that lies below <see cref="LowSplitHz"/>, line-out (heard = false) or as heard.</summary>
    public double ShareBelow(double splitHz, bool heard)
    {
        double lo = 0, all = 0;
        for (int b = 1; b <= N / 2; b++)
        {
            double f = BinHz(b);
            if (f < 20) continue;
            double p = _psd[b] * (heard ? SpeakerModel.PowerResponse(f) : 1);
            all += p;
            if (f < splitHz) lo += p;
        }
        return all <= 0 ? 0 : lo / all;
    }

    /// <summary>Spectral centroid (power-weighted mean frequency, 20 Hz .. fs/2), Hz.</summary>
    public double Centroid(bool heard)
    {
        double m = 0, all = 0;
        for (int b = 1; b <= N / 2; b++)
        {
            double f = BinHz(b);
            if (f < 20) continue;
            double p = _psd[b] * (heard ? SpeakerModel.PowerResponse(f) : 1);
            all += p; m += p * f;
        }
        return all <= 0 ? 0 : m / all;
    }

    /// <summary>
    /// Level of the heard signal relative to the line-out, dB (how much of the line-out's power the speaker passes);
    /// aWeighted also applies A-weighting (what a sound level meter on dBA reads relative to the line-out's RMS).
    /// </summary>
    public double HeardGainDb(bool aWeighted)
    {
        double line = 0, heard = 0;
        for (int b = 1; b <= N / 2; b++)
        {
            double f = BinHz(b);
            line += _psd[b];
            heard += _psd[b] * SpeakerModel.PowerResponse(f) * (aWeighted ? SpeakerModel.AWeightPower(f) : 1);
        }
        return line <= 0 || heard <= 0 ? double.NegativeInfinity : 10 * Math.Log10(heard / line);
    }

    /// <summary>True once at least one full segment has been analysed.</summary>
    public bool HasData => _segments > 0;

    // In-place iterative radix-2 FFT (N a power of two).
    private static void Fft(double[] re, double[] im)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            double ang = -2 * Math.PI / len, wr = Math.Cos(ang), wi = Math.Sin(ang);
            for (int i = 0; i < n; i += len)
            {
                double cr = 1, ci = 0;
                for (int k = 0; k < len / 2; k++)
                {
                    int a = i + k, b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                    double t = cr * wr - ci * wi; ci = cr * wi + ci * wr; cr = t;
                }
            }
        }
    }
}
