namespace HandoffBot.Tests.Support;

/// <summary>
/// The tests' own copy of the shipped playbook and people (tests/Defaults, copied beside the tests).
/// Tests never read bot/HandoffBot/playbook.yaml or people.yaml: those are a RevOps admin's to edit,
/// and no edit of theirs may break <c>dotnet test</c> (.ci/steps/96-shipped-samples.sh proves it).
/// </summary>
public static class TestDefaults
{
    public static string PlaybookPath { get; } = Path.Combine(AppContext.BaseDirectory, "Defaults", "playbook.yaml");

    public static string PeoplePath { get; } = Path.Combine(AppContext.BaseDirectory, "Defaults", "people.yaml");
}
