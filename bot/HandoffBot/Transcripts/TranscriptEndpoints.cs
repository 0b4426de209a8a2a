using System.Text.RegularExpressions;
using HandoffBot.Admin;
using HandoffBot.Ai;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Gong;
using HandoffBot.Hosting;
using HandoffBot.Security;
using Microsoft.Extensions.Options;

namespace HandoffBot.Transcripts;

/// <summary>
/// Admin API for a deal's call transcripts (admin key like the rest of /api):
/// <list type="bullet">
/// <item><c>POST /api/handoffs/{id}/transcripts</c> — a transcript file (WebVTT from Teams or Zoom, SRT, Otter text,
/// JSON from Gong or other recorders; see <see cref="TranscriptUploadReader"/>), its format detected and checked:
/// 201 added (the brief is re-drafted by its job), 200 the same transcript again, 400 what is wrong and on which
/// line, 404 no such handoff, 409 a different transcript under that id, 413 too large, 422 over the deal's limit.
/// Or <c>{"gongCallId": "…"}</c>: 202, a durable job pulls the call from Gong.</item>
/// <item><c>GET /api/handoffs/{id}/transcripts</c> and <c>…/transcripts/{transcriptId}</c>.</item>
/// </list>
/// </summary>
public static partial class TranscriptEndpoints
{
    /// <summary>Who the audit trail says added an uploaded transcript.</summary>
    public const string UploadActor = "admin";

    public static IEndpointRouteBuilder MapTranscripts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/handoffs/{id}/transcripts").AddEndpointFilter<AdminKeyFilter>();
        api.MapPost("", UploadAsync).DisableAntiforgery();
        api.MapGet("", async (string id, HandoffService handoffs, CancellationToken ct) =>
            await FindAsync(handoffs, id, ct) is { } h
                ? Results.Ok(h.Transcripts.Select(t => new TranscriptSummary(t.Id, Name(t.Format), t.Content.Length, t.RecordedAt)))
                : Problems.NotFound($"No handoff {id}."));
        api.MapGet("/{transcriptId}", async (string id, string transcriptId, HandoffService handoffs, IOptions<AiOptions> ai, CancellationToken ct) =>
        {
            if (await FindAsync(handoffs, id, ct) is not { } h)
            {
                return Problems.NotFound($"No handoff {id}.");
            }

            var t = h.Transcripts.FirstOrDefault(x => string.Equals(x.Id, transcriptId, StringComparison.Ordinal));
            if (t is null)
            {
                return Problems.NotFound($"Handoff {id} has no transcript {transcriptId}.");
            }

            var read = SourceReader.Read(BriefSource.From(t), ai.Value.MaxSourceChars);
            return Results.Ok(new TranscriptDetail(View(t, read.Source), t.Content));
        });
        return app;
    }

    public sealed record TranscriptSummary(string Id, string Format, int Characters, DateTimeOffset? RecordedAt);

    public sealed record SpeakerView(string Name, string Side, int Utterances);

    public sealed record TranscriptView(string Id, string Format, string? Detected, int Characters, int Utterances, DateTimeOffset? RecordedAt, IReadOnlyList<SpeakerView> Speakers);

    public sealed record TranscriptDetail(TranscriptView Transcript, string Content);

    public sealed record UploadResult(string HandoffId, bool Added, TranscriptView Transcript, IReadOnlyList<string> Warnings, string Brief);

    public sealed record GongQueued(string HandoffId, string JobId, string Kind, string GongCallId, string TranscriptId, string Status);

    private static async Task<IResult> UploadAsync(
        string id,
        HttpContext http,
        HandoffService handoffs,
        IOptions<TranscriptOptions> options,
        IOptions<AiOptions> ai,
        SourceLimit limit,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TranscriptEndpoints));
        var max = options.Value.MaxUploadBytes;
        var body = await BodyReader.ReadAsync(http.Request, max, ct);
        if (body is null)
        {
            TranscriptLog.Refused(logger, id, 413, "body too large");
            return Results.Problem(title: "Transcript too large", detail: $"The body is larger than {max:N0} bytes (Transcripts__MaxUploadBytes).", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (await FindAsync(handoffs, id, ct) is not { } handoff)
        {
            return Problems.NotFound($"No handoff {id}.");
        }

        var (upload, errors) = await TranscriptUploadReader.ReadAsync(body, http.Request.ContentType, http.Request.Headers.ContentDisposition, http.Request.Query, ct);
        if (upload is null)
        {
            TranscriptLog.Refused(logger, id, 400, string.Join(",", errors.Select(e => e.Field).Distinct()));
            return Problems.Validation(errors.Select(e => new FieldError(e.Field, e.Message)), "The transcript was not taken.");
        }

        if (upload.GongCallId is { } callId)
        {
            return await QueueGongAsync(handoff, callId, http.RequestServices, logger, ct);
        }

        var transcriptId = upload.TranscriptId();
        var inspection = TranscriptInspector.Inspect(transcriptId, upload.Content!, upload.Format, ai.Value.MaxSourceChars);
        if (inspection.Problem is { } problem)
        {
            var status = inspection.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            TranscriptLog.Refused(logger, id, status, inspection.TooLarge ? "too many characters" : "unreadable as " + Name(inspection.Format));
            var extensions = new Dictionary<string, object?> { ["format"] = Name(inspection.Format) };
            if (LineOf().Match(problem) is { Success: true } line)
            {
                extensions["line"] = int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Problem(
                title: inspection.TooLarge ? "Transcript too large" : "The transcript was not taken",
                detail: problem,
                statusCode: status,
                extensions: extensions);
        }

        var transcript = new Transcript(transcriptId, inspection.Format, upload.RecordedAt, upload.Content!);
        var added = false;
        Handoff updated;
        try
        {
            updated = await handoffs.ExecuteAsync(handoff.Id, (h, clock) => added = h.AddTranscript(transcript, UploadActor, limit, clock), ct);
        }
        catch (SourceLimitExceededException ex)
        {
            TranscriptLog.Refused(logger, id, 422, "over the per-deal source limit");
            return Results.Problem(
                title: "Over the deal's limit for notes and transcripts",
                detail: ex.Message + " Remove the transcript's silences or split the call, or raise the limit.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["limit"] = ex.Limit.MaxCharsPerDeal, ["stored"] = ex.Held, ["characters"] = ex.Characters });
        }
        catch (DomainException ex)
        {
            TranscriptLog.Refused(logger, id, ex is HandoffNotFoundException ? 404 : 409, ex.Code);
            return Problems.From(ex);
        }

        TranscriptLog.Added(logger, id, Name(transcript.Format), transcript.Content.Length, inspection.Source!.Utterances.Count, added);
        var brief = !added ? "unchanged: the handoff already had this transcript"
            : BriefJobHandler.Drafts(updated) ? "re-drafting: a brief.draft job is queued"
            : $"not re-drafted: the handoff is in {updated.Stage}, past CS review";
        var result = new UploadResult(id, added, View(transcript, inspection.Source), inspection.Warning is { } w ? [w] : [], brief);
        return added
            ? Results.Created($"/api/handoffs/{id}/transcripts/{Uri.EscapeDataString(transcriptId)}", result)
            : Results.Ok(result);
    }

    private static async Task<IResult> QueueGongAsync(Handoff handoff, string callId, IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        if (!services.GetRequiredService<IOptions<GongOptions>>().Value.Enabled)
        {
            return Results.Problem(
                title: "Gong is not connected",
                detail: "The Gong integration is off on this server: set Gong__AccessKey and Gong__AccessKeySecret (and Gong__ApiBaseUrl, your tenant's API base URL). Or upload the transcript file instead.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var transcriptId = GongTranscriptJob.TranscriptId(callId);
        if (handoff.Transcripts.Any(t => string.Equals(t.Id, transcriptId, StringComparison.Ordinal)))
        {
            return Results.Ok(new GongQueued(handoff.Id, "", GongTranscriptJob.Kind, callId, transcriptId, "present"));
        }

        var jobs = services.GetRequiredService<IJobStore>();
        var open = (await jobs.ListAsync(null, handoff.Id, 1000, ct)).FirstOrDefault(j =>
            j.Kind == GongTranscriptJob.Kind && j.Status is JobStatus.Pending or JobStatus.Running && GongTranscriptJob.CallIdOf(j.Payload) == callId);
        if (open is not null)
        {
            return Results.Accepted($"/api/jobs?handoff={Uri.EscapeDataString(handoff.Id)}", new GongQueued(handoff.Id, open.Id, open.Kind, callId, transcriptId, open.Status.ToString().ToLowerInvariant()));
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var job = ScheduledJob.Create(GongTranscriptJob.Kind, handoff.Id, now, $"{handoff.Id}:{GongTranscriptJob.Kind}:{callId}:{now.ToUnixTimeMilliseconds()}", now, GongTranscriptJob.Payload(callId));
        await jobs.EnqueueAsync([job], ct);
        services.GetRequiredService<IJobSignal>().Wake();
        TranscriptLog.GongQueued(logger, handoff.Id, job.Id);
        return Results.Accepted($"/api/jobs?handoff={Uri.EscapeDataString(handoff.Id)}", new GongQueued(handoff.Id, job.Id, job.Kind, callId, transcriptId, "queued"));
    }

    /// <summary>The handoff with exactly this id (ids from other systems are compared ordinally, case included).</summary>
    private static async Task<Handoff?> FindAsync(HandoffService handoffs, string id, CancellationToken ct) =>
        await handoffs.GetAsync(id, ct) is { } h && string.Equals(h.Id, id, StringComparison.Ordinal) ? h : null;

    private static TranscriptView View(Transcript t, ParsedSource? parsed) => new(
        t.Id,
        Name(t.Format),
        parsed?.Shape,
        t.Content.Length,
        parsed?.Utterances.Count ?? 0,
        t.RecordedAt,
        parsed is null ? [] : [.. parsed.Utterances.Where(u => u.Speaker is not null)
            .GroupBy(u => u.Speaker!, StringComparer.Ordinal)
            .Select(g => new SpeakerView(g.Key, Side(g.Select(u => u.Side).FirstOrDefault(s => s != SpeakerSide.Unknown)), g.Count()))]);

    private static string Side(SpeakerSide side) => side switch
    {
        SpeakerSide.Ours => "ours",
        SpeakerSide.Customer => "customer",
        _ => "unknown",
    };

    private static string Name(TranscriptFormat format) => format.ToString().ToLowerInvariant();

    [GeneratedRegex(@"\bline (\d{1,9})\b", RegexOptions.CultureInvariant)]
    private static partial Regex LineOf();
}
