using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>
/// The deal context's one grammar: a descriptor per field (<see cref="ContextFieldGrammar"/>) used by
/// the deal webhook and import, both CRM mappers, the Teams and Slack forms and the AI brief.
/// One set of limits, one choice reader (<see cref="EnumText"/>), one date and email rule for all.
/// </summary>
public static class ContextGrammar
{
    /// <summary>At most this many items in a list, on every surface (a CRM list beyond it is cut, not refused).</summary>
    public const int MaxItems = 100;

    /// <summary>The longest free text of one item (a goal, a commitment, a risk's description, expansion potential).</summary>
    public const int MaxTextLength = 4000;

    public const int MaxNameLength = 200;

    public static ListField<SoldItem> WhatWasSold { get; } = new(ContextField.WhatWasSold, new SoldLine(), c => c.WhatWasSold, (c, v) => c with { WhatWasSold = v }, fromCrmText: false);

    public static ListField<Commitment> Commitments { get; } = new(ContextField.Commitments, new RowItem<Commitment>(
        [
            Part.Text("what", MaxTextLength, required: true, hint: "Say what was promised."),
            Part.Date("due"),
            Part.Text("promisedBy", 254, formName: "by"),
        ],
        v => new Commitment((string)v[0]!, (DateOnly?)v[1], (string?)v[2]),
        c => [c.What, c.Due, c.PromisedBy],
        mainPart: 0), c => c.Commitments, (c, v) => c with { Commitments = v }, fromCrmText: false);

    public static ListField<string> Goals { get; } = new(ContextField.Goals, new TextLine(), c => c.Goals, (c, v) => c with { Goals = v }, fromCrmText: true);

    public static ListField<string> SuccessCriteria { get; } = new(ContextField.SuccessCriteria, new TextLine(), c => c.SuccessCriteria, (c, v) => c with { SuccessCriteria = v }, fromCrmText: true);

    public static ListField<Stakeholder> Stakeholders { get; } = new(ContextField.Stakeholders, new RowItem<Stakeholder>(
        [
            Part.Text("name", MaxNameLength, required: true, hint: "Give the stakeholder's name."),
            Part.Text("title", MaxNameLength),
            Part.Choice("role", "Pick the role: champion, economic buyer, user or technical.", StakeholderRole.User),
            Part.Email("email"),
        ],
        v => new Stakeholder((string)v[0]!, (string?)v[3], (StakeholderRole)v[2]!, (string?)v[1]),
        s => [s.Name, s.Title, s.Role, s.Email],
        mainPart: 0,
        quoteFallback: false), c => c.Stakeholders, (c, v) => c with { Stakeholders = v }, fromCrmText: false);

    public static ListField<Risk> Risks { get; } = new(ContextField.Risks, new RowItem<Risk>(
        [
            Part.Choice("category", "Pick what kind of risk it is.", RiskCategory.Other),
            Part.Choice("severity", "Pick low, medium or high.", Severity.Medium),
            Part.Text("description", MaxTextLength, required: true, hint: "Say what could go wrong."),
        ],
        v => new Risk((RiskCategory)v[0]!, (Severity)v[1]!, (string)v[2]!),
        r => [r.Category, r.Severity, r.Description],
        mainPart: 2), c => c.Risks, (c, v) => c with { Risks = v }, fromCrmText: false);

    public static ListField<SpecialTerm> SpecialTerms { get; } = new(ContextField.SpecialTerms, new RowItem<SpecialTerm>(
        [
            Part.Choice("kind", "Pick the kind of term.", SpecialTermKind.Other),
            Part.Text("text", MaxTextLength, required: true, hint: "Say what the term is."),
        ],
        v => new SpecialTerm((SpecialTermKind)v[0]!, (string)v[1]!),
        t => [t.Kind, t.Text],
        mainPart: 1), c => c.SpecialTerms, (c, v) => c with { SpecialTerms = v }, fromCrmText: true);

    public static ScalarField ExpansionPotential { get; } = new(ContextField.ExpansionPotential,
        Part.Text("expansionPotential", MaxTextLength), c => c.ExpansionPotential, (c, v) => c with { ExpansionPotential = (string?)v });

    public static ScalarField TargetGoLive { get; } = new(ContextField.TargetGoLive,
        Part.Date("targetGoLive"), c => c.TargetGoLive, (c, v) => c with { TargetGoLive = (DateOnly?)v },
        check: (v, closed) => closed is { } close && (DateOnly)v < close ? "The go-live cannot be before the deal closed." : null,
        fromCrm: ContextValues.CrmDate);

    /// <summary>Every field of <see cref="DealContext"/>, in the order the brief and the form show them.</summary>
    public static IReadOnlyList<ContextFieldGrammar> Fields { get; } =
        [WhatWasSold, Commitments, Goals, SuccessCriteria, Stakeholders, Risks, SpecialTerms, ExpansionPotential, TargetGoLive];

    /// <summary>The six fields the AI brief drafts.</summary>
    public static IReadOnlyList<IDraftedField> Drafted { get; } =
    [
        new DraftedField<Commitment, CommitmentItem>(Commitments, d => d.Commitments, (d, v) => d with { Commitments = v }, c => c.Commitments, b => b.Commitments, "c"),
        new DraftedField<string, TextItem>(Goals, d => d.Goals, (d, v) => d with { Goals = v }, c => c.Goals, b => b.Goals, "g"),
        new DraftedField<string, TextItem>(SuccessCriteria, d => d.SuccessCriteria, (d, v) => d with { SuccessCriteria = v }, c => c.SuccessCriteria, b => b.SuccessCriteria, "s"),
        new DraftedField<Stakeholder, StakeholderItem>(Stakeholders, d => d.Stakeholders, (d, v) => d with { Stakeholders = v }, c => c.Stakeholders, b => b.Stakeholders, "p", s => s.Name.ToUpperInvariant()),
        new DraftedField<Risk, RiskItem>(Risks, d => d.Risks, (d, v) => d with { Risks = v }, c => c.Risks, b => b.Risks, "r"),
        new DraftedField<SpecialTerm, TermItem>(SpecialTerms, d => d.SpecialTerms, (d, v) => d with { SpecialTerms = v }, c => c.SpecialTerms, b => b.SpecialTerms, "t"),
    ];

    public static ContextFieldGrammar? Find(ContextField field) => Fields.FirstOrDefault(f => f.Field == field);

    /// <summary>The field with this exact key (<c>successCriteria</c>); keys are compared ordinally.</summary>
    public static ContextFieldGrammar? Find(string key) => Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));

    /// <summary>The fields whose values differ (value or "none" flag), in field order.</summary>
    public static IReadOnlyList<ContextField> ChangedFields(DealContext before, DealContext after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. Fields.Where(f => !f.Same(before, after)).Select(f => f.Field)];
    }

    /// <summary>The AE's edits win: each field of <paramref name="incoming"/> fills only a field still empty (and not confirmed "none") in <paramref name="current"/>.</summary>
    public static DealContext Merge(DealContext current, DealContext incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        return Fields.Aggregate(current, (merged, field) => field.Merge(merged, incoming));
    }

    /// <summary>Reads the deal JSON's <c>context</c> object; problems (all of them) under <c>context.…</c>.</summary>
    public static DealContext FromJson(JsonElement context, List<FieldError> errors, DateOnly? closeDate = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (context.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("context", "Expected an object."));
            return DealContext.Empty;
        }

        var result = Fields.Aggregate(DealContext.Empty, (c, field) => field.FromJson(c, context, errors, closeDate));
        var none = NoneFromJson(context, errors);
        foreach (var field in Fields.Where(f => none.Contains(f.Field) && f.HasValue(result)))
        {
            // As on the chat form: a list cannot hold items and be confirmed empty at once.
            errors.Add(new FieldError("context.none", $"'{field.Key}' lists items, so it cannot also be none."));
        }

        return result with { ConfirmedNone = none };
    }

    public static JsonObject ToJson(DealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new JsonObject();
        foreach (var field in Fields)
        {
            field.ToJson(context, json);
        }

        var none = Fields.Where(f => f.IsConfirmedNone(context)).Select(f => (JsonNode)f.Key).ToArray();
        if (none.Length > 0)
        {
            json["none"] = new JsonArray(none);
        }

        return json;
    }

    private static HashSet<ContextField> NoneFromJson(JsonElement context, List<FieldError> errors)
    {
        var none = new HashSet<ContextField>();
        if (!context.TryGetProperty("none", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return none;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxItems)
        {
            errors.Add(new FieldError("context.none", "Expected an array of field names."));
            return none;
        }

        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var key = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            if (key is null)
            {
                errors.Add(new FieldError($"context.none[{i}]", "Expected a field name."));
            }
            else if (ContextFields.TryParseKey(key, out var field) && ContextFields.CanBeNone.Contains(field))
            {
                none.Add(field);
            }
            else
            {
                errors.Add(new FieldError("context.none", $"'{key}' cannot be marked none (only {string.Join(", ", ContextFields.CanBeNone.Select(f => f.Key()))})."));
            }

            i++;
        }

        return none;
    }
}
