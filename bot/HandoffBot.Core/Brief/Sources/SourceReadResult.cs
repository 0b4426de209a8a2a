using System.Globalization;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>A parsed source, or why it could not be read. A partly broken source has both: what was read, and a warning.</summary>
public sealed record SourceReadResult(ParsedSource? Source, SourceError? Error)
{
    public static SourceReadResult Fail(BriefSource source, string problem)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(null, new SourceError(source.Id, $"{Describe(source)} {problem}"));
    }

    internal static string Describe(BriefSource source) => source.Kind == SourceKind.Note
        ? $"Note {source.Id}"
        : $"Transcript {source.Id}";
}

/// <summary>Gathers the cues of a timed transcript, counting the broken ones by line number.</summary>
internal sealed class CueCollector(BriefSource source, string units)
{
    private readonly ParsedSourceBuilder builder = new();
    private int broken;
    private string? firstProblem;

    public void Broken(int line, string problem)
    {
        broken++;
        firstProblem ??= $"line {line.ToString(CultureInfo.InvariantCulture)}: {problem}";
    }

    public void Add(string? speaker, TimeSpan? offset, string text) => builder.Add(speaker, offset, text);

    public SourceReadResult Finish()
    {
        var read = builder.Count;
        var total = read + broken;
        if (read == 0)
        {
            return SourceReadResult.Fail(source, broken == 0 ? $"has no {units} with text." : $"has no readable {units} ({firstProblem}).");
        }

        if (broken == 0)
        {
            return new(builder.Build(source), null);
        }

        var counts = $"{broken.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} {units}";
        if (broken * 2 > total)
        {
            return SourceReadResult.Fail(source, $"is mostly unreadable: {counts} are broken (first at {firstProblem}).");
        }

        return new(builder.Build(source), new SourceError(source.Id,
            $"{SourceReadResult.Describe(source)}: {counts} skipped (first at {firstProblem}); the rest was used."));
    }
}
