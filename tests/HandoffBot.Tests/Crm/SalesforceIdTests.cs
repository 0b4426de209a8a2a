using HandoffBot.Core.Crm;

namespace HandoffBot.Tests.Crm;

public sealed class SalesforceIdTests
{
    [Theory]
    [InlineData("00DD0000000muCU", "00DD0000000muCUMAY")]
    [InlineData("70130000001tcyI", "70130000001tcyIAAQ")]
    [InlineData("003G000001SUbc4", "003G000001SUbc4IAD")]
    [InlineData("00558000001N0Ke", "00558000001N0KeAAK")]
    [InlineData("0061N00000WD1sh", "0061N00000WD1shQAD")]
    public void Normalize_FifteenCharacters_ChecksumFromIntegrationsVectors(string id15, string id18)
    {
        Assert.Equal(id18, SalesforceId.Normalize(id15));
        Assert.Equal(id18, SalesforceId.Normalize(id18));
    }

    [Fact]
    public void Normalize_LowerCasedEighteen_RestoredFromItsChecksum()
    {
        Assert.Equal("0061N00000WD1shQAD", SalesforceId.Normalize("0061n00000wd1shqad"));
    }

    [Fact]
    public void FifteenCharacterIds_DifferingOnlyInCase_AreDifferentRecords()
    {
        var upper = SalesforceId.Normalize("0061N00000WD1SH");
        var lower = SalesforceId.Normalize("0061N00000WD1sh");
        Assert.NotEqual(upper, lower);
        Assert.False(SalesforceId.SameOrganization("00DD0000000muCU", "00DD0000000MUCU"));
    }

    [Theory]
    [InlineData("00DD0000000muCU", "00DD0000000muCUMAY", true)]
    [InlineData("00DD0000000muCUMAY", "00DD0000000muCU", true)]
    [InlineData(" 00DD0000000muCUMAY ", "00dd0000000mucumay", true)]
    [InlineData("0123456789ABCDENNN", "0123456789ABCDE", true)]
    [InlineData("00DD0000000muCV", "00DD0000000muCU", false)]
    [InlineData("", "00DD0000000muCU", false)]
    [InlineData("00DD0000000muCU'--", "00DD0000000muCU", false)]
    public void SameOrganization_On15CharacterPrefixOfNormalisedIds(string a, string b, bool same) =>
        Assert.Equal(same, SalesforceId.SameOrganization(a, b));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("006")]
    [InlineData("0061N00000WD1sh' OR Id != '")]
    [InlineData("0061N00000WD1shQA")]
    [InlineData("0061N00000WD1sh\u00e9QAD")]
    public void Normalize_NotAnId_Null(string? text) => Assert.Null(SalesforceId.Normalize(text));
}
