using HandoffBot.Admin;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;

namespace HandoffBot.Ai;

/// <summary>
/// Admin API for the AI brief: GET /api/handoffs/{id}/brief shows the draft in the label format with
/// the AE's decision per item; POST /api/handoffs/{id}/brief drafts it again now (a durable job).
/// </summary>
public static class BriefEndpoints
{
    public sealed record BriefView(string HandoffId, BriefDocument? Draft, DateTimeOffset? CreatedAt, IReadOnlyDictionary<string, string> Decisions);

    public static IEndpointRouteBuilder MapAiBrief(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/handoffs/{id}/brief").AddEndpointFilter<AdminKeyFilter>();
        api.MapGet("", async (string id, HandoffService handoffs, CancellationToken ct) =>
            await handoffs.GetAsync(id, ct) is { } h
                ? Results.Ok(new BriefView(h.Id, h.Draft is { } d ? BriefJson.FromDraft(d) : null, h.Draft?.CreatedAt,
                    h.DraftDecisions.ToDictionary(kv => kv.Key, kv => kv.Value.ToString().ToLowerInvariant())))
                : Problems.NotFound($"No handoff {id}."));

        api.MapPost("", async (string id, HandoffService handoffs, IJobStore jobs, IJobSignal signal, TimeProvider time, CancellationToken ct) =>
        {
            if (await handoffs.GetAsync(id, ct) is not { } h)
            {
                return Problems.NotFound($"No handoff {id}.");
            }

            if (!BriefJobHandler.Drafts(h) || h.SourceCount == 0)
            {
                return Problems.BadRequest(h.SourceCount == 0
                    ? $"Handoff {id} has no notes or transcripts to draft from."
                    : $"Handoff {id} is past CS review; its draft can no longer be acted on.");
            }

            var now = time.GetUtcNow();
            var job = ScheduledJob.Create(BriefPlanner.Draft, h.Id, now, $"{h.Id}:{BriefPlanner.Draft}:manual:{now.ToUnixTimeMilliseconds()}", now, BriefJobHandler.Force);
            await jobs.EnqueueAsync([job], ct);
            signal.Wake();
            return Results.Accepted($"/api/handoffs/{h.Id}/brief", new { jobId = job.Id, kind = job.Kind });
        }).DisableAntiforgery();
        return app;
    }
}
