using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>The files under tests/transcript-samples (see its SOURCES.md), read the way the brief command reads files.</summary>
internal static class TranscriptSamples
{
    public static readonly string Folder = FindFolder();

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder).Where(SourceFiles.IsSource).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static BriefSource Source(string name)
    {
        var content = Text(name);
        var (kind, format) = SourceFiles.Classify(name, content);
        return new BriefSource(name, kind, format, null, null, content);
    }

    public static ParsedSource Read(string name)
    {
        var result = SourceReader.Read(Source(name));
        Assert.True(result.Source is not null, result.Error?.Message);
        return result.Source!;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "transcript-samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/transcript-samples not found above " + AppContext.BaseDirectory);
    }
}
