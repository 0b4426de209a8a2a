using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Sources and requests for the brief tests.</summary>
internal static class Sources
{
    public static readonly DateTimeOffset CallDate = new(2026, 5, 3, 15, 0, 0, TimeSpan.Zero);

    public static BriefSource Transcript(string content, TranscriptFormat format = TranscriptFormat.Text, string id = "call-1") =>
        new(id, SourceKind.Transcript, format, CallDate, null, content);

    public static BriefSource Note(string content, string id = "note-1", string? author = "Avery Brooks") =>
        new(id, SourceKind.Note, TranscriptFormat.Text, CallDate, author, content);

    public static ParsedSource Parse(BriefSource source)
    {
        var result = SourceReader.Read(source);
        Assert.Null(result.Error);
        return result.Source!;
    }

    public static BriefDraft Draft(BriefSource source, params string[] sellers) =>
        new OfflineBriefExtractor(TimeProvider.System).Extract(new BriefRequest([source], new DealHints { SellerNames = sellers }));

    /// <summary>A call between our AE (Avery Brooks) and the customer (Dana Ruiz), one line per utterance.</summary>
    public static BriefDraft Call(params string[] lines) =>
        Draft(Transcript(string.Join("\n", lines)), "Avery Brooks");
}
