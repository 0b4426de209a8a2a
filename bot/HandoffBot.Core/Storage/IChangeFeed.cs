namespace HandoffBot.Core.Storage;

/// <summary>
/// Tells the other instances on a shared store that something they keep in memory changed (the
/// playbook was reloaded, the people directory was edited), so every instance follows. With one
/// process (LiteDB) there is nobody to tell.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Announces that <paramref name="topic"/> changed here; this instance's own handlers are not called.</summary>
    Task PublishAsync(string topic, CancellationToken ct = default);

    /// <summary>Calls <paramref name="handler"/> whenever another instance announced <paramref name="topic"/>. Dispose to stop.</summary>
    IDisposable Subscribe(string topic, Func<CancellationToken, Task> handler);
}

/// <summary>Topics of <see cref="IChangeFeed"/>.</summary>
public static class ChangeTopics
{
    public const string Playbook = "playbook";
    public const string People = "people";
}

/// <summary>
/// Work that must run on one instance at a time across every instance on the store (start-up seeding,
/// trimming shared tables). With one process it is a plain in-process lock.
/// </summary>
public interface IClusterLock
{
    /// <summary>Runs <paramref name="work"/> if no other instance holds <paramref name="name"/> now; false (and nothing run) when one does.</summary>
    Task<bool> TryRunAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct = default);
}
