using HandoffBot.Core.Storage;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>Teams conversation references in the collection <c>teams_conversations</c>, keyed by conversation id.</summary>
public sealed class LiteDbConversationReferences : IConversationReferences
{
    private readonly LiteDbContext db;

    public LiteDbConversationReferences(LiteDbContext db)
    {
        this.db = db;
        Collection.EnsureIndex("userId");
        Collection.EnsureIndex("aadId");
        Collection.EnsureIndex("email");
        Collection.EnsureIndex("teamId");
        Collection.EnsureIndex("tenantId");
    }

    private ILiteCollection<BsonDocument> Collection => db.Collection("teams_conversations");

    public bool Save(ConversationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var doc = new BsonDocument
        {
            ["_id"] = record.ConversationId,
            ["kind"] = record.Kind,
            ["serviceUrl"] = record.ServiceUrl,
            ["tenantId"] = Value(record.TenantId),
            ["userId"] = Value(record.UserId),
            ["aadId"] = Value(record.AadObjectId),
            ["email"] = Value(record.Email?.ToLowerInvariant()),
            ["teamId"] = Value(record.TeamId),
            ["reference"] = record.ReferenceJson,
        };
        return db.Write(() => Collection.Upsert(doc));
    }

    public bool Contains(string conversationId) => Collection.Exists(Queries.Eq("_id", conversationId));

    public ConversationRecord? Find(string conversationId) => Read(Collection.FindById(conversationId));

    public ConversationRecord? FindBy(ConversationField field, string value, string kind)
    {
        var name = field switch
        {
            ConversationField.UserId => "userId",
            ConversationField.AadObjectId => "aadId",
            _ => "email",
        };
        return Read(Collection.FindOne(BsonExpression.Create(name + " = @0 AND kind = @1", field == ConversationField.Email ? value.ToLowerInvariant() : value, kind)));
    }

    public ConversationRecord? FindAny(string? tenantId) =>
        Read((tenantId is null ? null : Collection.FindOne(Queries.Eq("tenantId", tenantId))) ?? Collection.FindOne(Query.All()));

    public int RemoveTeam(string teamId) => db.Write(() => Collection.DeleteMany(Queries.Eq("teamId", teamId)));

    public bool Remove(string conversationId) => db.Write(() => Collection.Delete(conversationId));

    public long Count() => Collection.LongCount();

    private static BsonValue Value(string? s) => s is null ? BsonValue.Null : new BsonValue(s);

    private static string? Text(BsonDocument doc, string field) => doc[field].IsNull ? null : doc[field].AsString;

    private static ConversationRecord? Read(BsonDocument? doc) => doc is null
        ? null
        : new ConversationRecord(
            doc["_id"].AsString,
            doc["kind"].AsString,
            doc["serviceUrl"].AsString,
            Text(doc, "tenantId"),
            Text(doc, "userId"),
            Text(doc, "aadId"),
            Text(doc, "email"),
            Text(doc, "teamId"),
            doc["reference"].AsString);
}
