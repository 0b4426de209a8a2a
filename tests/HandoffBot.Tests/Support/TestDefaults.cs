namespace HandoffBot.Tests.Support;

/// <summary>
/// The tests' own copy of the shipped playbook, people and CRM mapping (tests/Defaults, copied beside the
/// tests). Tests never read bot/HandoffBot/playbook.yaml, people.yaml or crm-mapping.yaml (nor their
/// .local overlays): those are a RevOps admin's to edit, and no edit of theirs may break <c>dotnet test</c>
/// (ShippedSampleEditsTests proves it).
/// </summary>
public static class TestDefaults
{
    public static string PlaybookPath { get; } = Path.Combine(AppContext.BaseDirectory, "Defaults", "playbook.yaml");

    public static string PeoplePath { get; } = Path.Combine(AppContext.BaseDirectory, "Defaults", "people.yaml");

    public static string CrmMappingPath { get; } = Path.Combine(AppContext.BaseDirectory, "Defaults", "crm-mapping.yaml");
}
