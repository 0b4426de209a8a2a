using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;

namespace HandoffBot.Admin;

/// <summary>The admin API: handoffs, the people directory and the job queue, behind the admin key.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();

        api.MapGet("/handoffs", async (HandoffService handoffs, string? stage, string? owner, string? q, int? limit, CancellationToken ct) =>
        {
            Stage? stageFilter = null;
            if (!string.IsNullOrWhiteSpace(stage))
            {
                if (!StageNames.TryParse(stage, out var parsed))
                {
                    return Problems.Validation([new FieldError("stage", $"'{stage}' is not a stage (one of {string.Join(", ", Enum.GetNames<Stage>())}).")]);
                }

                stageFilter = parsed;
            }

            if (limit is < 1 or > 10_000)
            {
                return Problems.Validation([new FieldError("limit", "Use 1 to 10000.")]);
            }

            var list = await handoffs.QueryAsync(new HandoffQuery(stageFilter, owner, q, Limit: limit ?? 200), ct);
            return Results.Ok(list.Select(h => HandoffViews.ToSummary(h, handoffs.CompletenessOf(h))));
        });

        api.MapGet("/handoffs/{id}", async (string id, HandoffService handoffs, CancellationToken ct) =>
            await handoffs.GetAsync(id, ct) is { } h
                ? Results.Ok(HandoffViews.ToDetail(h, handoffs.CompletenessOf(h)))
                : Problems.NotFound($"No handoff {id}."));

        api.MapGet("/people", async (IPeopleDirectory people, CancellationToken ct) => Results.Ok(await people.ListAsync(ct)));

        api.MapGet("/people/{email}", async (string email, IPeopleDirectory people, CancellationToken ct) =>
            await people.FindAsync(email, ct) is { } p ? Results.Ok(p) : Problems.NotFound($"No person {email} in the directory."));

        api.MapPut("/people/{email}", async (string email, PersonInput? input, IPeopleDirectory people, CancellationToken ct) =>
        {
            if (input is null)
            {
                return Problems.BadRequest("Send the person as JSON: {name, roles, managerEmail, timeZone, platform}.");
            }

            if (input.Email is { } bodyEmail && !string.Equals(bodyEmail.Trim(), email, StringComparison.OrdinalIgnoreCase))
            {
                return Problems.Validation([new FieldError("email", "The email in the body differs from the one in the URL.")]);
            }

            var existing = await people.FindAsync(email, ct);
            var (person, errors) = PersonFactory.Create(input with { Email = email }, existing);
            if (person is null)
            {
                return Problems.Validation(errors);
            }

            await people.UpsertAsync(person, ct);
            return existing is null ? Results.Created($"/api/people/{person.Email}", person) : Results.Ok(person);
        });

        api.MapDelete("/people/{email}", async (string email, IPeopleDirectory people, CancellationToken ct) =>
            await people.RemoveAsync(email, ct) ? Results.NoContent() : Problems.NotFound($"No person {email} in the directory."));

        api.MapGet("/jobs", async (IJobStore jobs, string? status, string? handoff, int? limit, CancellationToken ct) =>
        {
            JobStatus? filter = null;
            if (!string.IsNullOrWhiteSpace(status))
            {
                if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Problems.Validation([new FieldError("status", $"'{status}' is not one of {string.Join(", ", Enum.GetNames<JobStatus>())}.")]);
                }

                filter = parsed;
            }

            return Results.Ok(await jobs.ListAsync(filter, handoff, Math.Clamp(limit ?? 200, 1, 10_000), ct));
        });

        return app;
    }
}
