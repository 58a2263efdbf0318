using Bedside.Core;
using Bedside.Core.Audio;
using Xunit;

namespace Bedside.Tests.Audio;

public class ClickTests
{
    private static short[] Sine(double f, int fs, int n, double amp, double phase = 0)
    {
        var x = new short[n];
        for (int i = 0; i < n; i++) x[i] = (short)Math.Round(amp * Math.Sin(2 * Math.PI * f * i / fs + phase));
        return x;
    }

    [Theory]
    [InlineData(60.0)]
    [InlineData(440.0)]
    [InlineData(3500.0)]
    public void Detector_accepts_clean_tones(double f)
    {
        // after 256 samples of history (the detector judges a step against what came before)
        Assert.Equal(-1, ClickDetector.FirstClick(Sine(f, 16000, 16000, 20000), 256));
        Assert.Equal(-1, ClickDetector.FirstClick(Sine(f, 16000, 16000, 300), 256));
    }

    [Fact]
    public void Detector_accepts_engine_noise_beds()
    {
        foreach (var c in new[] { NoiseColor.Pink, NoiseColor.Brown })
        {
            var x = Dsp.Render(16000, 3, e => { e.SetLevelCapCentiDb(0); e.SetMasterLevel(0, 10); e.Start(10); e.SetNoiseBed(c, 32767, 10); }, 10);
            Assert.Equal(-1, ClickDetector.FirstClick(x, 1600));
        }
    }

    [Fact]
    public void Detector_flags_gate_dropout_and_dc_step()
    {
        var gate = Sine(440, 16000, 8000, 15000, Math.PI / 2);
        Array.Clear(gate, 0, 4000);               // tone switched on at its peak
        Assert.Equal(4000, ClickDetector.FirstClick(gate));

        var drop = Sine(440, 16000, 8000, 15000);
        int k = 5000; while (Math.Abs((int)drop[k]) < 12000) k++;
        drop[k] = 0;                              // one dropped sample near a peak
        Assert.Equal(k, ClickDetector.FirstClick(drop));

        var dc = Sine(200, 16000, 8000, 2000);
        for (int i = 6000; i < 8000; i++) dc[i] += 9000; // DC step
        Assert.Equal(6000, ClickDetector.FirstClick(dc));
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(11025)]
    public void Engine_output_has_no_clicks_through_starts_stops_layers_and_sweeps(int fs)
    {
        var x = Dsp.Render(fs, 21, e => { e.SetLevelCapCentiDb(0); e.SetMasterLevel(-600, 10); e.Start(10); }, 24, (e, sample) =>
        {
            int g = e.GridHzQ16;
            long ms = sample * 1000 / fs;
            long prev = (sample - 512) * 1000 / fs;
            bool At(long t) => ms >= t && prev < t;
            if (At(0)) { e.SetDrone(0, Timbre.Pad, g * 60, 12000, 10); e.SetNoiseBed(NoiseColor.Pink, 6000, 10); }
            if (At(1500)) { e.NoteOn(Timbre.Pluck, g * 180, 12000, 1, 100, 10); e.NoteOn(Timbre.Bell, g * 270, 9000, 1, 0, 10); }
            if (At(3000)) { e.SetBrightness(32767, 10); e.SetDrone(1, Timbre.Bass, g * 30, 12000, 10); }
            if (At(4500)) { e.SetBrightness(0, 10); e.SetNoiseBed(NoiseColor.Brown, 16000, 10); }
            if (At(6000)) { e.SetDrone(0, Timbre.Flute, g * 90, 9000, 10); e.SetMasterLevel(0, 10); }
            if (At(8000)) { e.SetNoiseBed(NoiseColor.Ocean, 20000, 10); e.SetDrone(1, Timbre.Bass, g * 30, 0, 10); }
            if (At(10000)) { e.Stop(10); }
            if (At(11000)) { e.Start(10); e.NoteOn(Timbre.Flute, g * 200, 20000, 1, 0, 1); }
            if (At(13000)) { e.SetLevelCapCentiDb(-2400); e.SetNoiseBed(NoiseColor.Off, 0, 10); }
            if (At(15000)) { e.SetDrone(0, Timbre.Pad, g * 60, 0, 10); e.SetLevelCapCentiDb(0); }
            if (At(19000)) { e.NoteOn(Timbre.Pluck, g * 120, 30000, 1, 0, 1); }
            if (At(21000)) { e.Stop(10); }
        });
        int click = ClickDetector.FirstClick(x);
        Assert.True(click == -1, $"click at sample {click} ({click * 1000.0 / fs:F0} ms)");
        Assert.True(x.Max(v => Math.Abs((int)v)) > 2000, "the scenario must actually produce sound");
    }
}
