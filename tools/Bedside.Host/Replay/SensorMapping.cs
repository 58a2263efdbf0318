using Bedside.Core.Sensing;

namespace Bedside.Host.Replay;

/// <summary>
/// Maps recorded values to what the device's sensors would deliver (the inverse of the core's transfer functions).
///
/// PPG → 12-bit ADC counts of the analog pulse sensor (ESP32 ADC1):
/// - a recording whose values are all integers in 0..1023 is taken as 10-bit ADC counts of the same kind of
///   sensor at the same supply, and scaled ×4 (same voltage, 12-bit counts);
/// - anything else (arbitrary units) is placed around mid-scale: counts = 2048 + (v − median) · 1000 / (p98 − p2),
///   i.e. the central 96 % of the recording spans 1000 counts (≈ 0.8 V, a typical PulseSensor swing), clamped
///   to 0..4095. This is a per-recording affine map: it changes no timing and no shape.
/// PPG → MAX30102 raw IR (18-bit), when selected: see <see cref="PpgToMax30102Ir"/>.
/// EDA µS → Grove GSR counts (open-electrode reading 2048): c = 2048·(100000 − 2G)/(100000 + 2G), G in nS,
///   rounded and clamped to 0..4095 (inverse of <see cref="EdaProcessor.ToNanoSiemens"/>);
///   or → ADS1115 counts c = 32000·G/(10000 + G) for the ADS1115 front end.
/// No ADC noise is added (the recordings carry their own noise); quantisation is the real one.
/// </summary>
public static class SensorMapping
{
    /// <summary>Returns a function from a recorded PPG value to 12-bit counts, chosen from the whole recording.</summary>
    public static Func<double, int> PpgToAdc12(double[] ppg)
    {
        bool tenBit = true;
        foreach (var v in ppg) if (v < 0 || v > 1023 || v != Math.Floor(v)) { tenBit = false; break; }
        if (tenBit) return v => Clamp((int)Math.Round(v * 4), 0, 4095);
        var sorted = (double[])ppg.Clone();
        Array.Sort(sorted);
        double med = sorted[sorted.Length / 2];
        double p2 = sorted[(int)(0.02 * (sorted.Length - 1))], p98 = sorted[(int)(0.98 * (sorted.Length - 1))];
        double span = p98 - p2;
        if (!(span > 0)) return v => 2048;
        double k = 1000.0 / span;
        return v => Clamp((int)Math.Round(2048 + (v - med) * k), 0, 4095);
    }

    /// <summary>
    /// Returns a function from a recorded PPG value (pulse-up) to MAX30102 raw IR counts: a finger-on DC level of
    /// 120,000 counts with the recording's 2nd–98th percentile span mapped to 1,500 counts (≈ 1.25 % perfusion),
    /// inverted because the reflected light falls as blood volume rises; clamped to 0..262143.
    /// </summary>
    public static Func<double, int> PpgToMax30102Ir(double[] ppg)
    {
        var sorted = (double[])ppg.Clone();
        Array.Sort(sorted);
        double med = sorted[sorted.Length / 2];
        double p2 = sorted[(int)(0.02 * (sorted.Length - 1))], p98 = sorted[(int)(0.98 * (sorted.Length - 1))];
        double span = p98 - p2;
        if (!(span > 0)) return v => 120000;
        double k = 1500.0 / span;
        return v => Clamp((int)Math.Round(120000 - (v - med) * k), 0, 262143);
    }

    /// <summary>µS → Grove counts with the given open-electrode reading (default 2048).</summary>
    public static int EdaToGrove(double microSiemens, int openCounts = 2048)
    {
        double g = Math.Max(0, microSiemens * 1000.0);
        double c = openCounts * (100000.0 - 2 * g) / (100000.0 + 2 * g);
        return Clamp((int)Math.Round(c), 0, 4095);
    }

    /// <summary>µS → ADS1115 counts of the 0.5 V / 100 kΩ divider.</summary>
    public static int EdaToAds1115(double microSiemens)
    {
        double g = Math.Max(0, microSiemens * 1000.0);
        return Clamp((int)Math.Round(32000.0 * g / (10000.0 + g)), 0, 32767);
    }

    private static int Clamp(int v, int lo, int hi) => v < lo ? lo : (v > hi ? hi : v);
}
