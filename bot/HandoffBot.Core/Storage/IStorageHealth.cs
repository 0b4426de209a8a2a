namespace HandoffBot.Core.Storage;

/// <summary>Whether the store can be used right now (readiness), and what it is (start-up log).</summary>
public interface IStorageHealth
{
    /// <summary>"LiteDB file /data/handoffbot.db (…)" or "PostgreSQL handoffbot on db-1:5432 (schema version 3)": no secrets.</summary>
    string Description { get; }

    Task<bool> IsReachableAsync(CancellationToken ct = default);
}

/// <summary>Small values the bot keeps for itself (the link-signing key), shared by every instance on one store.</summary>
public interface ISettingsStore
{
    /// <summary>The value stored under <paramref name="key"/>; when there is none, <paramref name="create"/>'s, stored once (the first writer wins on a shared store).</summary>
    Task<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default);
}
