using HandoffBot.Storage;
using LiteDB;
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
/// Teams conversation references in the bot's LiteDB file (collection <c>teams_conversations</c>),
/// keyed by conversation id; personal chats are also found by the person's ids or email.
/// </summary>
public sealed class ConversationStore
{
    private readonly LiteDbContext db;

    /// <summary>Conversation ids known to be stored: every personal message asks, and most are known.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> known = new(StringComparer.Ordinal);

    public ConversationStore(LiteDbContext db)
    {
        this.db = db;
        Collection.EnsureIndex("userId");
        Collection.EnsureIndex("aadId");
        Collection.EnsureIndex("email");
        Collection.EnsureIndex("teamId");
        Collection.EnsureIndex("tenantId");
    }

    private ILiteCollection<BsonDocument> Collection => db.Collection("teams_conversations");

    /// <summary>Stores (or refreshes) the reference; true when the conversation was not stored before.</summary>
    public bool Save(StoredConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var doc = new BsonDocument
        {
            ["_id"] = conversation.ConversationId,
            ["kind"] = conversation.Kind.ToString(),
            ["serviceUrl"] = conversation.ServiceUrl,
            ["tenantId"] = Value(conversation.TenantId),
            ["userId"] = Value(conversation.UserId),
            ["aadId"] = Value(conversation.AadObjectId),
            ["email"] = Value(conversation.Email?.ToLowerInvariant()),
            ["teamId"] = Value(conversation.TeamId),
            ["reference"] = JsonConvert.SerializeObject(conversation.Reference),
        };
        var inserted = db.Write(() => Collection.Upsert(doc));
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

        var exists = Collection.Exists(Queries.Eq("_id", conversationId));
        if (exists)
        {
            known[conversationId] = true;
        }

        return exists;
    }

    public StoredConversation? Find(string conversationId) =>
        Read(Collection.FindById(conversationId));

    /// <summary>The person's personal chat with the bot, by Teams user id, AAD object id or email (first that is known).</summary>
    public StoredConversation? FindPersonal(string? userId, string? aadObjectId, string? email)
    {
        foreach (var (field, value) in new[] { ("userId", userId), ("aadId", aadObjectId), ("email", email?.ToLowerInvariant()) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var doc = Collection.FindOne(BsonExpression.Create(field + " = @0 AND kind = @1", value, nameof(ConversationKind.Personal)));
            if (doc is not null)
            {
                return Read(doc);
            }
        }

        return null;
    }

    /// <summary>A service URL the bot has seen for this tenant (to open a new 1:1 chat there), or any when the tenant is unknown.</summary>
    public string? ServiceUrlFor(string? tenantId)
    {
        var doc = (tenantId is null ? null : Collection.FindOne(Queries.Eq("tenantId", tenantId))) ?? Collection.FindOne(Query.All());
        return doc?["serviceUrl"].AsString;
    }

    public int RemoveTeam(string teamId)
    {
        var removed = db.Write(() => Collection.DeleteMany(Queries.Eq("teamId", teamId)));
        known.Clear();
        return removed;
    }

    public bool Remove(string conversationId)
    {
        var removed = db.Write(() => Collection.Delete(conversationId));
        known.TryRemove(conversationId, out _);
        return removed;
    }

    private static BsonValue Value(string? s) => s is null ? BsonValue.Null : new BsonValue(s);

    private static string? Text(BsonDocument doc, string field) => doc[field].IsNull ? null : doc[field].AsString;

    private static StoredConversation? Read(BsonDocument? doc) => doc is null
        ? null
        : new StoredConversation(
            doc["_id"].AsString,
            Enum.Parse<ConversationKind>(doc["kind"].AsString),
            doc["serviceUrl"].AsString,
            Text(doc, "tenantId"),
            Text(doc, "userId"),
            Text(doc, "aadId"),
            Text(doc, "email"),
            Text(doc, "teamId"),
            JsonConvert.DeserializeObject<ConversationReference>(doc["reference"].AsString)!);
}
