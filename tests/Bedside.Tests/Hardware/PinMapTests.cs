using System.Reflection;
using System.Text.RegularExpressions;
using Bedside.Device.Board;
using Xunit;

namespace Bedside.Tests.Hardware;

/// <summary>hardware/pinmap.md against Board/PinMap.cs, and the ESP32 pin rules.</summary>
public class PinMapTests
{
    private record Row(string Signal, string Constant, int Gpio, string Direction);

    private static List<Row> ParseMarkdown()
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadAllLines(Path.Combine(Paths.RepoRoot, "hardware", "pinmap.md")))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 6 || !int.TryParse(cells[3], out int gpio)) continue;
            rows.Add(new Row(cells[1], cells[2], gpio, cells[4]));
        }
        return rows;
    }

    private static Dictionary<string, int> CodePins() =>
        typeof(PinMap).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int) && !f.Name.EndsWith("AdcChannel"))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    private static string CodeDirection(int gpio)
    {
        var dirs = new List<string>();
        if (PinMap.Outputs.Contains(gpio)) dirs.Add("output");
        if (PinMap.Inputs.Contains(gpio)) dirs.Add("input");
        if (PinMap.OpenDrain.Contains(gpio)) dirs.Add("open-drain");
        if (PinMap.Analog.Contains(gpio)) dirs.Add("analog");
        return string.Join(",", dirs);
    }

    [Fact]
    public void Markdown_table_and_code_name_the_same_pins_with_the_same_directions()
    {
        var md = ParseMarkdown();
        var code = CodePins();
        Assert.True(md.Count >= 10, "pinmap.md table not found or too short");
        foreach (var r in md)
        {
            Assert.True(code.ContainsKey(r.Constant), $"pinmap.md names {r.Constant}, which PinMap.cs does not define");
            Assert.True(code[r.Constant] == r.Gpio, $"{r.Constant}: pinmap.md says GPIO {r.Gpio}, PinMap.cs says {code[r.Constant]}");
            Assert.True(CodeDirection(r.Gpio) == r.Direction, $"{r.Constant} (GPIO {r.Gpio}): pinmap.md says {r.Direction}, PinMap.cs lists it as '{CodeDirection(r.Gpio)}'");
        }
        foreach (var name in code.Keys)
            Assert.True(md.Any(r => r.Constant == name), $"PinMap.{name} is missing from pinmap.md");
    }

    [Fact]
    public void Every_pin_has_exactly_one_role_and_no_pin_is_used_twice()
    {
        var all = PinMap.Outputs.Concat(PinMap.Inputs).Concat(PinMap.OpenDrain).Concat(PinMap.Analog).ToList();
        var dup = all.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(dup.Count == 0, "GPIO used twice: " + string.Join(", ", dup));
        var values = CodePins().Values.ToList();
        Assert.Equal(values.Count, values.Distinct().Count());
        Assert.Equal(values.OrderBy(v => v), all.OrderBy(v => v));
    }

    [Fact]
    public void Analog_inputs_are_on_adc1_with_the_right_channel()
    {
        // ADC1 channels 0..7 = GPIO 36, 37, 38, 39, 32, 33, 34, 35 (nanoFramework ESP32 channel numbering)
        int[] adc1 = { 36, 37, 38, 39, 32, 33, 34, 35 };
        foreach (int g in PinMap.Analog)
            Assert.True(g >= 32 && g <= 39, $"GPIO {g} is not ADC1 (ADC2 is unusable while BLE runs)");
        Assert.Equal(PinMap.PulseAnalog, adc1[PinMap.PulseAdcChannel]);
        Assert.Equal(PinMap.GsrAnalog, adc1[PinMap.GsrAdcChannel]);
    }

    [Fact]
    public void No_output_on_strapping_or_input_only_pins_and_nothing_on_flash_or_psram()
    {
        int[] strapping = { 0, 2, 5, 12, 15 };
        var driven = PinMap.Outputs.Concat(PinMap.OpenDrain).ToList();
        foreach (int g in driven)
        {
            Assert.False(strapping.Contains(g), $"GPIO {g} is a strapping pin and would be driven at boot");
            Assert.False(g >= 34 && g <= 39, $"GPIO {g} is input-only and cannot be an output");
        }
        foreach (int g in CodePins().Values)
        {
            Assert.False(g >= 6 && g <= 11, $"GPIO {g} belongs to the SPI flash");
            Assert.False(g == 16 || g == 17, $"GPIO {g} belongs to the PSRAM on WROVER modules");
            Assert.InRange(g, 0, 39);
            Assert.False(g >= 28 && g <= 31 || g == 20 || g == 24, $"GPIO {g} does not exist on the ESP32");
        }
    }

    [Fact]
    public void I2s_and_i2c_pins_are_valid_bidirectional_gpios()
    {
        foreach (int g in new[] { PinMap.I2sBck, PinMap.I2sWs, PinMap.I2sDataOut, PinMap.I2cSda, PinMap.I2cScl, PinMap.AmpShutdown })
            Assert.True(g < 34 && !(g >= 6 && g <= 11), $"GPIO {g} cannot drive a bus line");
    }

    [Fact]
    public void Bom_has_the_required_parts_and_consistent_columns()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "hardware", "bom.csv")).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("item,part,manufacturer_part_number", lines[0]);
        var csv = new Regex("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)");
        foreach (var l in lines)
            Assert.Equal(7, csv.Matches(l).Count);
        string all = string.Join("\n", lines).ToLowerInvariant();
        foreach (var must in new[] { "psram", "max98357a", "speaker", "max30102", "gsr", "button", "led", "tpl5010", "power supply" })
            Assert.Contains(must, all);
    }

    [Fact]
    public void Wiring_diagram_is_valid_svg_and_shows_every_gpio_of_the_pin_map()
    {
        var doc = System.Xml.Linq.XDocument.Load(Path.Combine(Paths.RepoRoot, "hardware", "wiring.svg"));
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        string text = string.Concat(doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        foreach (var kv in CodePins())
            Assert.True(Regex.IsMatch(text, "GPIO" + kv.Value + "(?![0-9])"), $"wiring.svg does not show GPIO{kv.Value} ({kv.Key})");
    }
}
