using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffBot.Admin;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Timing;
using HandoffBot.Hosting;

namespace HandoffBot.Timing;

/// <summary>Metrics, digest, playbook preview and reload (admin key), and the signed links cards carry (.ics, chart).</summary>
public static class TimingEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapTiming(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();

        api.MapGet("/metrics", async (DigestService digests, string? closedFrom, string? closedTo, CancellationToken ct) =>
        {
            var errors = new List<FieldError>();
            var from = Date("closedFrom", closedFrom, errors);
            var to = Date("closedTo", closedTo, errors);
            return errors.Count > 0 ? Problems.Validation(errors) : Results.Json(await digests.MetricsAsync(from, to, ct), Json);
        });

        api.MapGet("/digest", async (DigestService digests, IPlaybookProvider playbooks, TimeProvider time, string? from, string? to, string? tz, CancellationToken ct) =>
        {
            var errors = new List<FieldError>();
            var zone = playbooks.Current.Calendar.DefaultTimeZone;
            if (!string.IsNullOrWhiteSpace(tz) && !TimeZones.TryFind(tz, out zone))
            {
                errors.Add(new FieldError("tz", $"'{tz}' is not a time zone."));
            }

            var (weekFrom, weekTo) = DigestService.WeekBefore(BusinessCalendar.LocalDate(time.GetUtcNow(), zone));
            var start = Date("from", from, errors) ?? weekFrom;
            var end = Date("to", to, errors) ?? weekTo;
            if (errors.Count == 0 && (end < start || end.DayNumber - start.DayNumber > 366))
            {
                errors.Add(new FieldError("to", "Use a period of one day to one year, 'to' not before 'from'."));
            }

            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            var report = await digests.BuildAsync(start, end, zone, ct);
            return Results.Json(report with { ChartPng = null }, Json);
        });

        api.MapGet("/playbook/preview", (IPlaybookProvider playbooks, string? segment, string? closed, string? tz, string? at) =>
        {
            var (timeline, errors) = PreviewRequest.Run(playbooks.Current, segment, closed, tz, at);
            return timeline is null ? Problems.Validation(errors) : Results.Json(timeline, Json);
        });

        api.MapPost("/playbook/reload", async (PlaybookReloader reloader, CancellationToken ct) =>
        {
            var result = await reloader.ReloadAsync(ct);
            return result.Reloaded
                ? Results.Json(result, Json)
                : Results.Problem(title: "The playbook file is invalid; the playbook in force stays.", statusCode: StatusCodes.Status422UnprocessableEntity,
                    extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
        });

        api.MapGet("/deliveries", async (IDeliveryLog log, string? state, int? limit, CancellationToken ct) =>
        {
            DeliveryState? filter = null;
            if (!string.IsNullOrWhiteSpace(state))
            {
                if (!Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Problems.Validation([new FieldError("state", "Use sending (in doubt) or sent.")]);
                }

                filter = parsed;
            }

            return Results.Json(await log.ListAsync(filter, Math.Clamp(limit ?? 200, 1, 10_000), ct), Json);
        });

        app.MapGet("/links/ics/{id}", async (string id, int? slot, long? exp, string? sig, SignedLinks links, HandoffService handoffs, IPeopleDirectory people, ITimeZoneLookup zones, TimeProvider time, CancellationToken ct) =>
        {
            if (exp is null || !links.VerifyIcs(id, slot, exp.Value, sig))
            {
                return Results.Problem(title: "Link expired or not valid", detail: "Ask for a new invite in the chat.", statusCode: StatusCodes.Status403Forbidden);
            }

            if (await handoffs.GetAsync(id, ct) is not { } handoff)
            {
                return Problems.NotFound("That handoff no longer exists.");
            }

            var playbook = handoffs.Playbook;
            var customer = KickoffInvite.CustomerZone(handoff, playbook);
            var csmEmail = handoff.Deal.CsmEmail ?? handoff.Owner.Email;
            var slots = IntroPlan.KickoffSlots(IntroPlan.PostAt(handoff, playbook, customer), playbook, customer, zones.ZoneOf(csmEmail));
            var index = slot ?? 0;
            if (index < 0 || index >= slots.Count)
            {
                return Problems.NotFound($"There is no kickoff slot {index} (0 to {slots.Count - 1}).");
            }

            var ics = KickoffInvite.Build(handoff, slots[index], playbook.Intro.KickoffLength,
                await people.FindAsync(handoff.Routing.AeOwnerEmail, ct), await people.FindAsync(csmEmail, ct), time.GetUtcNow());
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", KickoffInvite.FileName(handoff));
        });

        app.MapGet("/links/charts/{file}", async (string file, long? exp, string? sig, SignedLinks links, DigestCharts charts, CancellationToken ct) =>
        {
            var csv = file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var id = file.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || csv ? file[..^4] : file;
            if (exp is null || !links.VerifyChart(id, exp.Value, sig))
            {
                return Results.Problem(title: "Link expired or not valid", statusCode: StatusCodes.Status403Forbidden);
            }

            if (csv)
            {
                // The numbers behind the chart, one click from the digest.
                return await charts.FindCsvAsync(id, ct) is { } table
                    ? Results.File(System.Text.Encoding.UTF8.GetBytes(table), "text/csv; charset=utf-8", id + ".csv")
                    : Problems.NotFound("That chart is no longer kept.");
            }

            return await charts.FindAsync(id, ct) is { } png ? Results.File(png, "image/png") : Problems.NotFound("That chart is no longer kept.");
        });

        return app;
    }

    private static DateOnly? Date(string field, string? text, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new FieldError(field, $"'{text}' is not a date (yyyy-MM-dd)."));
        return null;
    }
}
