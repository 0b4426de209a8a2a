namespace HandoffBot.Options;

/// <summary>Section "People": the directory seed.</summary>
public sealed class PeopleOptions
{
    public const string Section = "People";

    /// <summary>
    /// YAML or CSV file of people added at start-up when their email is not in the directory yet
    /// (people edited through the admin API are never overwritten). Empty: no seeding.
    /// </summary>
    public string? SeedPath { get; set; } = "people.yaml";
}
