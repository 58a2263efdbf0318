namespace Bedside.Sim.Scenarios;

/// <summary>
/// Transfer function of the Grove-style GSR module on the ESP32's 12-bit ADC1 (what the device reads).
/// Seeed's documented relation for the module's 10-bit reading r is R_skin = (1024 + 2 r) · 10 kΩ / (512 − r);
/// the ESP32 reads 12 bits, so counts = 4 r. Solved for r: r = (512 R − 10 240 000) / (R + 20 000) with R in Ω.
/// Conductance G = 1/R: 2 µS → 1890 counts, 10 µS → 1365, 20 µS → 878. Open electrodes (G → 0) read 2048,
/// and the reading falls as conductance rises. The sensing part must use the inverse of this mapping.
/// </summary>
public static class GsrTransfer
{
    public const int MaxCounts = 4095;
    public const int OpenCircuitCounts = 2048;

    /// <summary>Exact (unquantised) 12-bit reading for a skin conductance in µS (≥ 0).</summary>
    public static double CountsFromMicroSiemens(double microSiemens)
    {
        if (!(microSiemens > 1e-6)) return OpenCircuitCounts;
        double ohms = 1e6 / microSiemens;
        double r10 = (512.0 * ohms - 10_240_000.0) / (ohms + 20_000.0);
        return 4.0 * r10;
    }

    /// <summary>Inverse: conductance in µS from a 12-bit reading (0 at or above the open-circuit reading).</summary>
    public static double MicroSiemensFromCounts(double counts)
    {
        double r10 = counts / 4.0;
        if (r10 >= 512.0) return 0;
        double ohms = (1024.0 + 2.0 * r10) * 10_000.0 / (512.0 - r10);
        return 1e6 / ohms;
    }
}
