using Bedside.Core;
using Bedside.Core.Audio;
using Bedside.Core.Composer;
using Bedside.Tests.Composer;
using Xunit;
using Xunit.Abstractions;

namespace Bedside.Tests.Audio;

/// <summary>
/// The checklist for adding a timbre (Audio README), as tests over Enum.GetValues&lt;Timbre&gt;(): every value has its
/// recipe rows, renders its own recipe (rendered audio: partial ratios of a steady drone) without clicks, is accepted by
/// presets, is played by the composer when a preset names it alone, and is played in the loudness test's renders.
/// </summary>
public class TimbreChecklistTests
{
    private const int Fs = 16000;
    private readonly ITestOutputHelper _out;
    public TimbreChecklistTests(ITestOutputHelper o) { _out = o; }

    public static IEnumerable<object[]> AllTimbres() => Enum.GetValues<Timbre>().Select(t => new object[] { t });

    [Fact]
    public void Every_timbre_has_its_recipe_rows()
    {
        int n = Enum.GetValues<Timbre>().Length;
        Assert.Equal(Enumerable.Range(0, n), Enum.GetValues<Timbre>().Select(t => (int)t)); // values 0..n-1, as the tables index them
        Assert.Equal(n * Timbres.Partials, Timbres.RatioQ8.Length);
        Assert.Equal(n * Timbres.Partials, Timbres.DarkQ15.Length);
        Assert.Equal(n * Timbres.Partials, Timbres.BrightQ15.Length);
        Assert.Equal(n, Timbres.Count); // the engine accepts 0..Count − 1 and plays anything else as Pad
    }

    /// <summary>Amplitude of loop bin k over one steady loop (the output is exactly periodic in LoopLength).</summary>
    private static double BinAmplitude(short[] x, int start, int n, int k)
    {
        double re = 0, im = 0;
        for (int i = 0; i < n; i++) { double a = 2 * Math.PI * k * i / n; re += x[start + i] * Math.Cos(a); im += x[start + i] * Math.Sin(a); }
        return 2 * Math.Sqrt(re * re + im * im) / n;
    }

    [Theory]
    [MemberData(nameof(AllTimbres))]
    public void Every_timbre_renders_its_own_recipe_without_clicks(Timbre t)
    {
        const int bin = 60;
        int loop = AudioEngine.LoopLength;
        var x = Dsp.Render(Fs, 5, e => { e.SetLevelCapCentiDb(0); e.SetMasterLevel(-600, 10); e.SetBrightness(32767, 10); e.Start(10); }, 16, (e, sample) =>
        {
            long ms = sample * 1000 / Fs, prev = (sample - 512) * 1000 / Fs;
            bool At(long when) => ms >= when && prev < when;
            if (At(0)) e.SetDrone(0, t, e.GridHzQ16 * bin, 16000, 10);
            if (At(12000)) e.SetDrone(0, t, e.GridHzQ16 * bin, 0, 10);
            if (At(13000)) e.NoteOn(t, e.GridHzQ16 * 150, 16000, 1, 200, 10);
        });
        int click = ClickDetector.FirstClick(x);
        Assert.True(click == -1, $"{t}: click at {click * 1000.0 / Fs:F0} ms");
        double rmsNote = Math.Sqrt(x.Skip(13 * Fs).Take(Fs / 2).Average(v => (double)v * v));
        Assert.True(rmsNote > 300, $"{t}: note RMS {rmsNote:F0}");

        // steady drone, full brightness: partial p at bin (bin·RatioQ8 + 128) >> 8 with the recipe's bright amplitude
        int start = 11 * Fs - loop;
        double a0 = BinAmplitude(x, start, loop, bin);
        Assert.True(a0 > 1000, $"{t}: drone fundamental {a0:F0}");
        for (int p = 1; p < Timbres.Partials; p++)
        {
            int k = (bin * Timbres.RatioQ8[(int)t * Timbres.Partials + p] + 128) >> 8;
            double want = (double)Timbres.BrightQ15[(int)t * Timbres.Partials + p] / Timbres.BrightQ15[(int)t * Timbres.Partials];
            double got = BinAmplitude(x, start, loop, k) / a0;
            _out.WriteLine($"{t} partial {p} (bin {k}): {got:F3} of the fundamental, recipe {want:F3}");
            Assert.InRange(got, want - 0.02, want + 0.02);
        }
    }

    [Theory]
    [MemberData(nameof(AllTimbres))]
    public void Every_timbre_is_accepted_by_presets_and_played_by_the_composer(Timbre t)
    {
        Assert.True(Instruments.Has(Instruments.All, t), $"Instruments.All lacks {t}");
        var preset = new Preset { InstrumentSet = (byte)(1 << (int)t) };
        Assert.Null(preset.Validate());
        foreach (ProgramKind p in new[] { ProgramKind.Sleep, ProgramKind.Calm, ProgramKind.Pain })
            Assert.Contains(t, Played(p, preset, 60));
    }

    [Fact]
    public void Every_timbre_plays_in_the_loudness_tests_renders()
    {
        var heard = new HashSet<Timbre>();
        foreach (var row in RenderedAudioTests.ProgramPresets())
            heard.UnionWith(Played((ProgramKind)row[0], (Preset)row[2], 30));
        foreach (Timbre t in Enum.GetValues<Timbre>()) Assert.True(heard.Contains(t), $"no preset of the loudness test plays {t}");
    }

    /// <summary>Timbres the composer asks for (notes and audible drones) in a session of the given seconds (the loudness test's controls).</summary>
    private static HashSet<Timbre> Played(ProgramKind program, Preset preset, int seconds)
    {
        var sink = new RecordingSink();
        var c = new MusicComposer();
        Assert.Null(c.SetPreset(preset));
        c.SetSleepTimerMinutes(0);
        c.SetProgram(program);
        c.Init(5, sink);
        var controls = new MusicControls { TempoCentiBpm = 7000, BrightnessQ15 = 20000, DensityQ15 = 26000, EnergyQ15 = 20000, LevelCentiDb = -2000 };
        for (int ms = 0; ms < seconds * 1000; ms += 50) { sink.NowMs = ms; c.Tick(ms, controls); }
        return sink.Events.Where(e => (e.Call == SinkCall.NoteOn || e.Call == SinkCall.Drone) && e.GainQ15 > 0).Select(e => e.Timbre).ToHashSet();
    }
}
