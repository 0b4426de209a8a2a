using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>
/// The label format (docs/ai-brief.md): what eval-brief reads beside each source, what the brief
/// command prints (with id, source, speaker, timestamp and confidence on each item), and what the
/// LLM is asked to answer in (with "source" naming the source id).
/// </summary>
public sealed class BriefDocument
{
    public List<CommitmentItem> Commitments { get; set; } = [];
    public List<TextItem> Goals { get; set; } = [];
    public List<TextItem> SuccessCriteria { get; set; } = [];
    public List<StakeholderItem> Stakeholders { get; set; } = [];
    public List<RiskItem> Risks { get; set; } = [];
    public List<TermItem> SpecialTerms { get; set; } = [];

    public string? Extractor { get; set; }
    public int? DroppedUngrounded { get; set; }
    public List<SourceError>? Errors { get; set; }
}

public abstract class EvidenceItem
{
    public string Quote { get; set; } = "";
    public string? Id { get; set; }
    public string? Source { get; set; }
    public string? Speaker { get; set; }
    public string? Timestamp { get; set; }
    public double? Confidence { get; set; }
}

public sealed class CommitmentItem : EvidenceItem
{
    public string? What { get; set; }
    public string? Due { get; set; }
    public string? PromisedBy { get; set; }
}

public sealed class TextItem : EvidenceItem
{
    public string? Text { get; set; }
}

public sealed class StakeholderItem : EvidenceItem
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }
}

public sealed class RiskItem : EvidenceItem
{
    public string? Category { get; set; }
    public string? Severity { get; set; }
    public string? Description { get; set; }
}

public sealed class TermItem : EvidenceItem
{
    public string? Kind { get; set; }
    public string? Text { get; set; }
}

public static class BriefJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // quotes stay readable in a terminal; this JSON is never put into HTML
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string Serialize(BriefDocument document) => JsonSerializer.Serialize(document, Options);

    public static BriefDocument Deserialize(string json) => JsonSerializer.Deserialize<BriefDocument>(json, Options) ?? new BriefDocument();

    public static BriefDocument FromDraft(BriefDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        static T With<T>(T item, string id, Evidence e)
            where T : EvidenceItem
        {
            item.Id = id;
            item.Quote = e.Quote;
            item.Source = e.SourceId;
            item.Speaker = e.Speaker;
            item.Timestamp = e.Offset is { } t ? CueTime.Format(t) : null;
            item.Confidence = e.Confidence;
            return item;
        }

        return new BriefDocument
        {
            Commitments = [.. draft.Commitments.Select(c => With(new CommitmentItem { What = c.Value.What, Due = c.Value.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PromisedBy = c.Value.PromisedBy }, c.Id, c.Evidence))],
            Goals = [.. draft.Goals.Select(g => With(new TextItem { Text = g.Value }, g.Id, g.Evidence))],
            SuccessCriteria = [.. draft.SuccessCriteria.Select(g => With(new TextItem { Text = g.Value }, g.Id, g.Evidence))],
            Stakeholders = [.. draft.Stakeholders.Select(s => With(new StakeholderItem { Name = s.Value.Name, Title = s.Value.Title, Role = EnumText.Snake(s.Value.Role), Email = s.Value.Email }, s.Id, s.Evidence))],
            Risks = [.. draft.Risks.Select(r => With(new RiskItem { Category = EnumText.Snake(r.Value.Category), Severity = EnumText.Snake(r.Value.Severity), Description = r.Value.Description }, r.Id, r.Evidence))],
            SpecialTerms = [.. draft.SpecialTerms.Select(t => With(new TermItem { Kind = EnumText.Snake(t.Value.Kind), Text = t.Value.Text }, t.Id, t.Evidence))],
            Extractor = draft.Extractor,
            DroppedUngrounded = draft.DroppedUngrounded,
            Errors = [.. draft.SourceErrors],
        };
    }

    /// <summary>Items as proposals (from an LLM's answer). Values that do not fit the domain are repaired or the item is skipped.</summary>
    public static DraftCandidates ToCandidates(BriefDocument document, string defaultSourceId, double defaultConfidence = 0.7)
    {
        ArgumentNullException.ThrowIfNull(document);
        var c = new DraftCandidates();
        string Source(EvidenceItem i) => string.IsNullOrWhiteSpace(i.Source) ? defaultSourceId : i.Source.Trim();
        double Confidence(EvidenceItem i) => i.Confidence is { } x && double.IsFinite(x) ? Math.Clamp(x, 0, 1) : defaultConfidence;
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        foreach (var i in document.Commitments ?? [])
        {
            var due = DateOnly.TryParseExact(i.Due ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
            c.Commitments.Add(new(new Commitment(Clean(i.What) ?? Grounding.Display(i.Quote), due, Clean(i.PromisedBy)), Source(i), i.Quote, Confidence(i)));
        }

        foreach (var i in document.Goals ?? [])
        {
            c.Goals.Add(new(Clean(i.Text) ?? Grounding.Display(i.Quote), Source(i), i.Quote, Confidence(i)));
        }

        foreach (var i in document.SuccessCriteria ?? [])
        {
            c.SuccessCriteria.Add(new(Clean(i.Text) ?? Grounding.Display(i.Quote), Source(i), i.Quote, Confidence(i)));
        }

        foreach (var i in document.Stakeholders ?? [])
        {
            if (Clean(i.Name) is not { } name)
            {
                continue;
            }

            var known = EnumText.TryParse<StakeholderRole>(i.Role, out var role);
            c.Stakeholders.Add(new(new Stakeholder(name, Clean(i.Email), known ? role : StakeholderRole.User, Clean(i.Title)), Source(i), i.Quote, known ? Confidence(i) : Confidence(i) / 2));
        }

        foreach (var i in document.Risks ?? [])
        {
            var category = EnumText.TryParse<RiskCategory>(i.Category, out var cat) ? cat : RiskCategory.Other;
            var severity = EnumText.TryParse<Severity>(i.Severity, out var sev) ? sev : Severity.Medium;
            c.Risks.Add(new(new Risk(category, severity, Clean(i.Description) ?? Grounding.Display(i.Quote)), Source(i), i.Quote, Confidence(i)));
        }

        foreach (var i in document.SpecialTerms ?? [])
        {
            var kind = EnumText.TryParse<SpecialTermKind>(i.Kind, out var k) ? k : SpecialTermKind.Other;
            c.SpecialTerms.Add(new(new SpecialTerm(kind, Clean(i.Text) ?? Grounding.Display(i.Quote)), Source(i), i.Quote, Confidence(i)));
        }

        return c;
    }
}
