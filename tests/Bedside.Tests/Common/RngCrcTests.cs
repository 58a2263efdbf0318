using Bedside.Core;
using Xunit;

namespace Bedside.Tests.Common;

public class RngCrcTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        // The CRC-32/ISO-HDLC check value of "123456789" is 0xCBF43926.
        var data = System.Text.Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Crc32_running_form_equals_one_shot()
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        uint c = Crc32.Update(0xFFFFFFFFu, data, 0, 300);
        c = Crc32.Update(c, data, 300, 700) ^ 0xFFFFFFFFu;
        Assert.Equal(Crc32.Compute(data, 0, 1000), c);
    }

    [Fact]
    public void Rng_is_deterministic_and_in_range()
    {
        var a = new Rng(42); var b = new Rng(42);
        for (int i = 0; i < 1000; i++)
        {
            int x = a.Range(-3, 7);
            Assert.Equal(x, b.Range(-3, 7));
            Assert.InRange(x, -3, 7);
        }
        // The first xorshift32 output for seed 1 is 270369 (1 ^ 1<<13 = 8193; ^ >>17 = 8193; ^ <<5 = 270369).
        Assert.Equal(270369u, new Rng(1).NextUInt());
        Assert.NotEqual(0u, new Rng(0).NextUInt());
    }
}
