using System.Runtime.CompilerServices;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Scheduling;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// Handoffs in table <c>handoffs</c>: the aggregate as JSON (the same JSON the LiteDB file holds) plus
/// the columns queries need. Saving checks the version read against the stored one in the UPDATE
/// itself, and stores the handoff's facts (metrics) and the jobs the change caused in the same transaction.
/// </summary>
public sealed class PostgresHandoffStore(PostgresDatabase db, FactsProjection projection) : IHandoffStore, IHandoffScan
{
    private const string Columns = "id, version, json";

    public async Task<Handoff?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"SELECT {Columns} FROM handoffs WHERE id = @id").With("id", id);
        return await ReadOneAsync(command, ct);
    }

    public async Task<Handoff?> FindByCrmIdAsync(string crmId, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"SELECT {Columns} FROM handoffs WHERE crm_id = @crm").With("crm", crmId);
        return await ReadOneAsync(command, ct);
    }

    public async Task<IReadOnlyList<Handoff>> QueryAsync(HandoffQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"""
            SELECT {Columns} FROM handoffs
            WHERE (@stage::text IS NULL OR stage = @stage)
              AND (@owner::text IS NULL OR owner = @owner)
              AND (NOT @open OR stage <> 'Outcome')
              AND (@text::text IS NULL OR strpos(account, @text) > 0)
            ORDER BY updated DESC LIMIT @limit
            """)
            .With("stage", NpgsqlTypes.NpgsqlDbType.Text, query.Stage?.ToString())
            .With("owner", NpgsqlTypes.NpgsqlDbType.Text, string.IsNullOrWhiteSpace(query.OwnerEmail) ? null : Emails.Normalize(query.OwnerEmail))
            .With("open", query.OpenOnly)
            .With("text", NpgsqlTypes.NpgsqlDbType.Text, string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim().ToLowerInvariant())
            .With("limit", Math.Clamp(query.Limit, 1, 10_000));
        var result = new List<Handoff>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public async Task SaveAsync(Handoff handoff, IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(jobs);
        var json = HandoffDocuments.Json(handoff);
        var version = handoff.Version + 1;
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var sql = handoff.Version == 0
                ? "INSERT INTO handoffs (id, crm_id, account, stage, owner, version, updated, json) VALUES (@id, @crm, @account, @stage, @owner, @version, @updated, @json)"
                : "UPDATE handoffs SET crm_id = @crm, account = @account, stage = @stage, owner = @owner, version = @version, updated = @updated, json = @json WHERE id = @id AND version = @expected";
            await using var command = db.Command(connection, sql, transaction)
                .With("id", handoff.Id)
                .With("crm", handoff.Deal.CrmId)
                .With("account", handoff.Deal.AccountName.ToLowerInvariant())
                .With("stage", handoff.Stage.ToString())
                .With("owner", Emails.Normalize(handoff.Owner.Email))
                .With("version", version)
                .With("expected", handoff.Version)
                .With("updated", handoff.UpdatedAt.ToUnixTimeMilliseconds())
                .With("json", json);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                throw new ConcurrencyException($"Handoff {handoff.Id} was changed by somebody else; reload and retry.");
            }

            await PostgresFacts.WriteAsync(db, connection, transaction, [projection.Project(handoff)], projection.CalendarKey, ct);
            await PostgresJobStore.InsertAsync(db, connection, transaction, jobs, ct);
            await transaction.CommitAsync(ct);
        }
        catch (PostgresException ex) when (ex.IsUnique("handoffs_crm_id_key"))
        {
            throw new DuplicateCrmIdException(handoff.Deal.CrmId);
        }
        catch (PostgresException ex) when (ex.IsUnique("handoffs_pkey"))
        {
            throw new ConcurrencyException($"Handoff {handoff.Id} already exists.");
        }

        handoff.OnSaved(version);
    }

    /// <summary>Every handoff in pages by id, so a long scan holds no connection between pages.</summary>
    public async IAsyncEnumerable<Handoff> ScanAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        const int PageSize = 500;
        var last = "";
        while (true)
        {
            var page = new List<Handoff>(PageSize);
            await using (var connection = await db.DataSource.OpenConnectionAsync(ct))
            {
                await using var command = db.Command(connection, $"SELECT {Columns} FROM handoffs WHERE id COLLATE \"C\" > @last ORDER BY id COLLATE \"C\" LIMIT {PageSize}").With("last", last);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    page.Add(Read(reader));
                }
            }

            foreach (var handoff in page)
            {
                yield return handoff;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            last = page[^1].Id;
        }
    }

    private static async Task<Handoff?> ReadOneAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static Handoff Read(NpgsqlDataReader reader) => HandoffDocuments.Read(reader.GetString(0), reader.GetString(2), reader.GetInt32(1));
}
