namespace HandoffBot.Core.Storage;

/// <summary>
/// A Teams conversation the bot may write to, as stored: the platform's own reference is kept as
/// opaque JSON (the Teams adapter reads and writes it), the ids beside it are how it is found.
/// </summary>
public sealed record ConversationRecord(
    string ConversationId,
    string Kind,
    string ServiceUrl,
    string? TenantId,
    string? UserId,
    string? AadObjectId,
    string? Email,
    string? TeamId,
    string ReferenceJson);

/// <summary>Stored conversation references (Teams proactive messages). Ids compared exactly; the email lower-case.</summary>
public interface IConversationReferences
{
    /// <summary>Inserts or replaces; true when the conversation was not stored before.</summary>
    bool Save(ConversationRecord record);

    bool Contains(string conversationId);

    ConversationRecord? Find(string conversationId);

    /// <summary>The first stored conversation of <paramref name="kind"/> whose <paramref name="field"/> equals <paramref name="value"/>.</summary>
    ConversationRecord? FindBy(ConversationField field, string value, string kind);

    /// <summary>Any stored conversation in the tenant (null tenant: any at all).</summary>
    ConversationRecord? FindAny(string? tenantId);

    int RemoveTeam(string teamId);

    bool Remove(string conversationId);

    long Count();
}

public enum ConversationField
{
    UserId,
    AadObjectId,
    Email,
}
