using HandoffBot.Core.Crm;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Crm;

public sealed class CrmMappingTests
{
    [Fact]
    public void ShippedFile_IsExactlyTheBuiltInMapping()
    {
        // The tests' copy of the shipped file (tests/Defaults): RevOps may edit bot/HandoffBot/crm-mapping.yaml.
        var shipped = CrmMappingLoader.LoadFile(TestDefaults.CrmMappingPath);
        foreach (var (file, builtIn) in new[] { (shipped.HubSpot, CrmMappingDefaults.Mapping.HubSpot), (shipped.Salesforce, CrmMappingDefaults.Mapping.Salesforce) })
        {
            Assert.Equal(builtIn.Fields.OrderBy(f => f.Key).Select(f => (f.Key, string.Join("|", f.Value))), file.Fields.OrderBy(f => f.Key).Select(f => (f.Key, string.Join("|", f.Value))));
            Assert.Equal(builtIn.Roles.OrderBy(r => r.Key, StringComparer.Ordinal), file.Roles.OrderBy(r => r.Key, StringComparer.Ordinal));
            Assert.Equal(builtIn.RoleProperty, file.RoleProperty);
            Assert.Equal(builtIn.DefaultRole, file.DefaultRole);
            Assert.Equal(builtIn.DefaultCurrency, file.DefaultCurrency);
        }
    }

    [Fact]
    public void FileEntries_LaidOverTheDefaults_EmptyListUnmaps()
    {
        var mapping = CrmMappingLoader.Parse("""
            hubspot:
              fields:
                arr: [deal.annual_contract_value]
                csmEmail: []
              pipelines: ['12345678']
              stakeholders:
                roles:
                  Sponsor: economic_buyer
            salesforce:
              fields:
                customerTimeZone: Account.Time_Zone__c
            """);

        Assert.Equal(["deal.annual_contract_value"], mapping.HubSpot.SourcesOf(CrmTargets.Arr));
        Assert.Empty(mapping.HubSpot.SourcesOf(CrmTargets.CsmEmail));
        Assert.Equal(CrmMappingDefaults.Mapping.HubSpot.SourcesOf(CrmTargets.AccountName), mapping.HubSpot.SourcesOf(CrmTargets.AccountName));
        Assert.Equal(["12345678"], mapping.HubSpot.Pipelines);
        Assert.Equal(StakeholderRole.EconomicBuyer, mapping.HubSpot.RoleFor(["sponsor"]));
        Assert.Equal(StakeholderRole.Champion, mapping.HubSpot.RoleFor(["CHAMPION"]));
        Assert.Equal(["Account.Time_Zone__c"], mapping.Salesforce.SourcesOf(CrmTargets.CustomerTimeZone));
    }

    [Fact]
    public void InvalidFile_EveryProblemListedAsKeyColonProblem()
    {
        var ex = Assert.Throws<CrmMappingException>(() => CrmMappingLoader.Parse("""
            hubspot:
              fields:
                arr: [amount]
                aeEmail: []
                favouriteColour: [deal.colour]
              defaultCurrency: usd
              stakeholders:
                roles:
                  CHAMPION: hero
            salesforce:
              fields:
                csmEmail: ["CSM__r.Email FROM User --"]
              pipelines: [x]
            """));

        Assert.Equal(
            [
                "hubspot.fields.arr[0]: 'amount' is not a HubSpot property (deal.<name>, company.<name>, owner.email, or owner:deal.<name> for an owner id)",
                "hubspot.fields.favouriteColour: not a deal field (use accountName, arr, currency, closeDate, segment, aeEmail, csmEmail, customerTimeZone, goals, successCriteria, expansionPotential, targetGoLive, specialTerms, notes)",
                "hubspot.fields.aeEmail: required (a deal cannot be taken in without it); name at least one source",
                "hubspot.stakeholders.roles.CHAMPION: 'hero' is not a stakeholder role (use champion, economic_buyer, user or technical)",
                "hubspot.defaultCurrency: 'usd' is not a three-letter ISO 4217 code in capitals (e.g. USD)",
                "salesforce.fields.csmEmail[0]: 'CSM__r.Email FROM User --' is not a field path from the Opportunity (e.g. Amount, Account.Name, CSM__r.Email)",
                "salesforce: pipelines and wonStages are HubSpot settings (the Flow decides what Salesforce sends)",
            ],
            ex.Problems);
        Assert.Contains("Invalid CRM mapping", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_NamedWithItsLine()
    {
        var ex = Assert.Throws<CrmMappingException>(() => CrmMappingLoader.Parse("hubspot:\n  feilds: {}\n"));
        Assert.Equal("line 2, column 3: unknown key 'feilds' (check its spelling and indentation)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void InvalidMappingFile_StopsStartUpWithTheProblems()
    {
        var path = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N") + "-crm-mapping.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "salesforce:\n  fields:\n    arr: [\"Amount; DELETE\"]\n");
        using var app = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Crm:MappingPath"] = path });

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var mapping = Assert.IsType<CrmMappingException>(ex is CrmMappingException ? ex : ex.InnerException ?? ex.GetBaseException());
        Assert.Contains("salesforce.fields.arr[0]", mapping.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckCommand_ValidFileShowsSources_InvalidFileExits1WithProblems()
    {
        var command = new HandoffBot.Crm.CrmMappingCheckCommand(Microsoft.Extensions.Options.Options.Create(new HandoffBot.Crm.CrmOptions()));
        var good = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        var bad = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(good, "salesforce:\n  fields:\n    csmEmail: [CSM__r.Email]\n");
        await File.WriteAllTextAsync(bad, "hubspot:\n  fields:\n    arr: [amount]\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await command.RunAsync([good], output, error, CancellationToken.None));
        Assert.Contains("csmEmail             CSM__r.Email", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await command.RunAsync([bad], output, error, CancellationToken.None));
        Assert.Contains("hubspot.fields.arr[0]: 'amount' is not a HubSpot property", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await command.RunAsync(["/nonexistent/x.yaml"], output, error, CancellationToken.None));
    }

    [Fact]
    public void MissingConfiguredFile_StopsStartUp_ButTheDefaultPathFallsBackToBuiltIn()
    {
        var ex = Assert.Throws<CrmMappingException>(() => CrmMappingLoader.LoadFile("/nonexistent/crm-mapping.yaml"));
        Assert.Contains("Crm__MappingPath", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }
}
