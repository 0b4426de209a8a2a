using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The outbound idempotency log in table <c>deliveries</c>, shared by every instance: a key is reserved
/// by one atomic upsert right before the send, so two instances cannot both think a message is new.
/// </summary>
public sealed partial class PostgresDeliveryLog(PostgresDatabase db, ILogger<PostgresDeliveryLog> logger) : IDeliveryLog
{
    private const string Columns = "key, state, since, platform, conversation, message_id";

    public async Task<DeliveryRecord?> FindAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"SELECT {Columns} FROM deliveries WHERE key = @key").With("key", key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Record(reader) : null;
    }

    public async Task<DeliveryClaim> BeginAsync(string key, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using (var reserve = db.Command(connection, """
            INSERT INTO deliveries (key, state, since, tries) VALUES (@key, 'Sending', @now, 1)
            ON CONFLICT (key) DO UPDATE SET tries = deliveries.tries + 1 WHERE deliveries.state = 'Sending'
            RETURNING (xmax = 0), since
            """).With("key", key).With("now", now.ToUnixTimeMilliseconds()))
        {
            await using var reader = await reserve.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(0))
                {
                    return new DeliveryClaim(DeliveryOutcome.New);
                }

                var since = Sql.At(reader.GetInt64(1));
                LogInDoubt(logger, key.Split(['/', ':'], 2)[0], since);
                return new DeliveryClaim(DeliveryOutcome.InDoubt, Since: since);
            }
        }

        // The row exists and is not "sending": it was sent.
        await using var find = db.Command(connection, $"SELECT {Columns} FROM deliveries WHERE key = @key").With("key", key);
        await using var sent = await find.ExecuteReaderAsync(ct);
        return await sent.ReadAsync(ct) ? new DeliveryClaim(DeliveryOutcome.AlreadySent, Record(sent).Message) : new DeliveryClaim(DeliveryOutcome.AlreadySent);
    }

    public async Task SentAsync(string key, MessageRef message, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, """
            INSERT INTO deliveries (key, state, since, tries, platform, conversation, message_id) VALUES (@key, 'Sent', @now, 1, @platform, @conversation, @id)
            ON CONFLICT (key) DO UPDATE SET state = 'Sent', since = @now, platform = @platform, conversation = @conversation, message_id = @id
            """)
            .With("key", key)
            .With("now", now.ToUnixTimeMilliseconds())
            .With("platform", message.Platform.ToString())
            .With("conversation", message.Conversation)
            .With("id", message.MessageId);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ReleaseAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, "DELETE FROM deliveries WHERE key = @key AND state = 'Sending'").With("key", key);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(DeliveryState? state, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, $"SELECT {Columns} FROM deliveries WHERE (@state::text IS NULL OR state = @state) ORDER BY since LIMIT @limit")
            .With("state", NpgsqlTypes.NpgsqlDbType.Text, state?.ToString())
            .With("limit", Math.Clamp(limit, 1, 10_000));
        var list = new List<DeliveryRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(Record(reader));
        }

        return list;
    }

    private static DeliveryRecord Record(NpgsqlDataReader r) => new(
        r.GetString(0),
        Enum.Parse<DeliveryState>(r.GetString(1)),
        Sql.At(r.GetInt64(2)),
        r.Text(5) is { } id ? new MessageRef(Enum.Parse<ChatPlatform>(r.GetString(3)), r.GetString(4), id) : null);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "An outbound message of {HandoffId} is in doubt: an attempt since {Since:u} was cut off mid-send. Slack is asked whether it arrived before it is sent again; Teams follows Scheduler__ResendInDoubt (docs/timing.md)")]
    private static partial void LogInDoubt(ILogger logger, string handoffId, DateTimeOffset since);
}
