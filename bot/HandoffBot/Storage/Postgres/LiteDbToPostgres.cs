using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Slack;
using LiteDB;
using Npgsql;
using NpgsqlTypes;

namespace HandoffBot.Storage.Postgres;

/// <summary>What one kind of stored thing counted in the LiteDB file and in the database after the copy.</summary>
public sealed record CopiedCount(string What, long Source, long Target)
{
    public bool Matches => Source == Target;
}

/// <summary>The copy was refused or did not verify; nothing was written to the database.</summary>
public sealed class MigrationRefusedException(string message, IReadOnlyList<CopiedCount>? counts = null) : Exception(message)
{
    public IReadOnlyList<CopiedCount> Counts { get; } = counts ?? [];

    /// <summary>Refused because the database already holds data (and replacing it was not asked for).</summary>
    public bool TargetHoldsData { get; init; }
}

/// <summary>
/// Copies everything a LiteDB file holds into an empty PostgreSQL database, in one transaction:
/// handoffs (each with its whole audit trail, notes, transcripts and brief, as the same JSON), their
/// facts (projected again in the playbook calendar in force, as a save would), jobs with their state,
/// attempts and leases (and Slack requests still in the inbox log beside the file), people, the
/// outbound delivery keys, Teams conversation references and handled activities, settings (the
/// link-signing key) and charts. Before it commits it counts each kind on both sides — and every
/// audit entry, in SQL over the copied JSON — and rolls everything back when one differs. A target
/// that already holds data is refused unless <c>replace</c> empties it first (in the same transaction).
/// </summary>
public sealed class LiteDbToPostgres(LiteDbContext source, PostgresDatabase target, FactsProjection projection)
{
    /// <summary>The tables a copy fills (and <c>replace</c> empties); schema versions and change counters stay.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "handoffs", "handoff_facts", "handoff_fact_breaches", "handoff_fact_polls", "handoff_fact_rejections", "jobs", "people", "deliveries",
        "teams_conversations", "teams_activities", "settings", "charts", "slack_channel_slots",
    ];

    private const int RowsPerBatch = 500;
    private const long BytesPerBatch = 32L * 1024 * 1024;

    /// <summary>The LiteDB collections a copy knows where to put ("facts" is projected again from the handoffs).</summary>
    public static readonly IReadOnlySet<string> Collections = new HashSet<string>(StringComparer.Ordinal)
    {
        "handoffs", "facts", "jobs", "people", "deliveries", "teams_conversations", "teams_activities", "settings", "charts",
    };

    public async Task<IReadOnlyList<CopiedCount>> CopyAsync(bool replace, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var unknown = source.Database.GetCollectionNames().Where(c => !Collections.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new MigrationRefusedException(
                $"The file holds collection(s) this version does not know how to copy ({string.Join(", ", unknown)}): it comes from a newer version. Nothing was copied; migrate with that version.");
        }

        await using var connection = await target.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // Nobody else writes these tables while the copy runs (a bot starting meanwhile waits, then finds the copy).
        await using (var lockTables = target.Command(connection, $"LOCK TABLE {string.Join(", ", Tables)} IN ACCESS EXCLUSIVE MODE", transaction))
        {
            await lockTables.ExecuteNonQueryAsync(ct);
        }

        var present = await TargetRowsAsync(connection, transaction, ct);
        if (present.Count > 0 && !replace)
        {
            throw new MigrationRefusedException(
                $"The database already holds data ({string.Join(", ", present.Select(p => $"{p.Key} {p.Value:N0}"))}). Nothing was copied. "
                + "Copy into an empty database or schema, or add --replace to empty these tables first (in the same transaction as the copy).")
            {
                TargetHoldsData = true,
            };
        }

        if (present.Count > 0)
        {
            await ExecuteAsync(connection, transaction, $"TRUNCATE {string.Join(", ", Tables)}", ct);
        }

        var counts = new List<CopiedCount>();
        var (handoffs, audit) = await CopyHandoffsAsync(connection, transaction, progress, ct);
        var inbox = await CopyJobsAsync(connection, transaction, ct);
        progress?.Report($"jobs: {inbox.Jobs:N0}; Slack inbox log: {inbox.Logged:N0} line(s), {inbox.LoggedNew:N0} not yet among the jobs");
        var people = await CopyAsync(connection, transaction, "people", "email, slack_id, teams_id, json", source.People,
            [Text(d => d["_id"]), Text(d => Optional(d, "slackId")), Text(d => Optional(d, "teamsId")), Text(d => d["json"])], ct);
        var deliveries = await CopyAsync(connection, transaction, "deliveries", "key, state, since, tries, platform, conversation, message_id", source.Collection("deliveries"),
            [Text(d => d["_id"]), Text(d => d["state"]), Long(d => d["since"]), Int(d => Optional(d, "tries") ?? new BsonValue(1)), Text(d => Optional(d, "platform")), Text(d => Optional(d, "conversation")), Text(d => Optional(d, "messageId"))], ct);
        var conversations = await CopyAsync(connection, transaction, "teams_conversations", "id, kind, service_url, tenant_id, user_id, aad_id, email, team_id, reference", source.Collection("teams_conversations"),
            [Text(d => d["_id"]), Text(d => d["kind"]), Text(d => d["serviceUrl"]), Text(d => Optional(d, "tenantId")), Text(d => Optional(d, "userId")), Text(d => Optional(d, "aadId")),
             Text(d => Optional(d, "email")), Text(d => Optional(d, "teamId")), Text(d => d["reference"])], ct);

        // The LiteDB ledger keeps only activities whose handling finished (in flight lived in that process's memory).
        var activities = await CopyAsync(connection, transaction, "teams_activities", "key, at, response, finished", source.Collection("teams_activities"),
            [Text(d => d["_id"]), Long(d => d["at"]), Text(d => Optional(d, "response")), new Column(NpgsqlDbType.Boolean, _ => true)], ct);
        var settings = await CopyAsync(connection, transaction, "settings", "key, value", source.Collection("settings"), [Text(d => d["_id"]), Text(d => d["value"])], ct);
        var charts = await CopyAsync(connection, transaction, "charts", "id, png, csv, created", source.Collection("charts"),
            [Text(d => d["_id"]), new Column(NpgsqlDbType.Bytea, d => d["png"].AsBinary), Text(d => Optional(d, "csv")), Long(d => d["created"])], ct);

        // Instances already running on this database reload the people they hold (the version is also polled).
        await ExecuteAsync(connection, transaction,
            $"INSERT INTO changes (topic, version) VALUES ('{ChangeTopics.People}', 1) ON CONFLICT (topic) DO UPDATE SET version = changes.version + 1", ct);

        var copied = await TargetRowsAsync(connection, transaction, ct);
        long Rows(string table) => copied.GetValueOrDefault(table);
        counts.Add(new("handoffs", handoffs, Rows("handoffs")));
        counts.Add(new("audit entries", audit, await ScalarAsync(connection, transaction, "SELECT COALESCE(sum(json_array_length((json::json)->'audit')), 0)::bigint FROM handoffs", ct)));
        counts.Add(new("handoff facts", handoffs, Rows("handoff_facts")));
        counts.Add(new("jobs (with the inbox log's)", inbox.Jobs + inbox.LoggedNew, Rows("jobs")));
        counts.Add(new("people", people, Rows("people")));
        counts.Add(new("delivery keys", deliveries, Rows("deliveries")));
        counts.Add(new("Teams conversation references", conversations, Rows("teams_conversations")));
        counts.Add(new("Teams activities", activities, Rows("teams_activities")));
        counts.Add(new("settings", settings, Rows("settings")));
        counts.Add(new("charts", charts, Rows("charts")));
        var pending = await ScalarAsync(connection, transaction, "SELECT count(*) FROM jobs WHERE status IN ('Pending', 'Running')", ct);
        counts.Add(new("jobs still to run", inbox.Pending + inbox.LoggedNew, pending));
        if (counts.Any(c => !c.Matches))
        {
            await transaction.RollbackAsync(ct);
            throw new MigrationRefusedException(
                "The copy did not verify (" + string.Join(", ", counts.Where(c => !c.Matches).Select(c => $"{c.What}: {c.Source:N0} in the file, {c.Target:N0} copied")) + "); nothing was written.",
                counts);
        }

        await transaction.CommitAsync(ct);
        return counts;
    }

    private async Task<(long Handoffs, long Audit)> CopyHandoffsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IProgress<string>? progress, CancellationToken ct)
    {
        long count = 0, audit = 0, bytes = 0;
        var batch = new List<BsonDocument>();
        var facts = new List<HandoffFacts>();
        var calendar = projection.CalendarKey;
        foreach (var doc in source.Handoffs.FindAll())
        {
            // Read as the bot reads it: a document it could not load fails the copy here, naming it.
            var handoff = HandoffDocuments.Read(doc["_id"].AsString, doc["json"].AsString, doc["version"].AsInt32);
            audit += handoff.Audit.Count;
            facts.Add(projection.Project(handoff));
            batch.Add(doc);
            bytes += doc["json"].AsString.Length;
            if (batch.Count >= RowsPerBatch || bytes >= BytesPerBatch)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        return (count, audit);

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await InsertAsync(connection, transaction, "handoffs", "id, crm_id, account, stage, owner, version, updated, json", batch,
                [Text(d => d["_id"]), Text(d => d["crmId"]), Text(d => d["account"]), Text(d => d["stage"]), Text(d => d["owner"]), Int(d => d["version"]), Long(d => d["updated"]), Text(d => d["json"])], ct);
            await PostgresFacts.WriteAsync(target, connection, transaction, facts, calendar, ct);
            count += batch.Count;
            progress?.Report($"handoffs: {count:N0}");
            batch.Clear();
            facts.Clear();
            bytes = 0;
        }
    }

    private sealed record JobCounts(long Jobs, long Pending, long Logged, long LoggedNew);

    private async Task<JobCounts> CopyJobsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        long jobs = 0, pending = 0;
        foreach (var chunk in source.Jobs.FindAll().Select(LiteDbJobStore.FromDoc).Chunk(RowsPerBatch * 4))
        {
            await InsertJobsAsync(connection, transaction, chunk, "", ct);
            jobs += chunk.Length;
            pending += chunk.Count(j => j.Status is JobStatus.Pending or JobStatus.Running);
        }

        // Slack requests acknowledged but not yet moved into the job table when the bot stopped (it moves them at start-up).
        long logged = 0, loggedNew = 0;
        var logPath = SlackInboxLog.PathFor(source.FilePath);
        if (File.Exists(logPath))
        {
            using var log = new SlackInboxLog(logPath, flushToDisk: false);
            var left = log.ReadAll(out _);
            logged = left.Count;
            foreach (var chunk in left.Chunk(RowsPerBatch * 4))
            {
                loggedNew += await InsertJobsAsync(connection, transaction, chunk, "ON CONFLICT (key) DO NOTHING", ct);
            }
        }

        return new JobCounts(jobs, pending, logged, loggedNew);
    }

    private async Task<int> InsertJobsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ScheduledJob[] jobs, string onConflict, CancellationToken ct)
    {
        await using var command = target.Command(connection, """
            INSERT INTO jobs (id, kind, handoff_id, due, key, payload, status, attempts, deferrals, error, lease, created, finished, grp)
            SELECT * FROM unnest(@id, @kind, @handoff, @due, @key, @payload, @status, @attempts, @deferrals, @error, @lease, @created, @finished, @grp)
            """ + onConflict, transaction);
        PostgresJobStore.AddArrays(command, jobs);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One column of a copied table: its type and how a LiteDB document gives its value (null for none).</summary>
    private sealed record Column(NpgsqlDbType Type, Func<BsonDocument, object?> Value);

    private static Column Text(Func<BsonDocument, BsonValue?> value) => new(NpgsqlDbType.Text, d => value(d) is { IsNull: false } v ? v.AsString : null);

    private static Column Long(Func<BsonDocument, BsonValue> value) => new(NpgsqlDbType.Bigint, d => value(d).AsInt64);

    private static Column Int(Func<BsonDocument, BsonValue> value) => new(NpgsqlDbType.Integer, d => value(d).AsInt32);

    private static BsonValue? Optional(BsonDocument doc, string field) => doc.TryGetValue(field, out var value) && !value.IsNull ? value : null;

    private async Task<long> CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string columns, ILiteCollection<BsonDocument> from, Column[] values, CancellationToken ct)
    {
        long count = 0;
        foreach (var chunk in from.FindAll().Chunk(RowsPerBatch))
        {
            await InsertAsync(connection, transaction, table, columns, chunk, values, ct);
            count += chunk.Length;
        }

        return count;
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string columns, IReadOnlyList<BsonDocument> docs, Column[] values, CancellationToken ct)
    {
        var names = Enumerable.Range(0, values.Length).Select(i => "@c" + i).ToList();
        await using var command = target.Command(connection, $"INSERT INTO {table} ({columns}) SELECT * FROM unnest({string.Join(", ", names)})", transaction);
        for (var i = 0; i < values.Length; i++)
        {
            var column = values[i];
            var array = Array.CreateInstance(column.Type switch
            {
                NpgsqlDbType.Bigint => typeof(long?),
                NpgsqlDbType.Integer => typeof(int?),
                NpgsqlDbType.Boolean => typeof(bool),
                NpgsqlDbType.Bytea => typeof(byte[]),
                _ => typeof(string),
            }, docs.Count);
            for (var row = 0; row < docs.Count; row++)
            {
                array.SetValue(column.Value(docs[row]), row);
            }

            command.With(names[i][1..], NpgsqlDbType.Array | column.Type, array);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyDictionary<string, long>> TargetRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = target.Command(connection, string.Join(" UNION ALL ", Tables.Select(t => $"SELECT '{t}', count(*) FROM {t}")), transaction);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt64(1) > 0)
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return rows;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = target.Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<long> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = target.Command(connection, sql, transaction);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
