using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Speaker labels as real transcripts write them: an organisation beside the name, short upper-case labels.</summary>
public sealed class SpeakerFormatTests
{
    private static SpeakerSides Sides(string content, DealHints? hints = null)
    {
        var parsed = Sources.Parse(Sources.Transcript(content));
        return SpeakerSides.Infer(parsed, Segmenter.Split(parsed), hints ?? DealHints.None);
    }

    [Theory]
    [InlineData("Avery Brooks (northwind.io): Hello.\nDana Ruiz (acme.com): Hi.\nAvery Brooks (northwind.io): Shall we?\nDana Ruiz (acme.com): Sure.", "northwind.io", "acme.com")]
    [InlineData("Avery Brooks [Northwind]: Hello.\nDana Ruiz [Acme]: Hi.\nAvery Brooks [Northwind]: Shall we?\nDana Ruiz [Acme]: Sure.", "Northwind", "Acme")]
    [InlineData("Avery Brooks (Northwind): Hello.\nDana Ruiz (Acme): Hi.\nAvery Brooks (Northwind): Shall we?\nDana Ruiz (Acme): Sure.", "Northwind", "Acme")]
    public void Read_NameWithOrganisation_SpeakerIsTheNameAndOrganisationIsKept(string content, string ours, string theirs)
    {
        var parsed = Sources.Parse(Sources.Transcript(content));

        Assert.Equal(["Avery Brooks", "Dana Ruiz", "Avery Brooks", "Dana Ruiz"], parsed.Utterances.Select(u => u.Speaker));
        Assert.Equal([ours, theirs, ours, theirs], parsed.Utterances.Select(u => u.Organisation));
        Assert.Equal("Hello.\nHi.\nShall we?\nSure.", parsed.Text);
    }

    [Fact]
    public void Read_NameWithTitleInParentheses_StaysOneLabelWithoutOrganisation()
    {
        var parsed = Sources.Parse(Sources.Transcript("Maya (Pricing Strategist): Hello.\nDana (CFO): Hi.\nMaya (Pricing Strategist): Shall we?\nDana (CFO): Sure."));

        Assert.Equal("Maya (Pricing Strategist)", parsed.Utterances[0].Speaker);
        Assert.All(parsed.Utterances, u => Assert.Null(u.Organisation));
    }

    [Fact]
    public void Infer_TwoOrganisations_TheAccountsOrganisationIsTheCustomer()
    {
        var sides = Sides("Avery Brooks (Northwind): Hello.\nDana Ruiz (Acme): Hi.\nSam Lee (Northwind): Hi all.\nRaj Patel (Acme): Morning.", new DealHints { AccountName = "Acme Corp" });

        Assert.True(sides.IsSeller("Avery Brooks"));
        Assert.True(sides.IsSeller("Sam Lee"));
        Assert.True(sides.IsCustomer("Dana Ruiz"));
        Assert.True(sides.IsCustomer("Raj Patel"));
    }

    [Fact]
    public void Infer_TwoOrganisations_AKnownSellersOrganisationIsOurs()
    {
        var sides = Sides("Avery Brooks (acme.com): Hello.\nDana Ruiz (northwind.io): Hi.\nSam Lee (acme.com): Hi all.\nRaj Patel (northwind.io): Morning.", new DealHints { SellerNames = ["Dana Ruiz"] });

        Assert.True(sides.IsSeller("Raj Patel"));
        Assert.True(sides.IsCustomer("Avery Brooks"));
        Assert.True(sides.IsCustomer("Sam Lee"));
    }

    [Fact]
    public void Infer_TwoOrganisations_TheCompanyASpeakerIntroducesIsOurs()
    {
        var sides = Sides("Dana Ruiz (Acme): Hi, thanks.\nAvery Brooks (Northwind): Hi Dana, I'm Avery from Northwind.\nDana Ruiz (Acme): Great.\nAvery Brooks (Northwind): Let's start.");

        Assert.True(sides.IsSeller("Avery Brooks"));
        Assert.True(sides.IsCustomer("Dana Ruiz"));
    }

    [Theory]
    [InlineData("LIA")]
    [InlineData("PC")]
    [InlineData("SDR")]
    [InlineData("CSM")]
    [InlineData("REP")]
    [InlineData("AGENT")]
    [InlineData("CUSTOMER")]
    [InlineData("PROSPECT")]
    [InlineData("CLIENT")]
    [InlineData("CALLER")]
    public void IsRoleOnly_ShortUpperCaseLabel_IsNeverAPerson(string label) => Assert.True(SpeakerLabels.IsRoleOnly(label));

    [Theory]
    [InlineData("AE", true)]
    [InlineData("SDR", true)]
    [InlineData("REP", true)]
    [InlineData("AGENT", true)]
    [InlineData("SALES", true)]
    [InlineData("CSM", true)]
    [InlineData("ADVISOR", true)]
    [InlineData("CUSTOMER", false)]
    [InlineData("PROSPECT", false)]
    [InlineData("CLIENT", false)]
    [InlineData("CALLER", false)]
    [InlineData("BUYER", false)]
    [InlineData("LIA", null)]
    public void Parse_RoleLabel_SaysTheSide(string label, bool? seller) => Assert.Equal(seller, SpeakerLabels.Parse(label).Seller);

    [Fact]
    public void IsRoleOnly_UpperCaseGivenName_IsAPerson() => Assert.False(SpeakerLabels.IsRoleOnly("JOHN"));

    [Fact]
    public void Infer_TwoPartyCallWithOneUnknownLabel_TheUnknownIsTheOtherSide()
    {
        var sides = Sides("LIA: Hello there.\nCUSTOMER: Hi.\nLIA: Shall we start?\nCUSTOMER: Sure.");

        Assert.True(sides.IsSeller("LIA"));
        Assert.True(sides.IsCustomer("CUSTOMER"));
    }

    [Fact]
    public void Infer_TwoPartyCallWithASellerLabel_TheUnknownIsTheCustomer()
    {
        var sides = Sides("AE: Hello there.\nPC: Hi.\nAE: Shall we start?\nPC: Sure.");

        Assert.True(sides.IsSeller("AE"));
        Assert.True(sides.IsCustomer("PC"));
        Assert.False(sides.IsSeller("PC"));
    }

    [Fact]
    public void Infer_ThreeSpeakersWithOneKnownLabel_OthersAreNotForcedToOurSide()
    {
        var sides = Sides("LIA: Hello there.\nCUSTOMER: Hi.\nPC: Hello.\nLIA: Shall we start?\nCUSTOMER: Sure.\nPC: Yes.");

        Assert.False(sides.IsSeller("LIA"));
        Assert.False(sides.IsSeller("PC"));
    }

    [Theory]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Avery Brooks (northwind.io)>Hello.\n\n00:00:04.000 --> 00:00:06.000\n<v Dana Ruiz (acme.com)>Hi.\n")]
    [InlineData("1\n00:00:01,000 --> 00:00:03,000\nAvery Brooks [Northwind]: Hello.\n\n2\n00:00:04,000 --> 00:00:06,000\nDana Ruiz [Acme]: Hi.\n")]
    public void Read_CaptionCueWithOrganisation_SpeakerIsTheName(string content)
    {
        var parsed = Sources.Parse(Sources.Transcript(content));

        Assert.Equal(["Avery Brooks", "Dana Ruiz"], parsed.Utterances.Select(u => u.Speaker));
        Assert.All(parsed.Utterances, u => Assert.NotNull(u.Organisation));
    }
}
