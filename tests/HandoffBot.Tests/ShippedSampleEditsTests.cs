using HandoffBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests;

/// <summary>
/// <c>dotnet test</c> passes whatever a RevOps admin did to the shipped sample files (playbook.yaml,
/// people.yaml, crm-mapping.yaml and their .local overlays): a copy of them is edited as badly as
/// possible in a folder where the bot looks for them, the bot started there on its own defaults
/// refuses (so the edits are really in its way), and started the way the tests start it, it runs on the
/// tests' copy (tests/Defaults) and never reads them.
/// </summary>
public sealed class ShippedSampleEditsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-edited-samples-").FullName;

    public ShippedSampleEditsTests()
    {
        // Edits a person might make: a csChannel added, then a typo; a broken directory; an invalid mapping; broken overlays.
        var playbook = File.ReadAllText(TestDefaults.PlaybookPath).Replace("  - name: Enterprise\n", "  - name: Enterprise\n    csChannel: slack:C0MINE\n", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "playbook.yaml"), playbook + "\nsla: [this is: not valid\n");
        File.WriteAllText(Path.Combine(folder, "playbook.local.yaml"), "segments: {{{\n");
        File.WriteAllText(Path.Combine(folder, "people.yaml"), "people:\n  - email: not-an-email\n    roles: [astronaut]\n");
        File.WriteAllText(Path.Combine(folder, "people.local.yaml"), "people: [\n");
        File.WriteAllText(Path.Combine(folder, "crm-mapping.yaml"), "hubspot:\n  fields:\n    nonsense: 12\n  pipelines: {\n");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task TheEditedFiles_StopABotThatReadsThem()
    {
        var (exitCode, output) = await BotProcess.RunUntilExitAsync(
            new Dictionary<string, string?> { ["Teams__Enabled"] = "false", ["Playbook__Path"] = "playbook.yaml", ["People__SeedPath"] = "people.yaml", ["Crm__MappingPath"] = "crm-mapping.yaml" },
            workingDirectory: folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(folder, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBotAsTheTestsStartIt_RunsOnTheTestsOwnCopy_NotTheEditedFiles()
    {
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?> { ["Teams__Enabled"] = "false" }, workingDirectory: folder);
        using var client = bot.Client();

        Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        Assert.Contains($"Playbook {TestDefaults.PlaybookPath} loaded", bot.Output, StringComparison.Ordinal);
        Assert.Contains($"People seed {TestDefaults.PeoplePath}:", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(folder, bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInProcessHost_UsesAbsolutePathsToTheTestsOwnCopy()
    {
        await using var app = new HandoffBotApp();
        var configuration = app.Services.GetRequiredService<IConfiguration>();

        Assert.Equal(TestDefaults.PlaybookPath, configuration["Playbook:Path"]);
        Assert.Equal(TestDefaults.PeoplePath, configuration["People:SeedPath"]);
        Assert.Equal(TestDefaults.CrmMappingPath, configuration["Crm:MappingPath"]);
        Assert.All([TestDefaults.PlaybookPath, TestDefaults.PeoplePath, TestDefaults.CrmMappingPath], p => Assert.True(Path.IsPathRooted(p) && File.Exists(p), p));
        Assert.All([TestDefaults.PlaybookPath, TestDefaults.PeoplePath, TestDefaults.CrmMappingPath], p => Assert.Equal("Defaults", Path.GetFileName(Path.GetDirectoryName(p))));
    }
}
