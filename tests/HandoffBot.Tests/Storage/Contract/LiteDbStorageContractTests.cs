namespace HandoffBot.Tests.Storage.Contract;

/// <summary>The storage contract on a fresh LiteDB file.</summary>
public sealed class LiteDbStorageContractTests : StorageContractTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?> FreshSettings() => new Dictionary<string, string?>
    {
        ["Storage:Path"] = Path.Combine(folder, "handoffbot.db"),
    };

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
