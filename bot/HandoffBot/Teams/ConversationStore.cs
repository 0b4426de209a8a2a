using HandoffBot.Core.Storage;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace HandoffBot.Teams;

/// <summary>What kind of Teams conversation a stored reference points at.</summary>
public enum ConversationKind
{
    Personal,
    Channel,
}

/// <summary>A conversation the bot may write to proactively, as Teams described it when the bot was installed or last spoken to.</summary>
public sealed record StoredConversation(
    string ConversationId,
    ConversationKind Kind,
    string ServiceUrl,
    string? TenantId,
    string? UserId,
    string? AadObjectId,
    string? Email,
    string? TeamId,
    ConversationReference Reference);

/// <summary>
/// Teams conversation references, kept through <see cref="IConversationReferences"/> (the LiteDB file or
/// the shared database), keyed by conversation id; personal chats are also found by the person's ids or email.
/// </summary>
public sealed class ConversationStore(IConversationReferences store)
{
    /// <summary>Conversation ids known to be stored: every personal message asks, and most are known.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> known = new(StringComparer.Ordinal);

    /// <summary>Stores (or refreshes) the reference; true when the conversation was not stored before.</summary>
    public bool Save(StoredConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var inserted = store.Save(new ConversationRecord(
            conversation.ConversationId,
            conversation.Kind.ToString(),
            conversation.ServiceUrl,
            conversation.TenantId,
            conversation.UserId,
            conversation.AadObjectId,
            conversation.Email?.ToLowerInvariant(),
            conversation.TeamId,
            JsonConvert.SerializeObject(conversation.Reference)));
        known[conversation.ConversationId] = true;
        return inserted;
    }

    /// <summary>Whether the conversation is stored, without reading its reference.</summary>
    public bool Contains(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (known.ContainsKey(conversationId))
        {
            return true;
        }

        var exists = store.Contains(conversationId);
        if (exists)
        {
            known[conversationId] = true;
        }

        return exists;
    }

    public StoredConversation? Find(string conversationId) => Read(store.Find(conversationId));

    /// <summary>The person's personal chat with the bot, by Teams user id, AAD object id or email (first that is known).</summary>
    public StoredConversation? FindPersonal(string? userId, string? aadObjectId, string? email)
    {
        foreach (var (field, value) in new[] { (ConversationField.UserId, userId), (ConversationField.AadObjectId, aadObjectId), (ConversationField.Email, email?.ToLowerInvariant()) })
        {
            if (!string.IsNullOrWhiteSpace(value) && store.FindBy(field, value, nameof(ConversationKind.Personal)) is { } found)
            {
                return Read(found);
            }
        }

        return null;
    }

    /// <summary>A service URL the bot has seen for this tenant (to open a new 1:1 chat there), or any when the tenant is unknown.</summary>
    public string? ServiceUrlFor(string? tenantId) => store.FindAny(tenantId)?.ServiceUrl;

    public int RemoveTeam(string teamId)
    {
        var removed = store.RemoveTeam(teamId);
        known.Clear();
        return removed;
    }

    public bool Remove(string conversationId)
    {
        var removed = store.Remove(conversationId);
        known.TryRemove(conversationId, out _);
        return removed;
    }

    private static StoredConversation? Read(ConversationRecord? record) => record is null
        ? null
        : new StoredConversation(
            record.ConversationId,
            Enum.Parse<ConversationKind>(record.Kind),
            record.ServiceUrl,
            record.TenantId,
            record.UserId,
            record.AadObjectId,
            record.Email,
            record.TeamId,
            JsonConvert.DeserializeObject<ConversationReference>(record.ReferenceJson)!);
}
