namespace Bedside.Budget;

/// <summary>The learned models' cost on the device: one melody note (network step + two draws), one chord.</summary>
/// <param name="IlPerNote">IL instructions per melody note (NetworkMelody.NextDegree + NextDurSixteenths).</param>
/// <param name="IlPerChord">IL instructions per chord (NetworkHarmony.Next).</param>
/// <param name="IlPerSampleAtPainRate">Amortised IL per output sample at 16 kHz: the Pain program's maximum melody rate
/// (ProgramProfile.MaxMelodyCentiPerMin) and one chord per chord-pad period (MusicComposer.ChordPeriodMs).</param>
/// <param name="InitBytes">Bytes allocated constructing both models (their tables, state and buffers).</param>
/// <param name="Allocations">Allocations counted during the measured steps.</param>
public sealed record NetworkCost(double IlPerNote, double IlPerChord, double IlPerSampleAtPainRate, long InitBytes, long Allocations);

public static class NetworkBudget
{
    /// <summary>Instrumented core: constructs NetworkMelody and NetworkHarmony (init bytes), warms up 16 steps, then measures
    /// <paramref name="notes"/> notes (Luminous set, a 9-degree register) and as many chords.</summary>
    public static NetworkCost Run(string coreDllPath, int notes = 400, int sampleRate = 16000)
    {
        byte[] image = Instrumenter.Instrument(coreDllPath);
        using var ic = new InstrumentedCore(image, "budget-networks");
        var core = ic.Core;
        var rngT = core.GetType("Bedside.Core.Rng", true);
        var melT = core.GetType("Bedside.Core.Composer.NetworkMelody", true);
        var harT = core.GetType("Bedside.Core.Composer.NetworkHarmony", true);
        object rng = Activator.CreateInstance(rngT, 7u);
        ic.Reset();
        object mel = Activator.CreateInstance(melT, rng);
        object har = Activator.CreateInstance(harT, rng);
        long initBytes = ic.Bytes;
        var nextDeg = (Func<int, int, int, int>)Delegate.CreateDelegate(typeof(Func<int, int, int, int>), mel, melT.GetMethod("NextDegree"));
        var nextDur = (Func<int>)Delegate.CreateDelegate(typeof(Func<int>), mel, melT.GetMethod("NextDurSixteenths"));
        var nextChord = (Func<int, bool, int>)Delegate.CreateDelegate(typeof(Func<int, bool, int>), har, harT.GetMethod("Next"));
        for (int i = 0; i < 16; i++) { nextDeg(0x7F, -2, 6); nextDur(); nextChord(0x7F, true); }
        ic.Reset();
        for (int i = 0; i < notes; i++) { nextDeg(0x7F, -2, 6); nextDur(); }
        double ilNote = ic.IL / (double)notes;
        long allocs = ic.Allocs;
        ic.Reset();
        for (int i = 0; i < notes; i++) nextChord(0x7F, true);
        double ilChord = ic.IL / (double)notes;
        allocs += ic.Allocs;
        var prof = core.GetType("Bedside.Core.Composer.ProgramProfile", true);
        var rates = (short[])prof.GetField("MaxMelodyCentiPerMin").GetValue(null);
        double notesPerSecond = rates[2] / 100.0 / 60.0; // Pain
        int chordMs = (int)core.GetType("Bedside.Core.Composer.MusicComposer", true).GetField("ChordPeriodMs").GetValue(null);
        double perSecond = ilNote * notesPerSecond + ilChord * 1000.0 / chordMs;
        return new NetworkCost(ilNote, ilChord, perSecond / sampleRate, initBytes, allocs);
    }

    public static string Format(NetworkCost c) =>
        $"learned models: {c.IlPerNote:F0} IL per melody note, {c.IlPerChord:F0} IL per chord, {c.IlPerSampleAtPainRate:F2} IL/sample amortised at the Pain note rate (16 kHz, limit 2), " +
        $"{c.InitBytes} bytes at init, {c.Allocations} allocations per step";
}
