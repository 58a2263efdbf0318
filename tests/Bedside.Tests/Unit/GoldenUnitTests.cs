using Bedside.Core.Therapy;
using Bedside.Core.Unit;
using Xunit;

namespace Bedside.Tests.Unit;

/// <summary>The whole-unit golden run (GoldenUnit) on the host: the constant NFUnitTest asserts on the device.</summary>
public class GoldenUnitTests
{
    [Fact]
    public void Whole_unit_run_matches_the_committed_constant()
    {
        uint crc = GoldenUnit.Render(GoldenUnit.Create(), new byte[2 * GoldenUnit.BlockSamples]);
        Assert.True(GoldenUnit.ExpectedCrc32 == crc,
            $"whole-unit golden run changed (stale constant?). Rendered 0x{crc:X8}u; regenerate with dotnet run --project tools/Bedside.TableGen -- --golden");
    }

    [Fact]
    public void The_run_plays_music_from_the_tap_on_and_the_sensors_are_read()
    {
        var unit = GoldenUnit.Create();
        uint a = GoldenUnit.Render(unit, new byte[2 * GoldenUnit.BlockSamples]);
        // the tap started a session (not Standby any more), the pulse gave a heart rate near the script's 70 bpm,
        // and the same script on a fresh unit gives the same bytes
        Assert.NotEqual(TherapyState.Standby, unit.Controller.State);
        Assert.InRange(unit.Physio.HeartRateCentiBpm, 6500, 7500);
        Assert.Equal(a, GoldenUnit.Render(GoldenUnit.Create(), new byte[2 * GoldenUnit.BlockSamples]));
    }
}
