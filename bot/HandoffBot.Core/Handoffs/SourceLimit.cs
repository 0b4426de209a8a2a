using System.Globalization;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Handoffs;

/// <summary>
/// How much note and transcript text one deal may hold, all its sources together, in characters.
/// Sources only ever accumulate (every CRM update may bring more), and the whole handoff is one
/// stored document: without a total, a deal's document outgrows what the store takes and every
/// later change to it fails. The default (2,000,000, about 30 hours of call transcripts) keeps the
/// document a few megabytes, far under LiteDB's 16 MB per document.
/// </summary>
public sealed record SourceLimit(int MaxCharsPerDeal)
{
    public const int DefaultMaxCharsPerDeal = 2_000_000;

    public static SourceLimit Default { get; } = new(DefaultMaxCharsPerDeal);

    public string Describe() => $"{MaxCharsPerDeal.ToString("N0", CultureInfo.InvariantCulture)} characters of notes and transcripts per deal";
}

/// <summary>A note or transcript not added because the deal would have held more than its <see cref="SourceLimit"/>.</summary>
public sealed record RefusedSource(SourceKind Kind, string Id, int Characters)
{
    public override string ToString() =>
        $"{(Kind == SourceKind.Note ? "note" : "transcript")} {Id} ({Characters.ToString("N0", CultureInfo.InvariantCulture)} characters)";
}
