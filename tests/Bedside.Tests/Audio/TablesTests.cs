using Bedside.TableGen;
using Xunit;

namespace Bedside.Tests.Audio;

public class TablesTests
{
    [Fact]
    public void Committed_tables_match_the_generator()
    {
        string path = Path.Combine(Paths.RepoRoot, "firmware", "Bedside.Core", "Audio", "Tables.g.cs");
        string committed = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(committed == TableGenerator.Generate(),
            "Tables.g.cs is stale: run dotnet run --project tools/Bedside.TableGen -- firmware/Bedside.Core/Audio/Tables.g.cs");
    }
}
