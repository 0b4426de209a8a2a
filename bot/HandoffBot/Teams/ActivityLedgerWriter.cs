using HandoffBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Off the request path: writes finished activity ids to the data file every <see cref="FlushEvery"/>
/// (of the injected clock) and when the bot stops, and every <see cref="TrimEvery"/> keeps memory and
/// file bounded — older than <see cref="TeamsOptions.DuplicateWindow"/> goes, then the oldest beyond
/// <see cref="TeamsOptions.DuplicateMaxEntries"/>, in short batches so requests never wait long for the file.
/// </summary>
public sealed partial class ActivityLedgerWriter(
    DuplicateActivities duplicates,
    IActivityLedger ledger,
    IClusterLock cluster,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<ActivityLedgerWriter> logger) : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan TrimEvery = TimeSpan.FromSeconds(10);

    private const int Batch = 1_000;

    private DateTimeOffset nextTrim = DateTimeOffset.MinValue;

    /// <summary>One trim of the file and the memory; how many records left the file.</summary>
    public int TrimOnce()
    {
        var settings = options.Value;
        var before = time.GetUtcNow() - settings.DuplicateWindow;
        var total = 0;
        int deleted;
        do
        {
            deleted = ledger.Trim(before, settings.DuplicateMaxEntries, Batch);
            total += deleted;
        }
        while (deleted == Batch);
        duplicates.Sweep();
        return total;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        duplicates.Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                duplicates.Flush();
                if (time.GetUtcNow() >= nextTrim)
                {
                    nextTrim = time.GetUtcNow() + TrimEvery;
                    // A shared ledger is trimmed by one instance at a time; memory is each instance's own.
                    if (!await cluster.TryRunAsync("teams-ledger-trim", _ => Task.FromResult(TrimOnce()), stoppingToken))
                    {
                        duplicates.Sweep();
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Nothing is lost: unwritten ids stay queued, and the next tick tries again.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 4171, Level = LogLevel.Warning, Message = "Could not write or trim the Teams activity ids")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
