using System.Text.Json;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;
using HandoffBot.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm.HubSpot;

/// <summary>
/// POST /api/crm/hubspot. Verifies HubSpot's signature over the raw bytes, reads the events, stores
/// one durable job per deal event (the whole batch in one transaction, duplicates skipped by key)
/// and answers 200 at once, well inside HubSpot's five seconds; the job reads the deal later.
/// </summary>
public static class HubSpotEndpoint
{
    public const string Path = "/api/crm/hubspot";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<HubSpotOptions> options,
        IJobStore jobs,
        IJobSignal signal,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(HubSpotEndpoint));
        var settings = options.Value;
        var body = await BodyReader.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            CrmLog.TooLarge(logger, "HubSpot", settings.MaxBodyBytes);
            return Problems.TooLarge(settings.MaxBodyBytes);
        }

        var uri = PublicUri(http.Request, settings.PublicUrl);
        var check = HubSpotSignature.Verify(
            settings.ClientSecret,
            http.Request.Headers,
            http.Request.Method,
            uri,
            body,
            time.GetUtcNow(),
            TimeSpan.FromSeconds(settings.TimestampToleranceSeconds),
            settings.MinSignatureVersion[1] - '0');
        if (check != HubSpotSignatureCheck.Valid)
        {
            CrmLog.Refused(logger, "HubSpot", check.ToString(), http.Connection.RemoteIpAddress?.ToString());
            return Problems.Unauthorized(check switch
            {
                HubSpotSignatureCheck.NoSecretConfigured => "HubSpot intake is not configured on this server (no HubSpot__ClientSecret), so it refuses every request.",
                HubSpotSignatureCheck.Missing => $"Unsigned: {HubSpotSignature.V3Header} (with {HubSpotSignature.TimestampHeader}) or {HubSpotSignature.LegacyHeader} is required.",
                HubSpotSignatureCheck.BadTimestamp => $"{HubSpotSignature.TimestampHeader} is missing or not Unix milliseconds.",
                HubSpotSignatureCheck.Stale => $"{HubSpotSignature.TimestampHeader} is more than {settings.TimestampToleranceSeconds} seconds from the server's time.",
                HubSpotSignatureCheck.VersionTooOld => $"Only signatures {settings.MinSignatureVersion} or newer are accepted here.",
                _ => "The signature does not match the request (check HubSpot__ClientSecret, and HubSpot__PublicUrl behind a proxy).",
            });
        }

        var (batch, problem) = HubSpotEvents.Read(body);
        if (batch is null)
        {
            CrmLog.Unreadable(logger, "HubSpot");
            return Problems.BadRequest(problem!);
        }

        var now = time.GetUtcNow();
        var wanted = batch.Deals
            .Where(d => settings.PortalId is not { Length: > 0 } portal || d.PortalId is null || string.Equals(d.PortalId, portal, StringComparison.Ordinal))
            .ToList();
        var otherPortals = batch.Deals.Count - wanted.Count;
        var newJobs = wanted.Select(d => ScheduledJob.Create(HubSpotDealJob.Kind, null, now, d.Key, now, JsonSerializer.Serialize(ToPayload(d), CrmJson.Options))).ToList();
        int added;
        try
        {
            added = await jobs.EnqueueAsync(newJobs, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not stored: no acknowledgement, so HubSpot sends the batch again.
            CrmLog.StoreFailed(logger, ex, "HubSpot");
            return Results.Problem(title: "Try again", detail: "The events could not be stored.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (added > 0)
        {
            signal.Wake();
        }

        CrmLog.Queued(logger, "HubSpot", batch.Received, added, newJobs.Count - added, batch.Ignored + otherPortals);
        return Results.Ok(new { received = batch.Received, queued = added, duplicates = newJobs.Count - added, ignored = batch.Ignored + otherPortals });
    }

    private static HubSpotDealJob.Payload ToPayload(HubSpotDealEvent e) =>
        new(e.PortalId, e.DealId, e.StageId is { Length: <= 200 } ? e.StageId : null, e.OccurredAt, e.Origin);

    /// <summary>
    /// The URL HubSpot called: the configured public base (behind a proxy) or the request's own
    /// scheme and host, then the path and query exactly as they arrived (still percent-encoded).
    /// </summary>
    public static string PublicUri(HttpRequest request, string? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = raw is { Length: > 0 } && raw[0] == '/'
            ? raw
            : request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        if (string.IsNullOrEmpty(publicUrl))
        {
            return $"{request.Scheme}://{request.Host.ToUriComponent()}{target}";
        }

        var basePart = publicUrl.TrimEnd('/');
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? target[q..] : "";
        var path = q >= 0 ? target[..q] : target;
        // A full webhook URL was configured (it already ends with the path): only the query is added.
        return basePart.EndsWith(path, StringComparison.Ordinal) ? basePart + query : basePart + target;
    }
}
