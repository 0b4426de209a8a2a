using HandoffBot.Core.Storage;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>Teams conversation references in table <c>teams_conversations</c>, keyed by conversation id.</summary>
public sealed class PostgresConversationReferences(PostgresDatabase db) : IConversationReferences
{
    private const string Columns = "id, kind, service_url, tenant_id, user_id, aad_id, email, team_id, reference";

    public bool Save(ConversationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, $"""
            INSERT INTO teams_conversations ({Columns}) VALUES (@id, @kind, @url, @tenant, @user, @aad, @email, @team, @reference)
            ON CONFLICT (id) DO UPDATE SET kind = @kind, service_url = @url, tenant_id = @tenant, user_id = @user, aad_id = @aad, email = @email, team_id = @team, reference = @reference
            RETURNING (xmax = 0)
            """)
            .With("id", record.ConversationId)
            .With("kind", record.Kind)
            .With("url", record.ServiceUrl)
            .With("tenant", record.TenantId)
            .With("user", record.UserId)
            .With("aad", record.AadObjectId)
            .With("email", record.Email?.ToLowerInvariant())
            .With("team", record.TeamId)
            .With("reference", record.ReferenceJson);
        return command.ExecuteScalar() is true;
    }

    public bool Contains(string conversationId)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "SELECT 1 FROM teams_conversations WHERE id = @id").With("id", conversationId);
        return command.ExecuteScalar() is not null;
    }

    public ConversationRecord? Find(string conversationId) => One("id = @value", conversationId, null);

    public ConversationRecord? FindBy(ConversationField field, string value, string kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var column = field switch
        {
            ConversationField.UserId => "user_id",
            ConversationField.AadObjectId => "aad_id",
            _ => "email",
        };
        return One(column + " = @value AND kind = @kind", field == ConversationField.Email ? value.ToLowerInvariant() : value, kind);
    }

    public ConversationRecord? FindAny(string? tenantId) =>
        (tenantId is null ? null : One("tenant_id = @value", tenantId, null)) ?? One("TRUE", null, null);

    public int RemoveTeam(string teamId) => Execute("DELETE FROM teams_conversations WHERE team_id = @value", teamId);

    public bool Remove(string conversationId) => Execute("DELETE FROM teams_conversations WHERE id = @value", conversationId) > 0;

    public long Count()
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "SELECT count(*) FROM teams_conversations");
        return (long)command.ExecuteScalar()!;
    }

    private int Execute(string sql, string value)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, sql).With("value", value);
        return command.ExecuteNonQuery();
    }

    private ConversationRecord? One(string where, string? value, string? kind)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, $"SELECT {Columns} FROM teams_conversations WHERE {where} LIMIT 1").With("value", value).With("kind", kind);
        using var r = command.ExecuteReader();
        return r.Read()
            ? new ConversationRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.GetString(8))
            : null;
    }
}

/// <summary>
/// The Teams duplicate memory shared by every instance (table <c>teams_activities</c>): an activity is
/// claimed (a row in flight) before it is handled, so a redelivery to another instance is a duplicate
/// there too; finished rows carry the invoke answer for a redelivery.
/// </summary>
public sealed class PostgresActivityLedger(PostgresDatabase db) : IActivityLedger
{
    public bool Shared => true;

    public ActivityRecord? Find(string key)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "SELECT at, response FROM teams_activities WHERE key = @key").With("key", key);
        using var r = command.ExecuteReader();
        return r.Read() ? new ActivityRecord(key, new DateTimeOffset(r.GetInt64(0), TimeSpan.Zero), r.Text(1)) : null;
    }

    public bool TryClaim(string key, DateTimeOffset at, DateTimeOffset staleBefore, DateTimeOffset windowStart)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, """
            INSERT INTO teams_activities (key, at, response, finished) VALUES (@key, @at, NULL, FALSE)
            ON CONFLICT (key) DO UPDATE SET at = EXCLUDED.at, response = NULL, finished = FALSE
              WHERE (NOT teams_activities.finished AND teams_activities.at < @stale)
                 OR (teams_activities.finished AND teams_activities.at < @window)
            RETURNING 1
            """)
            .With("key", key)
            .With("at", at.UtcTicks)
            .With("stale", staleBefore.UtcTicks)
            .With("window", windowStart.UtcTicks);
        return command.ExecuteScalar() is not null;
    }

    public void Release(string key)
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "DELETE FROM teams_activities WHERE key = @key AND NOT finished").With("key", key);
        command.ExecuteNonQuery();
    }

    public void Save(IReadOnlyCollection<ActivityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, """
            INSERT INTO teams_activities (key, at, response, finished)
            SELECT k, a, r, TRUE FROM unnest(@keys, @ats, @responses) AS t(k, a, r)
            ON CONFLICT (key) DO UPDATE SET at = EXCLUDED.at, response = EXCLUDED.response, finished = TRUE
            """)
            .With("keys", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, records.Select(r => r.Key).ToArray())
            .With("ats", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint, records.Select(r => r.At.UtcTicks).ToArray())
            .With("responses", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, records.Select(r => r.Response).ToArray());
        command.ExecuteNonQuery();
    }

    public DateTimeOffset? Latest()
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "SELECT max(at) FROM teams_activities");
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    public int Trim(DateTimeOffset before, int keep, int limit)
    {
        using var connection = db.DataSource.OpenConnection();
        using var expired = db.Command(connection, "DELETE FROM teams_activities WHERE key IN (SELECT key FROM teams_activities WHERE at < @before ORDER BY at LIMIT @limit)")
            .With("before", before.UtcTicks)
            .With("limit", limit);
        var deleted = expired.ExecuteNonQuery();
        if (deleted >= limit)
        {
            return deleted;
        }

        using var excess = db.Command(connection, """
            DELETE FROM teams_activities WHERE key IN (
                SELECT key FROM teams_activities ORDER BY at LIMIT GREATEST(0, LEAST(@limit, (SELECT count(*) FROM teams_activities) - @keep)))
            """)
            .With("limit", limit - deleted)
            .With("keep", keep);
        return deleted + excess.ExecuteNonQuery();
    }

    public int Count()
    {
        using var connection = db.DataSource.OpenConnection();
        using var command = db.Command(connection, "SELECT count(*) FROM teams_activities");
        return (int)(long)command.ExecuteScalar()!;
    }
}
