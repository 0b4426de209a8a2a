using HandoffBot.Core.Storage;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// One row per channel (<c>slack_channel_slots</c>) holding its next free slot: reserving is one atomic
/// upsert, so posts from every instance to a channel are spaced as if one process sent them. Instance
/// clocks are compared, so keep them synchronised (NTP), as any cluster needs.
/// </summary>
public sealed class PostgresChannelSlots(PostgresDatabase db) : IChannelSlots
{
    public async Task<DateTimeOffset> ReserveAsync(string channel, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default)
    {
        var step = (long)interval.TotalMilliseconds;
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, """
            INSERT INTO slack_channel_slots (channel, next_at) VALUES (@channel, @now + @step)
            ON CONFLICT (channel) DO UPDATE SET next_at = GREATEST(slack_channel_slots.next_at, @now) + @step
            RETURNING next_at - @step
            """)
            .With("channel", channel)
            .With("now", now.ToUnixTimeMilliseconds())
            .With("step", step);
        return Sql.At((long)(await command.ExecuteScalarAsync(ct))!);
    }
}
