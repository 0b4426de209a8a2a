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
