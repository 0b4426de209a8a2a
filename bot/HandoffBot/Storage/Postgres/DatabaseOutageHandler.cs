using HandoffBot.Storage.DataFile;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// A request that needed the database while it could not be reached (restarting, failing over, the
/// network between) is answered 503 with <c>Retry-After</c> and a problem body — never a 500 — so the
/// sender tries again: Slack, HubSpot and Salesforce retry on it, and nothing was written (each request's
/// writes are one transaction). Other failures go on to the default handler.
/// </summary>
public sealed partial class DatabaseOutageHandler(IProblemDetailsService problems, ILogger<DatabaseOutageHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsOutage(exception))
        {
            return false;
        }

        LogOutage(logger, httpContext.Request.Path, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = $"The database cannot be reached right now; nothing was stored. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>The database is away (connection refused or cut, shutting down, too many connections), as opposed to a fault in the request or in the bot.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is DatabaseUnavailableException or NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 3160, Level = LogLevel.Warning, Message = "{Path} answered 503: the database cannot be reached ({Error}); the sender is asked to retry")]
    private static partial void LogOutage(ILogger logger, string path, string error);
}
