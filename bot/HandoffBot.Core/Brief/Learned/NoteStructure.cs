using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Offline;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// CRM notes are documents: export headers ("Call logged by … on 3/4/2025"), record fields
/// ("Stage: Negotiation", "**Date:** …") and activity-log headers are structure, not content; a
/// "Next step:" field is a commitment candidate.
/// </summary>
internal static partial class NoteStructure
{
    public static bool IsMetadata(SentenceView v) => v.IsNote && (Field().IsMatch(v.Text) || ActivityHeader().IsMatch(v.Text));

    public static bool IsNextStep(SentenceView v) => v.IsNote && NextStep().IsMatch(v.Text);

    [GeneratedRegex(@"^\W*(?:date|time|duration|created(?: by| on)?|modified|owner|deal owner|account|account name|opportunity|stage|deal stage|amount|close date|type|subject|status|priority|attendees|participants|call id|record id|id|email|phone|source|pipeline|probability|forecast category|industry|company|contact|title|to|from|cc|sent|logged by|activity)\W*\s*[:=]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Field();

    [GeneratedRegex(@"^\W*(?:(?:call|meeting|email|note|task|activity)\b[^.!?]{0,60}\b(?:logged|created|completed|scheduled|sent|added)\b|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b[^.!?]{0,60}$|(?:mon|tue|wed|thu|fri|sat|sun)\w*,? \w+ \d{1,2}\b[^.!?]{0,40}$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActivityHeader();

    [GeneratedRegex(@"^\W*next[ _-]?steps?\W*\s*[:=]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NextStep();
}
