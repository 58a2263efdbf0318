using System.Text.RegularExpressions;
using Xunit;

namespace Bedside.Tests.Docs;

/// <summary>Comments say what is true now in words a newcomer can follow: none points at a tracker number.</summary>
public class CommentRulesTests
{
    [Fact]
    public void No_code_comment_cites_an_issue_number()
    {
        var cite = new Regex(@"\bissues?\s*#?\s*\d+", RegexOptions.IgnoreCase);
        var hits = new List<string>();
        foreach (var top in new[] { "firmware", "tools", "tests" })
            foreach (var f in Directory.EnumerateFiles(Path.Combine(Paths.RepoRoot, top), "*.cs", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(Paths.RepoRoot, f).Replace('\\', '/');
                if (rel.Contains("/obj/") || rel.Contains("/bin/")) continue;
                int n = 0;
                foreach (var line in File.ReadLines(f))
                {
                    n++;
                    int c = line.IndexOf("//", StringComparison.Ordinal);
                    if (c >= 0 && cite.IsMatch(line.Substring(c))) hits.Add(rel + ":" + n + ": " + line.Trim());
                }
            }
        Assert.True(hits.Count == 0, "comments citing issue numbers (say what is meant instead):\n" + string.Join("\n", hits));
    }
}
