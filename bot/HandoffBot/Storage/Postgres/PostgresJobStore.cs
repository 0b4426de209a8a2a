using HandoffBot.Core.Scheduling;
using Npgsql;
using NpgsqlTypes;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The durable job table shared by every instance. Claims take due rows with <c>FOR UPDATE SKIP LOCKED</c>
/// and lease them in the same statement, so two instances never run one job at once; a lease that runs
/// out (its instance died) makes the job claimable again. Idempotency keys are a unique index: the same
/// intent stored by two instances is one job.
/// </summary>
public sealed class PostgresJobStore(PostgresDatabase db) : IJobStore
{
    private const string Columns = "id, kind, handoff_id, due, key, payload, status, attempts, deferrals, error, lease, created, finished, grp";

    public async Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return 0;
        }

        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var added = await InsertAsync(db, connection, transaction, jobs, ct);
        await transaction.CommitAsync(ct);
        return added;
    }

    /// <summary>Inserts inside the caller's transaction; known keys are skipped; a batch naming a group is that group's whole plan (see <see cref="ScheduledJob.Group"/>).</summary>
    internal static async Task<int> InsertAsync(PostgresDatabase db, NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct)
    {
        var added = 0;
        foreach (var plan in jobs.Where(j => j.Group is not null).GroupBy(j => j.Group!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            added += await ReplanAsync(db, connection, transaction, plan.Key,
                [.. plan.Where(j => !j.IsGroupMarker).DistinctBy(j => j.IdempotencyKey, StringComparer.Ordinal).OrderBy(j => j.IdempotencyKey, StringComparer.Ordinal)], ct);
        }

        // In key order, the same on every instance: two batches sharing keys (a Slack retry reaching another
        // instance while the first is still storing) then wait for each other instead of deadlocking.
        var plain = jobs.Where(j => j.Group is null).OrderBy(j => j.IdempotencyKey, StringComparer.Ordinal).ToList();
        if (plain.Count > 0)
        {
            await using var command = db.Command(connection, $"""
                INSERT INTO jobs ({Columns})
                SELECT * FROM unnest(@id, @kind, @handoff, @due, @key, @payload, @status, @attempts, @deferrals, @error, @lease, @created, @finished, @grp)
                ON CONFLICT (key) DO NOTHING
                """, transaction);
            AddArrays(command, plain);
            added += await command.ExecuteNonQueryAsync(ct);
        }

        return added;
    }

    private static async Task<int> ReplanAsync(PostgresDatabase db, NpgsqlConnection connection, NpgsqlTransaction transaction, string group, IReadOnlyList<ScheduledJob> wanted, CancellationToken ct)
    {
        await using (var cancel = db.Command(connection, "UPDATE jobs SET status = 'Cancelled' WHERE grp = @grp AND status = 'Pending' AND NOT (key = ANY(@keys))", transaction)
            .With("grp", group)
            .With("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, wanted.Select(j => j.IdempotencyKey).ToArray()))
        {
            await cancel.ExecuteNonQueryAsync(ct);
        }

        if (wanted.Count == 0)
        {
            return 0;
        }

        // Still owed (or cancelled by an earlier plan and wanted again): take the new time. Jobs that ran stay as they are.
        await using var command = db.Command(connection, $"""
            INSERT INTO jobs ({Columns})
            SELECT * FROM unnest(@id, @kind, @handoff, @due, @key, @payload, @status, @attempts, @deferrals, @error, @lease, @created, @finished, @grp)
            ON CONFLICT (key) DO UPDATE SET status = 'Pending', due = EXCLUDED.due, payload = EXCLUDED.payload
              WHERE jobs.status IN ('Pending', 'Cancelled')
                AND (jobs.status <> 'Pending' OR jobs.due <> EXCLUDED.due OR jobs.payload IS DISTINCT FROM EXCLUDED.payload)
            RETURNING (xmax = 0)
            """, transaction);
        AddArrays(command, wanted);
        var added = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            added += reader.GetBoolean(0) ? 1 : 0;
        }

        return added;
    }

    public async Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"""
            WITH due AS (
                SELECT id FROM jobs
                WHERE (status = 'Pending' AND due <= @now) OR (status = 'Running' AND lease <= @now)
                ORDER BY due
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE jobs SET status = 'Running', lease = @lease FROM due WHERE jobs.id = due.id
            RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "jobs." + c))}
            """)
            .With("now", now.ToUnixTimeMilliseconds())
            .With("lease", leaseUntil.ToUnixTimeMilliseconds())
            .With("max", max);
        var claimed = await ReadAsync(command, ct);
        return [.. claimed.OrderBy(j => j.DueAt)];
    }

    public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default) => StartAsync(job, leaseUntil, [], ct);

    /// <summary>The finished jobs marked done and the next one started in one round trip (a batch is one implicit transaction).</summary>
    public async Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(done);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        if (done.Count > 0)
        {
            batch.BatchCommands.Add(MarkDone(done));
        }

        var start = new NpgsqlBatchCommand("UPDATE jobs SET attempts = attempts + 1, lease = $1 WHERE id = $2 RETURNING attempts");
        start.Parameters.Add(new NpgsqlParameter { Value = leaseUntil.ToUnixTimeMilliseconds() });
        start.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        batch.BatchCommands.Add(start);
        var attempts = job.Attempts + 1;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (done.Count > 0)
            {
                await reader.NextResultAsync(ct);
            }

            if (await reader.ReadAsync(ct))
            {
                attempts = reader.GetInt32(0);
            }
        }

        return job with { Attempts = attempts, LeaseUntil = leaseUntil };
    }

    public Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE jobs SET status = 'Done', finished = @now, lease = NULL WHERE id = @id", ct, ("id", jobId), ("now", now.ToUnixTimeMilliseconds()));

    public async Task CompleteAsync(IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (done.Count == 0)
        {
            return;
        }

        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { MarkDone(done) } };
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand MarkDone(IReadOnlyCollection<FinishedJob> done)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE jobs SET status = 'Done', finished = f.at, lease = NULL
            FROM unnest($1::text[], $2::bigint[]) AS f(id, at) WHERE jobs.id = f.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = done.Select(d => d.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = done.Select(d => d.At.ToUnixTimeMilliseconds()).ToArray() });
        return command;
    }

    public Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default) => retryAt is { } at
        ? ExecuteAsync("UPDATE jobs SET status = 'Pending', due = @due, error = @error, lease = NULL WHERE id = @id", ct, ("id", jobId), ("due", at.ToUnixTimeMilliseconds()), ("error", error))
        : ExecuteAsync("UPDATE jobs SET status = 'Failed', error = @error, finished = @now, lease = NULL WHERE id = @id", ct, ("id", jobId), ("now", now.ToUnixTimeMilliseconds()), ("error", error));

    public Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE jobs SET status = 'Pending', due = @due, attempts = GREATEST(0, attempts - 1), deferrals = deferrals + 1, error = @error, lease = NULL WHERE id = @id",
            ct, ("id", jobId), ("due", until.ToUnixTimeMilliseconds()), ("error", reason));

    public async Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, "UPDATE jobs SET status = 'Cancelled' WHERE handoff_id = @h AND status = 'Pending' AND starts_with(kind, @prefix)")
            .With("h", handoffId)
            .With("prefix", kindPrefix);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, """
            SELECT LEAST((SELECT min(due) FROM jobs WHERE status = 'Pending'), (SELECT min(lease) FROM jobs WHERE status = 'Running'))
            """);
        return await command.ExecuteScalarAsync(ct) is long ms ? Sql.At(ms) : null;
    }

    public async Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"""
            SELECT {Columns} FROM jobs
            WHERE (@status::text IS NULL OR status = @status) AND (@h::text IS NULL OR handoff_id = @h)
            ORDER BY due, id COLLATE "C" LIMIT @limit
            """)
            .With("status", NpgsqlDbType.Text, status?.ToString())
            .With("h", NpgsqlDbType.Text, string.IsNullOrEmpty(handoffId) ? null : handoffId)
            .With("limit", Math.Clamp(limit, 1, 10_000));
        return await ReadAsync(command, ct);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    internal static void AddArrays(NpgsqlCommand command, IReadOnlyCollection<ScheduledJob> jobs)
    {
        command.With("id", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.Id).ToArray());
        command.With("kind", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.Kind).ToArray());
        command.With("handoff", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.HandoffId).ToArray());
        command.With("due", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobs.Select(j => j.DueAt.ToUnixTimeMilliseconds()).ToArray());
        command.With("key", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.IdempotencyKey).ToArray());
        command.With("payload", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.Payload).ToArray());
        command.With("status", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.Status.ToString()).ToArray());
        command.With("attempts", NpgsqlDbType.Array | NpgsqlDbType.Integer, jobs.Select(j => j.Attempts).ToArray());
        command.With("deferrals", NpgsqlDbType.Array | NpgsqlDbType.Integer, jobs.Select(j => j.Deferrals).ToArray());
        command.With("error", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.LastError).ToArray());
        command.With("lease", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobs.Select(j => j.LeaseUntil?.ToUnixTimeMilliseconds()).ToArray());
        command.With("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobs.Select(j => j.CreatedAt.ToUnixTimeMilliseconds()).ToArray());
        command.With("finished", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobs.Select(j => j.FinishedAt?.ToUnixTimeMilliseconds()).ToArray());
        command.With("grp", NpgsqlDbType.Array | NpgsqlDbType.Text, jobs.Select(j => j.Group).ToArray());
    }

    private static async Task<List<ScheduledJob>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var jobs = new List<ScheduledJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new ScheduledJob
            {
                Id = reader.GetString(0),
                Kind = reader.GetString(1),
                HandoffId = reader.Text(2),
                DueAt = Sql.At(reader.GetInt64(3)),
                IdempotencyKey = reader.GetString(4),
                Payload = reader.Text(5),
                Status = Enum.Parse<JobStatus>(reader.GetString(6)),
                Attempts = reader.GetInt32(7),
                Deferrals = reader.GetInt32(8),
                LastError = reader.Text(9),
                LeaseUntil = reader.Long(10) is { } lease ? Sql.At(lease) : null,
                CreatedAt = Sql.At(reader.GetInt64(11)),
                FinishedAt = reader.Long(12) is { } finished ? Sql.At(finished) : null,
                Group = reader.Text(13),
            });
        }

        return jobs;
    }
}
