using System.Globalization;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Hosting;
using HandoffBot.Options;
using HandoffBot.Security;
using Microsoft.Extensions.Options;

namespace HandoffBot.Intake;

/// <summary>POST /api/deals: a closed-won deal from the CRM, signed with the shared secret.</summary>
public static class DealIntakeEndpoint
{
    public const string TimestampHeader = "X-HandoffBot-Timestamp";
    public const string SignatureHeader = "X-HandoffBot-Signature";

    public static IEndpointRouteBuilder MapDealIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals", HandleAsync)
            .WithName("DealIntake")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        HandoffService handoffs,
        IOptions<IntakeOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(DealIntakeEndpoint));
        var settings = options.Value;
        var body = await BodyReader.ReadAsync(http.Request, settings.MaxBodyBytes, ct);
        if (body is null)
        {
            IntakeLog.TooLarge(logger, settings.MaxBodyBytes);
            return Problems.TooLarge(settings.MaxBodyBytes);
        }

        var check = RequestSignature.Verify(
            settings.SigningSecret,
            "v1",
            http.Request.Headers[TimestampHeader],
            http.Request.Headers[SignatureHeader],
            body,
            time.GetUtcNow(),
            TimeSpan.FromSeconds(settings.TimestampToleranceSeconds));
        if (check != SignatureCheck.Valid)
        {
            if (check == SignatureCheck.NoSecretConfigured)
            {
                IntakeLog.NoSecret(logger);
            }
            else
            {
                IntakeLog.BadSignature(logger, check.ToString(), http.Connection.RemoteIpAddress?.ToString());
            }

            return Problems.Unauthorized(check switch
            {
                SignatureCheck.NoSecretConfigured => "Deal intake is not configured on this server (no signing secret), so it refuses every request.",
                SignatureCheck.Missing => $"Sign the request: headers {TimestampHeader} and {SignatureHeader} are required.",
                SignatureCheck.Stale or SignatureCheck.BadTimestamp => $"{TimestampHeader} is missing, malformed or more than {settings.TimestampToleranceSeconds} seconds from the server's time.",
                _ => "The signature does not match the body.",
            });
        }

        var (intake, errors) = DealIntakeParser.Parse(body);
        if (intake is null)
        {
            IntakeLog.Invalid(logger, errors.Count, string.Join(",", errors.Select(e => e.Field).Distinct()));
            return Problems.Validation(errors, "The deal was not taken in.");
        }

        IntakeResult result;
        try
        {
            result = await handoffs.IntakeAsync(intake, ct);
        }
        catch (DomainException ex)
        {
            IntakeLog.Refused(logger, intake.Deal.CrmId, ex.Code);
            return ex is HandoffTooLargeException
                ? Results.Problem(title: "The deal is too large to store", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity)
                : Problems.From(ex);
        }

        var completeness = handoffs.CompletenessOf(result.Handoff);
        IntakeLog.Accepted(logger, intake.Deal.CrmId, result.Handoff.Id, result.Created, result.Handoff.Stage.ToString(), completeness.Score);
        var response = new IntakeResponse(
            result.Handoff.Id,
            result.Handoff.Deal.CrmId,
            result.Created,
            result.Handoff.Stage.ToString(),
            result.Handoff.Owner.Email,
            completeness.Score,
            [.. completeness.Missing.Select(f => f.Key())],
            result.Changed,
            result.Handoff.Gaps);
        var location = $"/api/handoffs/{result.Handoff.Id}";
        if (result.Refused.Count > 0)
        {
            IntakeLog.SourcesRefused(logger, intake.Deal.CrmId, result.Handoff.Id, result.Refused.Count, handoffs.SourceLimit.MaxCharsPerDeal);
            if (result.Created)
            {
                http.Response.Headers.Location = location;
            }

            return SourcesRefused(result, response, handoffs.SourceLimit);
        }

        return result.Created ? Results.Created(location, response) : Results.Ok(response);
    }

    /// <summary>
    /// 422 naming the limit and each note or transcript not added; the deal itself was taken in or
    /// updated, and "handoff" says how (the same body a 200/201 carries).
    /// </summary>
    private static IResult SourcesRefused(IntakeResult result, IntakeResponse response, SourceLimit limit)
    {
        var refused = result.Refused;
        var held = result.Handoff.SourceChars();
        var detail = $"The deal was {(result.Created ? "taken in" : "updated")} as handoff {result.Handoff.Id}, but "
            + $"{string.Join(", ", refused)} {(refused.Count == 1 ? "was" : "were")} not added: a deal holds at most {limit.Describe()} "
            + $"(Intake__MaxSourceCharsPerDeal) and this one holds {held.ToString("N0", CultureInfo.InvariantCulture)}.";
        return Results.Problem(
            title: "Notes or transcripts over the per-deal limit",
            detail: detail,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>
            {
                ["limit"] = limit.MaxCharsPerDeal,
                ["stored"] = held,
                ["refused"] = refused.Select(r => new { kind = r.Kind == SourceKind.Note ? "note" : "transcript", id = r.Id, characters = r.Characters }).ToList(),
                ["handoff"] = response,
            });
    }

    public sealed record IntakeResponse(
        string Id,
        string CrmId,
        bool Created,
        string Stage,
        string Owner,
        int Completeness,
        IReadOnlyList<string> Missing,
        IReadOnlyList<string> Changed,
        IReadOnlyList<string> Gaps);
}
