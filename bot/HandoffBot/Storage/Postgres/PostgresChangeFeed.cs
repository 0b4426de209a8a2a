using System.Collections.Concurrent;
using HandoffBot.Core.Storage;
using HandoffBot.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// <see cref="IChangeFeed"/> over PostgreSQL: a change bumps its topic's row in <c>changes</c> and sends
/// <c>NOTIFY handoffbot_changes</c> in the same transaction. Each instance LISTENs on one connection of
/// its own and, as a safety net for notifications missed while that connection was down, compares the
/// <c>changes</c> rows every <see cref="StorageOptions.PollSeconds"/>.
/// </summary>
public sealed partial class PostgresChangeFeed(PostgresDatabase db, IOptions<StorageOptions> options, ILogger<PostgresChangeFeed> logger) : BackgroundService, IChangeFeed
{
    public const string Channel = "handoffbot_changes";

    private readonly string instance = Guid.NewGuid().ToString("N");
    /// <summary>Handlers by topic, keyed by the order they subscribed in: they run in that order.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, Func<CancellationToken, Task>>> handlers = new(StringComparer.Ordinal);
    private long subscriptions;
    private readonly ConcurrentDictionary<string, long> seen = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance listens (tests wait for it instead of sleeping).</summary>
    public Task Listening => listening.Task;

    public async Task PublishAsync(string topic, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await BumpAsync(connection, transaction, topic, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Announces <paramref name="topic"/> inside the caller's transaction: the others hear it when it commits.</summary>
    public async Task BumpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string topic, CancellationToken ct)
    {
        await using var command = db.Command(connection, """
            INSERT INTO changes (topic, version) VALUES (@topic, 1) ON CONFLICT (topic) DO UPDATE SET version = changes.version + 1 RETURNING version;
            """, transaction).With("topic", topic);
        var version = (long)(await command.ExecuteScalarAsync(ct))!;
        seen.AddOrUpdate(topic, version, (_, old) => Math.Max(old, version));
        await using var notify = db.Command(connection, "SELECT pg_notify(@channel, @payload)", transaction)
            .With("channel", Channel)
            .With("payload", instance + ":" + topic);
        await notify.ExecuteNonQueryAsync(ct);
    }

    public IDisposable Subscribe(string topic, Func<CancellationToken, Task> handler)
    {
        var id = Interlocked.Increment(ref subscriptions);
        handlers.GetOrAdd(topic, _ => new())[id] = handler;
        return new Subscription(() => handlers.GetValueOrDefault(topic)?.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PollAsync(fire: false, stoppingToken); // what is there now is what this instance starts from
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.DataSource.OpenConnectionAsync(stoppingToken);
                var heard = System.Threading.Channels.Channel.CreateUnbounded<string>();
                connection.Notification += (_, e) => heard.Writer.TryWrite(e.Payload);
                await using (var listen = db.Command(connection, "LISTEN " + Channel))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                try
                {
                    await PollAsync(fire: true, stoppingToken); // anything missed while not listening
                    listening.TrySetResult();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        wait.CancelAfter(poll);
                        try
                        {
                            await connection.WaitAsync(wait.Token);
                        }
                        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                        {
                            await PollAsync(fire: true, stoppingToken);
                        }

                        while (heard.Reader.TryRead(out var payload))
                        {
                            var split = payload.IndexOf(':', StringComparison.Ordinal);
                            if (split > 0 && payload[..split] != instance)
                            {
                                await FireAsync(payload[(split + 1)..], stoppingToken);
                            }
                        }
                    }
                }
                finally
                {
                    // Pooled connections are not reset (PostgresDatabase.WithDefaults): the next user must not inherit the LISTEN.
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        await using var unlisten = db.Command(connection, "UNLISTEN *");
                        await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task PollAsync(bool fire, CancellationToken ct)
    {
        var changed = new List<string>();
        await using (var connection = await db.DataSource.OpenConnectionAsync(ct))
        {
            await using var command = db.Command(connection, "SELECT topic, version FROM changes");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (topic, version) = (reader.GetString(0), reader.GetInt64(1));
                var before = seen.GetValueOrDefault(topic);
                if (version > before)
                {
                    seen[topic] = version;
                    changed.Add(topic);
                }
            }
        }

        if (fire)
        {
            foreach (var topic in changed)
            {
                await FireAsync(topic, ct);
            }
        }
    }

    private async Task FireAsync(string topic, CancellationToken ct)
    {
        // One after another, first subscribed first: a later subscriber sees what an earlier one reloaded.
        foreach (var handler in (handlers.GetValueOrDefault(topic) ?? []).OrderBy(h => h.Key).Select(h => h.Value))
        {
            try
            {
                await handler(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHandlerFailed(logger, ex, topic);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Listening for other instances' changes failed; reconnecting (changes are also polled)")]
    private static partial void LogListenFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 133, Level = LogLevel.Error, Message = "Following another instance's change of {Topic} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, string topic);
}
