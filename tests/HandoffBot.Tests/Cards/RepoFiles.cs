using System.Text.Json.Nodes;

namespace HandoffBot.Tests.Cards;

/// <summary>Files of the repository the card tests share with the Node tooling under cards/tools/.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<IReadOnlyList<JsonObject>> Cases = new(() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "cards", "tools", "engine-cases.json")))!.AsArray().Select(c => c!.AsObject())]);

    public static IReadOnlyList<JsonObject> EngineCases() => Cases.Value;

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HandoffBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HandoffBot.sln not found above the test folder.");
    }
}
