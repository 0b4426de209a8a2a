using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests;

public sealed class ContextFormReaderTests
{
    private static readonly DateOnly Closed = new(2026, 10, 30);

    private static ContextFormResult Read(DealContext current, params (string Id, string? Value)[] inputs) =>
        ContextFormReader.Read(current, inputs.ToDictionary(i => i.Id, i => i.Value), Closed);

    private static ContextFormResult Read(params (string Id, string? Value)[] inputs) => Read(DealContext.Empty, inputs);

    [Fact]
    public void ListsAndRows_AreReadInTheirFormats()
    {
        var result = Read(
            ("whatWasSold", "Fleet Platform, 1,250 seats (Routing, Telematics)\n- Support Plus"),
            ("goals", "Cut late deliveries\n\n  Fewer calls  "),
            ("commitments.0.what", "SSO before go-live"), ("commitments.0.due", "2026-12-15"), ("commitments.0.by", "Avery"),
            ("commitments.1.what", ""), ("commitments.1.due", ""), ("commitments.1.by", ""),
            ("stakeholders.0.name", "Dana Ruiz"), ("stakeholders.0.title", "VP Operations"), ("stakeholders.0.role", "economic_buyer"), ("stakeholders.0.email", "Dana@Acme.example"),
            ("risks.0.category", "scope_creep_oversell"), ("risks.0.severity", "high"), ("risks.0.description", "Promised a custom report"),
            ("targetGoLive", "2027-01-15"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var c = result.Context;
        Assert.Equal([new SoldItem("Fleet Platform", 1250, ["Routing", "Telematics"]), new SoldItem("Support Plus")], c.WhatWasSold, new SoldComparer());
        Assert.Equal(["Cut late deliveries", "Fewer calls"], c.Goals);
        Assert.Equal(new Commitment("SSO before go-live", new DateOnly(2026, 12, 15), "Avery"), Assert.Single(c.Commitments));
        Assert.Equal(new Stakeholder("Dana Ruiz", "dana@acme.example", StakeholderRole.EconomicBuyer, "VP Operations"), Assert.Single(c.Stakeholders));
        Assert.Equal(new Risk(RiskCategory.ScopeCreepOversell, Severity.High, "Promised a custom report"), Assert.Single(c.Risks));
        Assert.Equal(new DateOnly(2027, 1, 15), c.TargetGoLive);
    }

    [Fact]
    public void FieldsNotOnTheForm_AreLeftAsTheyWere()
    {
        var current = DealContext.Empty with { Goals = ["Keep me"], Risks = [new Risk(RiskCategory.Budget, Severity.Low, "Tight budget")] };

        var result = Read(current, ("successCriteria", "Below 3% late"));

        Assert.True(result.IsValid);
        Assert.Equal(["Keep me"], result.Context.Goals);
        Assert.Single(result.Context.Risks);
        Assert.Equal(["Below 3% late"], result.Context.SuccessCriteria);
        Assert.Equal([ContextField.SuccessCriteria], result.Fields);
    }

    [Fact]
    public void BadInput_GivesOneErrorPerInput_AndChangesNothing()
    {
        var current = DealContext.Empty with { Goals = ["Keep me"] };

        var result = Read(current,
            ("goals", "New goal"),
            ("commitments.0.what", ""), ("commitments.0.due", "15/12/2026"),
            ("stakeholders.0.name", "Dana"), ("stakeholders.0.role", "boss"), ("stakeholders.0.email", "not-an-email"),
            ("risks.0.category", "3"), ("risks.0.severity", "medium"), ("risks.0.description", "x"),
            ("whatWasSold", "Fleet, 0 seats"),
            ("targetGoLive", "2026-01-01"));

        Assert.False(result.IsValid);
        Assert.Equal(
            ["commitments.0.due", "commitments.0.what", "risks.0.category", "stakeholders.0.email", "stakeholders.0.role", "targetGoLive", "whatWasSold"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Same(current, result.Context);
    }

    [Fact]
    public void NoneToggle_ConfirmsAnEmptyList_ButNotOneWithRows()
    {
        var none = Read(("none.risks", "true"), ("risks.0.category", ""), ("risks.0.severity", ""), ("risks.0.description", ""));
        Assert.True(none.IsValid);
        Assert.Contains(ContextField.Risks, none.Context.ConfirmedNone);

        var both = Read(("none.risks", "true"), ("risks.0.category", "budget"), ("risks.0.severity", "low"), ("risks.0.description", "Tight"));
        Assert.Equal("none.risks", Assert.Single(both.Errors).Field);

        var untick = Read(DealContext.Empty with { ConfirmedNone = new HashSet<ContextField> { ContextField.Risks } }, ("none.risks", "false"));
        Assert.DoesNotContain(ContextField.Risks, untick.Context.ConfirmedNone);
    }

    [Fact]
    public void CustomerTimeZone_IsValidatedAsAnIanaId()
    {
        Assert.Equal("America/Chicago", Read(("customerTimeZone", "America/Chicago")).CustomerTimeZone);
        Assert.Equal("customerTimeZone", Assert.Single(Read(("customerTimeZone", "Mars/Olympus")).Errors).Field);
    }

    [Fact]
    public void HostileOrHugeInput_IsRefusedWithErrors_NeverThrows()
    {
        var random = new Random(7);
        string Junk() => new([.. Enumerable.Range(0, random.Next(0, 3000)).Select(_ => (char)random.Next(0, 0xD7FF))]);
        for (var i = 0; i < 300; i++)
        {
            var inputs = new Dictionary<string, string?>
            {
                ["whatWasSold"] = Junk(),
                ["goals"] = string.Join('\n', Enumerable.Range(0, random.Next(0, 80)).Select(_ => "g")),
                [$"commitments.{random.Next(0, 150)}.due"] = Junk(),
                ["stakeholders.0.role"] = Junk(),
                ["targetGoLive"] = Junk(),
                ["none.specialTerms"] = Junk(),
                [Junk()] = Junk(),
            };

            var result = ContextFormReader.Read(DealContext.Empty, inputs, Closed);

            Assert.All(result.Context.Goals, g => Assert.True(g.Length <= ContextFormReader.MaxItemLength));
            Assert.True(result.Context.Goals.Count <= ContextFormReader.MaxItems);
        }
    }

    [Theory]
    [InlineData("Fleet Platform", "Fleet Platform", null, 0)]
    [InlineData("Fleet Platform, 250 seats", "Fleet Platform", 250, 0)]
    [InlineData("Fleet Platform (Routing)", "Fleet Platform", null, 1)]
    [InlineData("Fleet, Premium, 10 users (A, B)", "Fleet, Premium", 10, 2)]
    public void SoldLines_RoundTripTheCardsFormat(string line, string product, int? seats, int modules)
    {
        var item = ContextFormReader.ParseSold(line, out var error);

        Assert.NotNull(item);
        Assert.Equal("", error);
        Assert.Equal(product, item.Product);
        Assert.Equal(seats, item.Seats);
        Assert.Equal(modules, item.Modules?.Count ?? 0);
    }

    private sealed class SoldComparer : IEqualityComparer<SoldItem>
    {
        public bool Equals(SoldItem? x, SoldItem? y) =>
            x?.Product == y?.Product && x?.Seats == y?.Seats && (x?.Modules ?? []).SequenceEqual(y?.Modules ?? []);

        public int GetHashCode(SoldItem obj) => obj.Product.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void AValueShownCut_SentBackAsShown_KeepsTheWholeStoredValue_AnEditedOneIsTaken()
    {
        var long1 = "Migrate every depot " + string.Concat(Enumerable.Repeat("with its routes and drivers, ", 40)).TrimEnd(' ', ',');
        var current = DealContext.Empty with
        {
            Commitments = [new Commitment(long1, new DateOnly(2026, 12, 15), "Avery")],
            Goals = ["Cut late deliveries", "Fewer calls to dispatch"],
        };
        var cut = long1[..499].TrimEnd() + "\u2026";

        var kept = Read(current, ("commitments.0.what", cut), ("commitments.0.due", "2026-12-15"), ("commitments.0.by", "Avery"), ("goals", "Cut late deliveries\r\nFewer calls to dispatch\r\nOne more"));

        Assert.True(kept.IsValid, string.Join("; ", kept.Errors));
        Assert.Equal(long1, Assert.Single(kept.Context.Commitments).What);
        Assert.Equal(3, kept.Context.Goals.Count);

        // Typed over (not what the form showed): the person's text wins, even ending in an ellipsis.
        var edited = Read(current, ("commitments.0.what", "Migrate the north depots first\u2026"), ("commitments.0.due", "2026-12-15"), ("commitments.0.by", "Avery"));
        Assert.Equal("Migrate the north depots first\u2026", Assert.Single(edited.Context.Commitments).What);

        // A cut goals box (several lines in one input) sent back as shown: all goals kept.
        var goals = Read(current, ("goals", "Cut late deliveries\nFewer calls\u2026"));
        Assert.Equal(["Cut late deliveries", "Fewer calls to dispatch"], goals.Context.Goals);
    }
}
