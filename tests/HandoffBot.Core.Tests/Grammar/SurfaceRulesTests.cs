using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Grammar;

/// <summary>
/// The rules the surfaces used to disagree on, now one rule each: choices, dates, time zones, limits,
/// emails, "none" with items, go-live before close.
/// </summary>
public sealed class SurfaceRulesTests
{
    private static readonly DateOnly Closed = new(2026, 10, 30);

    [Theory]
    [InlineData("economic_buyer", true)]
    [InlineData("Economic Buyer", true)]
    [InlineData("economic-buyer", true)]
    [InlineData("ECONOMICBUYER", true)]
    [InlineData("  champion ", true)]
    [InlineData("1", false)]
    [InlineData("economic buyer 2", false)]
    [InlineData("champion,user", false)]
    [InlineData("economic.buyer", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Choices_ReadTheSameOnEverySurface(string? text, bool readable)
    {
        Assert.Equal(readable, EnumText.TryParse<StakeholderRole>(text, out _));
        Assert.Equal(readable, ContextFormReader.TryChoice<StakeholderRole>(text, out _));

        var errors = new List<FieldError>();
        var json = new JsonObject { ["stakeholders"] = new JsonArray(new JsonObject { ["name"] = "Dana", ["role"] = text }) };
        var read = ContextGrammar.FromJson(Parse(json), errors);
        Assert.Equal(readable, errors.Count == 0);
        Assert.Equal(readable ? 1 : 0, read.Stakeholders.Count);

        var form = ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["stakeholders.0.name"] = "Dana", ["stakeholders.0.role"] = text });
        Assert.Equal(readable, form.IsValid);
    }

    [Theory]
    [InlineData("2026-12-15", "2026-12-15")]
    [InlineData("2026-12-5", "2026-12-05")]
    [InlineData("2026-12-15T00:00:00Z", "2026-12-15")]
    [InlineData("2026-12-15T23:30:00-05:00", "2026-12-15")] // the date as written, not shifted to UTC
    [InlineData("2026-12-15T00:00:00.000+01:00", "2026-12-15")]
    [InlineData("12/11/2026", null)]
    [InlineData("12/11/2026 00:00", null)]
    [InlineData("15/12/2026", null)]
    [InlineData("2026-13-01", null)]
    [InlineData("tomorrow", null)]
    public void Dates_ReadTheSameOnEverySurface(string text, string? expected)
    {
        DateOnly? Expected() => expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(Expected(), ContextValues.TryParseDate(text, out var d) ? d : null);

        var errors = new List<FieldError>();
        var json = ContextGrammar.FromJson(Parse(new JsonObject { ["commitments"] = new JsonArray(new JsonObject { ["what"] = "SSO", ["due"] = text }) }), errors);
        Assert.Equal(Expected(), errors.Count == 0 ? json.Commitments.Single().Due : null);

        var form = ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["commitments.0.what"] = "SSO", ["commitments.0.due"] = text });
        Assert.Equal(Expected(), form.IsValid ? form.Context.Commitments.Single().Due : null);
    }

    [Theory]
    [InlineData("America/Chicago", "America/Chicago")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("Mars/Olympus", null)]
    public void TimeZones_AreKeptAsTheirIanaId(string text, string? expected)
    {
        Assert.Equal(expected, ContextValues.TryParseTimeZone(text, out var id) ? id : null);

        var form = ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["customerTimeZone"] = text });
        Assert.Equal(expected, form.CustomerTimeZone);
        Assert.Equal(expected is null, form.Errors.Any(e => e.Field == "customerTimeZone"));
    }

    [Fact]
    public void Limits_AreTheSameForTheDealJsonAndTheForm()
    {
        var longest = new string('g', ContextGrammar.MaxTextLength);
        var full = DealContext.Empty with { Goals = [.. Enumerable.Range(0, ContextGrammar.MaxItems).Select(i => i == 0 ? longest : $"goal {i}")] };
        var over = full with { Goals = [.. full.Goals, "one too many"] };

        // What the webhook accepts, the AE can save back from the form unchanged.
        Assert.Empty(JsonErrors(full));
        Assert.True(FormOf(full).IsValid);
        Assert.True(FormOf(full).Context.Goals.SequenceEqual(full.Goals));

        Assert.Equal("context.goals", Assert.Single(JsonErrors(over)).Field);
        Assert.Equal("goals", Assert.Single(FormOf(over).Errors).Field);

        var tooLong = DealContext.Empty with { Goals = [longest + "g"] };
        Assert.Equal("context.goals[0]", Assert.Single(JsonErrors(tooLong)).Field);
        Assert.Equal("goals", Assert.Single(FormOf(tooLong).Errors).Field);
    }

    [Fact]
    public void ManyStakeholders_FromTheWebhook_AllComeBackFromTheForm()
    {
        // The form used to ignore rows past index 100 and refuse more than 50: a deal taken in whole could not be saved.
        var many = DealContext.Empty with { Stakeholders = [.. Enumerable.Range(0, ContextGrammar.MaxItems).Select(i => new Stakeholder($"Person {i}", $"p{i}@acme.example", StakeholderRole.User))] };

        Assert.Empty(JsonErrors(many));
        var form = FormOf(many);

        Assert.True(form.IsValid, string.Join("; ", form.Errors));
        Assert.Equal(many.Stakeholders, form.Context.Stakeholders);
    }

    [Fact]
    public void Seats_AreAWholeNumberFromOne_OnEverySurface()
    {
        var zero = new JsonObject { ["whatWasSold"] = new JsonArray(new JsonObject { ["product"] = "Fleet", ["seats"] = 0 }) };
        var errors = new List<FieldError>();
        ContextGrammar.FromJson(Parse(zero), errors);

        Assert.Equal("context.whatWasSold[0].seats", Assert.Single(errors).Field);
        Assert.False(ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["whatWasSold"] = "Fleet, 0 seats" }).IsValid);
    }

    [Fact]
    public void Emails_AreTheOneCaseInsensitiveKey_NormalisedOnEverySurface()
    {
        var errors = new List<FieldError>();
        var json = ContextGrammar.FromJson(Parse(new JsonObject { ["stakeholders"] = new JsonArray(new JsonObject { ["name"] = "Dana", ["role"] = "champion", ["email"] = " Dana@Acme.Example " }) }), errors);
        var form = ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["stakeholders.0.name"] = "Dana", ["stakeholders.0.role"] = "champion", ["stakeholders.0.email"] = "Dana@Acme.Example" });
        var llm = BriefJson.ToCandidates(new BriefDocument
        {
            Stakeholders = [new StakeholderItem { Name = "Dana", Role = "champion", Email = "Dana@Acme.Example", Quote = "q" }, new StakeholderItem { Name = "Lee", Role = "user", Email = "lee at acme", Quote = "q" }],
        }, "call-1");

        Assert.Empty(errors);
        Assert.Equal("dana@acme.example", json.Stakeholders.Single().Email);
        Assert.Equal("dana@acme.example", form.Context.Stakeholders.Single().Email);
        Assert.Equal("dana@acme.example", llm.Stakeholders[0].Value.Email);
        Assert.Null(llm.Stakeholders[1].Value.Email); // an LLM's malformed email is dropped, not stored
    }

    [Fact]
    public void Names_AreComparedOrdinally_NotIgnoringCase()
    {
        var a = DealContext.Empty with { Stakeholders = [new Stakeholder("Dana Ruiz", null, StakeholderRole.User)] };
        var b = DealContext.Empty with { Stakeholders = [new Stakeholder("dana ruiz", null, StakeholderRole.User)] };

        Assert.Equal([ContextField.Stakeholders], ContextGrammar.ChangedFields(a, b));
    }

    [Fact]
    public void GuessedChoices_FromAnLlm_TakeTheFallback_AtHalfConfidence()
    {
        var candidates = BriefJson.ToCandidates(new BriefDocument
        {
            Risks = [new RiskItem { Category = "pricing", Severity = "high", Description = "Budget", Quote = "q", Confidence = 0.8 }],
            SpecialTerms = [new TermItem { Kind = "payment", Text = "Net 60", Quote = "q", Confidence = 0.8 }],
            Stakeholders = [new StakeholderItem { Name = "Dana", Role = "boss", Quote = "q", Confidence = 0.8 }],
        }, "call-1");

        Assert.Equal((new Risk(RiskCategory.Other, Severity.High, "Budget"), 0.4), (candidates.Risks[0].Value, candidates.Risks[0].Confidence));
        Assert.Equal((new SpecialTerm(SpecialTermKind.Payment, "Net 60"), 0.8), (candidates.SpecialTerms[0].Value, candidates.SpecialTerms[0].Confidence));
        Assert.Equal((StakeholderRole.User, 0.4), (candidates.Stakeholders[0].Value.Role, candidates.Stakeholders[0].Confidence));
    }

    [Fact]
    public void NoneWithItems_IsRefusedByTheDealJson_AsByTheForm()
    {
        var json = new JsonObject
        {
            ["risks"] = new JsonArray(new JsonObject { ["category"] = "budget", ["severity"] = "low", ["description"] = "Tight" }),
            ["none"] = new JsonArray("risks"),
        };
        var errors = new List<FieldError>();
        ContextGrammar.FromJson(Parse(json), errors);

        Assert.Equal("context.none", Assert.Single(errors).Field);
        Assert.Equal("none.risks", Assert.Single(ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?>
        {
            ["none.risks"] = "true", ["risks.0.category"] = "budget", ["risks.0.severity"] = "low", ["risks.0.description"] = "Tight",
        }).Errors).Field);
    }

    [Fact]
    public void GoLiveBeforeTheClose_IsRefusedByTheDealJson_AsByTheForm()
    {
        var errors = new List<FieldError>();
        ContextGrammar.FromJson(Parse(new JsonObject { ["targetGoLive"] = "2026-01-01" }), errors, Closed);

        Assert.Equal("context.targetGoLive", Assert.Single(errors).Field);
        Assert.Equal("targetGoLive", Assert.Single(ContextFormReader.Read(DealContext.Empty, new Dictionary<string, string?> { ["targetGoLive"] = "2026-01-01" }, Closed).Errors).Field);
    }

    [Fact]
    public void CrmLists_AreCutAtTheLimit_NotRefused()
    {
        var text = string.Join("\n", Enumerable.Range(0, ContextGrammar.MaxItems + 50).Select(i => $"• goal {i}"));

        var node = Assert.IsType<JsonArray>(ContextGrammar.Goals.CrmJson(text));

        Assert.Equal(ContextGrammar.MaxItems, node.Count);
        Assert.Equal("goal 0", node[0]!.GetValue<string>());
    }

    private static List<FieldError> JsonErrors(DealContext context)
    {
        var errors = new List<FieldError>();
        ContextGrammar.FromJson(Parse(ContextGrammar.ToJson(context)), errors, Closed);
        return errors;
    }

    private static ContextFormResult FormOf(DealContext context) =>
        ContextFormReader.Read(DealContext.Empty, ContextGrammar.Fields.SelectMany(f => f.ToForm(context)).ToDictionary(i => i.Key, i => (string?)i.Value), Closed);

    private static JsonElement Parse(JsonObject context) => JsonDocument.Parse(context.ToJsonString()).RootElement.Clone();
}
