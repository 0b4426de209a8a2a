using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Grammar;

/// <summary>
/// Each context field, through its one descriptor, on every surface: the deal JSON, a CRM property,
/// the chat form and the brief JSON; then diff and the "AE's edits win" merge.
/// </summary>
public sealed class ContextGrammarTests
{
    private static readonly DateOnly Closed = new(2026, 10, 30);

    /// <summary>Fields that live on the deal, not in <see cref="DealContext"/>, and so have no context descriptor.</summary>
    private static readonly ContextField[] DealLevel = [ContextField.CustomerTimeZone, ContextField.CrmLink, ContextField.Notes];

    public static TheoryData<string> FieldKeys => [.. ContextGrammar.Fields.Select(f => f.Key)];

    public static TheoryData<string> DraftedKeys => [.. ContextGrammar.Drafted.Select(f => f.Key)];

    [Fact]
    public void EveryContextProperty_HasOneDescriptor_AndEveryDescriptorASample()
    {
        var properties = typeof(DealContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(DealContext.ConfirmedNone) && p.Name != "EqualityContract")
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);

        Assert.Equal(properties.Order(StringComparer.Ordinal), ContextGrammar.Fields.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ContextGrammar.Fields.Count, ContextGrammar.Fields.Select(f => f.Field).Distinct().Count());
        Assert.Equal(ContextFields.All.Except(DealLevel).Order(), ContextGrammar.Fields.Select(f => f.Field).Order());
        Assert.Equal(ContextGrammar.Fields.Select(f => f.Field).Order(), ContextSamples.ByField.Keys.Order());
    }

    [Fact]
    public void EveryDraftedField_HasItsListInTheDraft_TheCandidates_AndTheBriefJson()
    {
        static IEnumerable<string> Lists(Type type) => type.GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericArguments()[0] is var t && (t.IsGenericType || t.IsSubclassOf(typeof(EvidenceItem))))
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);

        var drafted = ContextGrammar.Drafted.Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(drafted, Lists(typeof(BriefDraft)).Where(k => k != "sourceErrors").Order(StringComparer.Ordinal));
        Assert.Equal(drafted, Lists(typeof(DraftCandidates)).Order(StringComparer.Ordinal));
        Assert.Equal(drafted, Lists(typeof(BriefDocument)).Order(StringComparer.Ordinal));
        Assert.Equal(drafted, BriefEvaluator.KindNames.Order(StringComparer.Ordinal));
        Assert.All(ContextGrammar.Drafted, f => Assert.Same(f.Grammar, ContextGrammar.Find(f.Key)));
    }

    [Theory]
    [MemberData(nameof(FieldKeys))]
    public void Field_RoundTripsThroughTheDealJson(string key)
    {
        var (field, sample) = Sample(key);
        var json = new JsonObject();
        field.ToJson(sample, json);

        var errors = new List<FieldError>();
        var back = ContextGrammar.FromJson(Parse(json), errors, Closed);

        Assert.Empty(errors);
        Assert.True(field.Same(sample, back), $"{key}: {json.ToJsonString()}");
        Assert.Equal([], ContextGrammar.ChangedFields(sample, back));
    }

    [Theory]
    [MemberData(nameof(FieldKeys))]
    public void Field_RoundTripsThroughTheChatForm(string key)
    {
        var (field, sample) = Sample(key);
        var inputs = field.ToForm(sample).ToDictionary(i => i.Key, i => (string?)i.Value);

        var result = ContextFormReader.Read(DealContext.Empty, inputs, Closed);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal([field.Field], result.Fields);
        Assert.True(field.Same(sample, result.Context), key);
    }

    [Theory]
    [MemberData(nameof(FieldKeys))]
    public void Field_FromCrmText_ReadsAsTheIntakeReadsIt(string key)
    {
        var (field, sample) = Sample(key);
        // A CRM text property holds one item per line (bulleted, CRLF) or the single value.
        var text = string.Join("\r\n- ", CrmLines(field, sample));

        var node = field.CrmJson(text);
        var errors = new List<FieldError>();
        var back = ContextGrammar.FromJson(Parse(new JsonObject { [key] = node }), errors, Closed);

        Assert.Empty(errors);
        Assert.Equal(CrmLines(field, sample), CrmLines(field, back));
        if (field is ListField<string> or ScalarField)
        {
            Assert.True(field.Same(sample, back), key); // texts and dates come through whole
        }
    }

    [Theory]
    [MemberData(nameof(DraftedKeys))]
    public void DraftedField_RoundTripsThroughTheBriefJson(string key)
    {
        var (field, sample) = Sample(key);
        var drafted = ContextGrammar.Drafted.Single(f => f.Key == key);

        var json = BriefJson.Serialize(BriefJson.FromDraft(FakeDraft(drafted, sample)));
        var candidates = BriefJson.ToCandidates(BriefJson.Deserialize(json), "call-1");

        Assert.Equal(field.Count(sample), drafted.Count(candidates));
        Assert.Equal(field.Count(sample), candidates.Count);
        Assert.All(candidates.Goals.Concat(candidates.SuccessCriteria).Select(c => c.Confidence), c => Assert.Equal(1.0, c));
        // Accepting each proposal into an empty context gives the sample back.
        Assert.True(field.Same(sample, AcceptAll(drafted, candidates)), json);
    }

    [Theory]
    [MemberData(nameof(FieldKeys))]
    public void Diff_NamesExactlyTheChangedField(string key)
    {
        var (field, sample) = Sample(key);

        Assert.Equal([field.Field], ContextGrammar.ChangedFields(DealContext.Empty, sample));
        Assert.Equal([field.Field], ContextGrammar.ChangedFields(ContextSamples.All, field.CopyValue(ContextSamples.All, DealContext.Empty)));
        Assert.Equal([], ContextGrammar.ChangedFields(ContextSamples.All, Copy(ContextSamples.All)));
    }

    [Theory]
    [MemberData(nameof(FieldKeys))]
    public void Merge_FillsOnlyAnEmptyField_TheAesEditsWin(string key)
    {
        var (field, sample) = Sample(key);
        var aeEdited = field.CopyValue(DealContext.Empty, ContextSamples.All);
        var crm = field.CopyValue(DealContext.Empty, Other(key));

        Assert.True(field.Same(sample, ContextGrammar.Merge(DealContext.Empty, sample)), "an empty field takes the CRM's value");
        Assert.True(field.Same(aeEdited, ContextGrammar.Merge(aeEdited, crm)), "a filled field keeps the AE's value");
        Assert.True(field.Same(aeEdited, ContextGrammar.Merge(aeEdited, DealContext.Empty)), "nothing incoming changes nothing");
    }

    [Theory]
    [InlineData(ContextField.Commitments)]
    [InlineData(ContextField.Risks)]
    [InlineData(ContextField.SpecialTerms)]
    public void Merge_AFieldConfirmedNone_IsNotFilledByTheCrm(ContextField none)
    {
        var field = ContextGrammar.Find(none)!;
        var confirmed = DealContext.Empty with { ConfirmedNone = new HashSet<ContextField> { none } };

        var merged = ContextGrammar.Merge(confirmed, ContextSamples.All);

        Assert.False(field.HasValue(merged));
        Assert.Contains(none, merged.ConfirmedNone);
        // An empty field takes the CRM's "none" as it would take a value.
        Assert.Contains(none, ContextGrammar.Merge(DealContext.Empty, confirmed).ConfirmedNone);
    }

    [Fact]
    public void AllFieldsAtOnce_RoundTripThroughJsonAndForm()
    {
        var withNone = ContextSamples.All with { Risks = [], ConfirmedNone = new HashSet<ContextField> { ContextField.Risks } };
        var errors = new List<FieldError>();

        var fromJson = ContextGrammar.FromJson(Parse(ContextGrammar.ToJson(withNone)), errors, Closed);
        var inputs = ContextGrammar.Fields.SelectMany(f => f.ToForm(withNone)).ToDictionary(i => i.Key, i => (string?)i.Value);
        inputs[ActionInputs.None(ContextField.Risks)] = "true";
        var fromForm = ContextFormReader.Read(DealContext.Empty, inputs, Closed);

        Assert.Empty(errors);
        Assert.Equal([], ContextGrammar.ChangedFields(withNone, fromJson));
        Assert.True(fromForm.IsValid, string.Join("; ", fromForm.Errors));
        Assert.Equal([], ContextGrammar.ChangedFields(withNone, fromForm.Context));
    }

    private static (ContextFieldGrammar Field, DealContext Sample) Sample(string key) =>
        (ContextGrammar.Find(key) ?? throw new InvalidOperationException(key), ContextSamples.ByField[ContextGrammar.Find(key)!.Field]);

    private static DealContext Other(string key) => key switch
    {
        "expansionPotential" => DealContext.Empty with { ExpansionPotential = "Whatever the CRM says" },
        "targetGoLive" => DealContext.Empty with { TargetGoLive = new DateOnly(2027, 6, 1) },
        "goals" => DealContext.Empty with { Goals = ["A CRM goal"] },
        "successCriteria" => DealContext.Empty with { SuccessCriteria = ["A CRM criterion"] },
        "whatWasSold" => DealContext.Empty with { WhatWasSold = [new SoldItem("CRM product")] },
        "commitments" => DealContext.Empty with { Commitments = [new Commitment("CRM promise", null, null)] },
        "stakeholders" => DealContext.Empty with { Stakeholders = [new Stakeholder("CRM Person", null, StakeholderRole.User)] },
        "risks" => DealContext.Empty with { Risks = [new Risk(RiskCategory.Other, Severity.Low, "CRM risk")] },
        "specialTerms" => DealContext.Empty with { SpecialTerms = [new SpecialTerm(SpecialTermKind.Other, "CRM term")] },
        _ => throw new InvalidOperationException(key),
    };

    private static DealContext Copy(DealContext c) => ContextGrammar.Fields.Aggregate(DealContext.Empty, (into, f) => f.CopyValue(into, c)) with { ConfirmedNone = new HashSet<ContextField>(c.ConfirmedNone) };

    private static List<string> CrmLines(ContextFieldGrammar field, DealContext context) => field switch
    {
        ListField<SoldItem> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ListField<Commitment> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ListField<string> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ListField<Stakeholder> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ListField<Risk> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ListField<SpecialTerm> l => [.. l.Get(context).Select(l.Item.ToLine)],
        ScalarField s => s.HasValue(context) ? [s.Part.Format(s.Get(context)!)] : [],
        _ => throw new InvalidOperationException(field.Key),
    };

    private static BriefDraft FakeDraft(IDraftedField field, DealContext sample) => field switch
    {
        DraftedField<Commitment, CommitmentItem> => new BriefDraft { Commitments = [.. sample.Commitments.Select((v, i) => new Drafted<Commitment>($"c-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        DraftedField<string, TextItem> when field.Key == "goals" => new BriefDraft { Goals = [.. sample.Goals.Select((v, i) => new Drafted<string>($"g-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        DraftedField<string, TextItem> => new BriefDraft { SuccessCriteria = [.. sample.SuccessCriteria.Select((v, i) => new Drafted<string>($"s-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        DraftedField<Stakeholder, StakeholderItem> => new BriefDraft { Stakeholders = [.. sample.Stakeholders.Select((v, i) => new Drafted<Stakeholder>($"p-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        DraftedField<Risk, RiskItem> => new BriefDraft { Risks = [.. sample.Risks.Select((v, i) => new Drafted<Risk>($"r-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        DraftedField<SpecialTerm, TermItem> => new BriefDraft { SpecialTerms = [.. sample.SpecialTerms.Select((v, i) => new Drafted<SpecialTerm>($"t-{i}", v, new Evidence($"quote {i}", "call-1", Confidence: 1.0)))] },
        _ => throw new InvalidOperationException(field.Key),
    };

    private static DealContext AcceptAll(IDraftedField field, DraftCandidates candidates)
    {
        var draft = FakeDraftFrom(candidates);
        return field.DraftIds(draft).Aggregate(DealContext.Empty, (c, id) => field.Accept(c, draft, id));
    }

    private static BriefDraft FakeDraftFrom(DraftCandidates c)
    {
        static IReadOnlyList<Drafted<T>> D<T>(List<Proposed<T>> items, string prefix) =>
            [.. items.Select((p, i) => new Drafted<T>($"{prefix}-{i}", p.Value, new Evidence(p.Quote, p.SourceId)))];
        return new BriefDraft
        {
            Commitments = D(c.Commitments, "c"), Goals = D(c.Goals, "g"), SuccessCriteria = D(c.SuccessCriteria, "s"),
            Stakeholders = D(c.Stakeholders, "p"), Risks = D(c.Risks, "r"), SpecialTerms = D(c.SpecialTerms, "t"),
        };
    }

    private static JsonElement Parse(JsonObject context) => JsonDocument.Parse(context.ToJsonString()).RootElement.Clone();
}
