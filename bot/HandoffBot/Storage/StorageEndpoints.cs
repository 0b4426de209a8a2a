using HandoffBot.Admin;
using HandoffBot.Hosting;
using HandoffBot.Storage.DataFile;

namespace HandoffBot.Storage;

/// <summary>
/// POST /api/backup (admin key): a consistent copy of the data file, made by the bot that holds it
/// while it keeps serving (see <see cref="DataFileBackup"/>), streamed back as the response body.
/// The `backup` command calls it when the bot holds the file; nothing is written where the caller
/// names, so the endpoint cannot be used to write files on the server.
/// </summary>
public static partial class StorageEndpoints
{
    public const string BackupRoute = "/api/backup";

    /// <summary>The copy's document counts ("handoffs=6;jobs=203"), for the caller to check what it received.</summary>
    public const string CountsHeader = "X-HandoffBot-Backup-Counts";

    public static IEndpointRouteBuilder MapStorageAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost(BackupRoute, BackupAsync).AddEndpointFilter<AdminKeyFilter>().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> BackupAsync(IServiceProvider services, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (services.GetService<LiteDbContext>() is not { } db)
        {
            return Results.Problem(title: "No data file", statusCode: StatusCodes.Status409Conflict,
                detail: "This bot stores its data in PostgreSQL (Storage__Provider=postgres): back it up with pg_dump (docs/deploy.md).");
        }

        var logger = loggers.CreateLogger(typeof(StorageEndpoints));
        var temp = DataFileOpener.FreeName($"{db.FilePath}.backup-{Guid.NewGuid():N}.tmp");
        BackupResult result;
        try
        {
            result = await Task.Run(() => DataFileBackup.Write(db, temp), ct);
        }
        catch (Exception ex) when (ex is DataFileDamagedException or IOException or UnauthorizedAccessException)
        {
            LogBackupFailed(logger, ex.Message);
            return Results.Problem(title: "Backup failed", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        LogBackup(logger, result.Bytes, result.Contents.Summary(), (long)result.Took.TotalMilliseconds);
        http.Response.Headers[CountsHeader] = DataFileBackup.Format(result.Contents.Collections);

        // The copy is deleted when the response stream closes, whether the client read it all or not.
        var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return Results.File(stream, "application/octet-stream", Path.GetFileName(db.FilePath));
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Backup copy sent: {Bytes} bytes, {Counts}, made in {Milliseconds} ms")]
    private static partial void LogBackup(ILogger logger, long bytes, string counts, long milliseconds);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Backup failed: {Reason}")]
    private static partial void LogBackupFailed(ILogger logger, string reason);
}
