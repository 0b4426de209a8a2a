using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Grammar;

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

    /// <summary>A value part by its JSON name (<c>what</c>, <c>role</c>…), for the context grammar; unknown names read null.</summary>
    public abstract string? this[string part] { get; set; }
}

public sealed class CommitmentItem : EvidenceItem
{
    public string? What { get; set; }
    public string? Due { get; set; }
    public string? PromisedBy { get; set; }

    public override string? this[string part]
    {
        get => part switch { "what" => What, "due" => Due, "promisedBy" => PromisedBy, _ => null };
        set => _ = part switch { "what" => What = value, "due" => Due = value, "promisedBy" => PromisedBy = value, _ => null };
    }
}

public sealed class TextItem : EvidenceItem
{
    public string? Text { get; set; }

    public override string? this[string part]
    {
        get => part == "text" ? Text : null;
        set => _ = part == "text" ? Text = value : null;
    }
}

public sealed class StakeholderItem : EvidenceItem
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }

    public override string? this[string part]
    {
        get => part switch { "name" => Name, "title" => Title, "role" => Role, "email" => Email, _ => null };
        set => _ = part switch { "name" => Name = value, "title" => Title = value, "role" => Role = value, "email" => Email = value, _ => null };
    }
}

public sealed class RiskItem : EvidenceItem
{
    public string? Category { get; set; }
    public string? Severity { get; set; }
    public string? Description { get; set; }

    public override string? this[string part]
    {
        get => part switch { "category" => Category, "severity" => Severity, "description" => Description, _ => null };
        set => _ = part switch { "category" => Category = value, "severity" => Severity = value, "description" => Description = value, _ => null };
    }
}

public sealed class TermItem : EvidenceItem
{
    public string? Kind { get; set; }
    public string? Text { get; set; }

    public override string? this[string part]
    {
        get => part switch { "kind" => Kind, "text" => Text, _ => null };
        set => _ = part switch { "kind" => Kind = value, "text" => Text = value, _ => null };
    }
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
        static EvidenceItem With(string id, Evidence e, EvidenceItem item)
        {
            item.Id = id;
            item.Quote = e.Quote;
            item.Source = e.SourceId;
            item.Speaker = e.Speaker;
            item.Timestamp = e.Offset is { } t ? CueTime.Format(t) : null;
            item.Confidence = e.Confidence;
            return item;
        }

        var document = new BriefDocument { Extractor = draft.Extractor, DroppedUngrounded = draft.DroppedUngrounded, Errors = [.. draft.SourceErrors] };
        foreach (var field in ContextGrammar.Drafted)
        {
            field.ToBrief(draft, document, With);
        }

        return document;
    }

    /// <summary>Items as proposals (from an LLM's answer), read by the context grammar: values that do not fit the domain are repaired or the item is skipped.</summary>
    public static DraftCandidates ToCandidates(BriefDocument document, string defaultSourceId, double defaultConfidence = 0.7) =>
        ToCandidates(document, defaultSourceId, new DraftCandidates(), defaultConfidence);

    /// <summary>As <see cref="ToCandidates(BriefDocument, string, double)"/>, adding to <paramref name="candidates"/> (one LLM answer per batch).</summary>
    public static DraftCandidates ToCandidates(BriefDocument document, string defaultSourceId, DraftCandidates candidates, double defaultConfidence = 0.7)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(candidates);
        string Source(EvidenceItem i) => string.IsNullOrWhiteSpace(i.Source) ? defaultSourceId : i.Source.Trim();
        double Confidence(EvidenceItem i) => i.Confidence is { } x && double.IsFinite(x) ? Math.Clamp(x, 0, 1) : defaultConfidence;
        foreach (var field in ContextGrammar.Drafted)
        {
            field.FromBrief(document, candidates, Source, Confidence);
        }

        return candidates;
    }
}
