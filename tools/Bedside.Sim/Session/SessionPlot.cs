using ScottPlot;

namespace Bedside.Sim.Session;

/// <summary>
/// session.png: seven aligned panels over session time (minutes) for a clinician: heart rate, skin
/// conductance, arousal (with confidence), therapy state bands, tempo, brightness (with density), output level.
/// Measured values are solid; the listener model's true values are dashed grey for comparison.
/// Long sessions are decimated to min/max pairs per pixel column, so an 8-hour plot stays fast.
/// </summary>
public static class SessionPlot
{
    public const int Width = 1400, PanelHeight = 180;
    private const int MaxPoints = 2400;
    private static readonly Color Measured = Color.FromHex("#1f5fa8");
    private static readonly Color Model = Color.FromHex("#8a8a8a");
    /// <summary>
    /// Every therapy state has one fixed row order and one fixed colour in every plot (a reader comparing two
    /// sessions must never see "SensorLost" in the colour another plot used for "Guide"). Unknown names (a stand-in
    /// core) go after these in order of appearance, in grey.
    /// </summary>
    private static readonly string[] StateOrder = { "Standby", "FadeIn", "Attune", "Guide", "Settled", "SensorLost", "Engage", "Sustain", "FadeOut" };
    private static readonly Color[] StateColors =
    {
        Color.FromHex("#eeeeee"), Color.FromHex("#c6dbef"), Color.FromHex("#fdd0a2"), Color.FromHex("#c7e9c0"), Color.FromHex("#bcbddc"),
        Color.FromHex("#fee391"), Color.FromHex("#fcbba1"), Color.FromHex("#a1d99b"), Color.FromHex("#d9d9d9"),
    };
    private static readonly Color UnknownStateColor = Color.FromHex("#cccccc");

    public static void Save(string path, Timeline tl, SessionOptions o)
    {
        int n = tl.Count;
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = tl.TS[i] / 60.0;
        double xMax = Math.Max(1.0 / 60, o.Minutes);

        var plots = new List<Plot>();
        Plot Panel(string yLabel)
        {
            var p = new Plot();
            p.Axes.Left.Label.FontSize = 15;
            p.YLabel(yLabel);
            p.Axes.SetLimitsX(0, xMax);
            plots.Add(p);
            return p;
        }

        var hr = Panel("Heart rate (bpm)");
        AddEventSpans(hr, xs, tl.Event, "ppg");
        AddLine(hr, xs, tl.ModelHrBpm, Model, "model", dashed: true);
        AddLine(hr, xs, tl.HrBpm, Measured, "measured", dashed: false);
        FitY(hr, 40, 120, tl.HrBpm, tl.ModelHrBpm);

        var scl = Panel("Skin cond. (µS)");
        AddEventSpans(scl, xs, tl.Event, "eda");
        AddLine(scl, xs, tl.ModelSclMicroS, Model, "model", dashed: true);
        AddLine(scl, xs, tl.SclMicroS, Measured, "measured SCL", dashed: false);
        FitY(scl, 0, 10, tl.SclMicroS, tl.ModelSclMicroS);

        var ar = Panel("Arousal (0-1)");
        AddEventSpans(ar, xs, tl.Event, null);
        // The unit's index is relative to the listener's own start-of-session baseline; the model's a is absolute.
        // The legend says so, so the two lines are read as trends, not as one number measured twice.
        AddLine(ar, xs, tl.ModelArousal, Model, "model (absolute)", dashed: true);
        AddLine(ar, xs, tl.Confidence, Color.FromHex("#e6a23c"), "confidence", dashed: false);
        AddLine(ar, xs, tl.Arousal, Measured, "index (relative)", dashed: false);
        ar.Axes.SetLimitsY(-0.02, 1.02);

        var st = Panel("Therapy state");
        AddStateBands(st, xs, tl.State);

        var tempo = Panel("Tempo (BPM)");
        AddLine(tempo, xs, tl.TempoBpm, Measured, "tempo", dashed: false);
        FitY(tempo, 40, 90, tl.TempoBpm, null);

        var br = Panel("Brightness / density");
        AddLine(br, xs, tl.Density, Color.FromHex("#6aa84f"), "density", dashed: false);
        AddLine(br, xs, tl.Brightness, Measured, "brightness", dashed: false);
        br.Axes.SetLimitsY(-0.02, 1.02);

        var lv = Panel("Output level (dBFS)");
        AddLine(lv, xs, tl.LevelDb, Measured, "RMS per second", dashed: false);
        FitY(lv, -60, 0, tl.LevelDb, null, floor: -90);
        lv.XLabel("Session time (minutes)");

        plots[0].Title("Bedside session: program " + SessionOptions.ProgramName(o.Program) + ", scenario "
            + Scenarios.ScenarioNames.Name(o.Scenario) + ", seed " + o.Seed);
        foreach (var p in plots)
        {
            p.Legend.IsVisible = p.GetPlottables().Any(q => q is IHasLegendText t && !string.IsNullOrEmpty(t.LegendText)) || p == st;
            p.Legend.Alignment = Alignment.UpperRight;
            p.ShowLegend(Edge.Right);
        }

        // Stack the panels ourselves (same padding, so the data areas line up exactly); only the bottom one shows x ticks.
        var heights = new int[plots.Count];
        for (int i = 0; i < plots.Count; i++)
        {
            bool top = i == 0, bottom = i == plots.Count - 1;
            heights[i] = PanelHeight + (top ? 30 : 0) + (bottom ? 50 : 0);
            plots[i].Layout.Fixed(new PixelPadding(120, 210, bottom ? 60 : 10, top ? 40 : 10)); // left, right, bottom, top
            if (!bottom) plots[i].Axes.Bottom.TickLabelStyle.IsVisible = false;
        }
        int total = heights.Sum();
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, total));
        var canvas = surface.Canvas;
        canvas.Clear(SkiaSharp.SKColors.White);
        int y = 0;
        for (int i = 0; i < plots.Count; i++)
        {
            canvas.Save();
            canvas.Translate(0, y);
            canvas.ClipRect(new SkiaSharp.SKRect(0, 0, Width, heights[i]));
            plots[i].Render(canvas, Width, heights[i]);
            canvas.Restore();
            y += heights[i];
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var fs = File.Create(path);
        data.SaveTo(fs);
    }

    private static void AddLine(Plot p, double[] xs, List<double> ys, Color color, string label, bool dashed)
    {
        // Split at NaN (invalid measurements leave gaps), decimate each run to min/max pairs.
        int n = ys.Count, stride = Math.Max(1, n / (MaxPoints / 2));
        bool labelled = false;
        int i = 0;
        while (i < n)
        {
            while (i < n && double.IsNaN(ys[i])) i++;
            if (i >= n) break;
            var rx = new List<double>(); var ry = new List<double>();
            while (i < n && !double.IsNaN(ys[i]))
            {
                int end = Math.Min(n, i + stride);
                int lo = i, hi = i;
                int j = i;
                for (; j < end && !double.IsNaN(ys[j]); j++) { if (ys[j] < ys[lo]) lo = j; if (ys[j] > ys[hi]) hi = j; }
                if (lo <= hi) { rx.Add(xs[lo]); ry.Add(ys[lo]); if (hi != lo) { rx.Add(xs[hi]); ry.Add(ys[hi]); } }
                else { rx.Add(xs[hi]); ry.Add(ys[hi]); rx.Add(xs[lo]); ry.Add(ys[lo]); }
                i = j;
            }
            var s = p.Add.ScatterLine(rx.ToArray(), ry.ToArray(), color);
            s.LineWidth = dashed ? 1.5f : 2f;
            if (dashed) s.LinePattern = LinePattern.Dashed;
            if (!labelled) { s.LegendText = label; labelled = true; }
        }
    }

    /// <summary>Shades the scenario's scripted events (movement, pain, sensors off) behind the physiology panels.</summary>
    /// <param name="sensor">"ppg" or "eda": shade only that sensor's detachment; null: shade any.</param>
    private static void AddEventSpans(Plot p, double[] xs, List<string> events, string sensor)
    {
        var labelled = new HashSet<string>();
        int n = events.Count, start = 0;
        for (int i = 1; i <= n; i++)
        {
            if (i < n && events[i] == events[start]) continue;
            string ev = events[start];
            bool off = ev.Contains("off");
            if (off && sensor != null && !ev.Contains(sensor)) ev = "";
            if (ev.Length > 0)
            {
                string kind = !off ? (ev == "pain" ? "pain episode" : "movement")
                    : sensor == "ppg" ? "finger sensor off" : sensor == "eda" ? "EDA electrodes off" : "a sensor off";
                Color c = ev.Contains("off") ? Color.FromHex("#fff3b0") : ev == "pain" ? Color.FromHex("#f8d0d0") : Color.FromHex("#e4e4e4");
                double x0 = (start == 0 ? 0 : xs[start - 1]), x1 = xs[i - 1];
                var span = p.Add.HorizontalSpan(x0, x1, c.WithAlpha(0.8));
                span.LineStyle.Width = 0;
                if (labelled.Add(kind)) span.LegendText = kind;
            }
            start = i;
        }
    }

    private static void AddStateBands(Plot p, double[] xs, List<string> states)
    {
        // rows: the states that occur, in the fixed order, then unknown names in order of appearance
        var names = new List<string>();
        foreach (var s in StateOrder) if (states.Contains(s)) names.Add(s);
        foreach (var s in states) if (!names.Contains(s)) names.Add(s);
        int n = states.Count;
        int start = 0;
        for (int i = 1; i <= n; i++)
        {
            if (i < n && states[i] == states[start]) continue;
            int k = names.IndexOf(states[start]);
            double x0 = start == 0 ? 0 : (xs[start - 1] + xs[start]) / 2, x1 = i < n ? (xs[i - 1] + xs[i]) / 2 : xs[n - 1];
            var r = p.Add.Rectangle(x0, x1, k, k + 0.8);
            r.FillStyle.Color = ColorOf(names[k]);
            r.LineStyle.Width = 0;
            start = i;
        }
        for (int k = 0; k < names.Count; k++)
            p.Legend.ManualItems.Add(new LegendItem { LabelText = names[k], FillColor = ColorOf(names[k]) });
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k < names.Count; k++) ticks.AddMajor(k + 0.4, names[k]);
        p.Axes.Left.TickGenerator = ticks;
        p.Axes.SetLimitsY(-0.2, Math.Max(1, names.Count));
    }

    private static Color ColorOf(string state)
    {
        int i = Array.IndexOf(StateOrder, state);
        return i < 0 ? UnknownStateColor : StateColors[i];
    }

    private static void FitY(Plot p, double lo, double hi, List<double> a, List<double> b, double floor = double.NegativeInfinity)
    {
        foreach (var list in new[] { a, b })
        {
            if (list == null) continue;
            foreach (var v in list)
                if (!double.IsNaN(v) && v > floor) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        }
        double pad = (hi - lo) * 0.05;
        p.Axes.SetLimitsY(lo - pad, hi + pad);
    }
}
