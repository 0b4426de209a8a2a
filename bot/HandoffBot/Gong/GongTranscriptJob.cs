using System.Text.Json;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Gong;

/// <summary>
/// The durable job "transcript.gong": pulls one Gong call (transcript + parties) and adds it to the
/// handoff as transcript "gong-{callId}", which re-drafts the brief. Gong down, rate-limiting or not
/// ready yet: the job fails and the runner retries it with backoff (visible in /api/jobs), so a Gong
/// outage delays the transcript but never loses it. The handoff gone, Gong refusing the id, or the
/// deal over its source limit: the job gives up with that reason.
/// </summary>
public sealed partial class GongTranscriptJob(HandoffService handoffs, GongClient gong, SourceLimit limit, ILogger<GongTranscriptJob> logger) : IJobHandler
{
    public const string Kind = "transcript.gong";

    /// <summary>Who the audit trail says added it.</summary>
    public const string Actor = "gong";

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public static string TranscriptId(string callId) => "gong-" + callId;

    public static string Payload(string callId) => JsonSerializer.Serialize(new { callId });

    public static string? CallIdOf(string? payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload ?? "");
            return doc.RootElement.TryGetProperty("callId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var callId = CallIdOf(job.Payload) ?? throw new PermanentJobFailure("The job names no Gong call id.");
        var handoff = await handoffs.GetAsync(job.HandoffId ?? "", ct) ?? throw new PermanentJobFailure($"Handoff {job.HandoffId} no longer exists.");
        var id = TranscriptId(callId);
        if (handoff.Transcripts.Any(t => string.Equals(t.Id, id, StringComparison.Ordinal)))
        {
            return;
        }

        GongCall call;
        try
        {
            call = await gong.GetCallAsync(callId, ct);
        }
        catch (GongApiException ex) when (ex.Permanent)
        {
            throw new PermanentJobFailure(ex.Message);
        }

        var inspection = TranscriptInspector.Inspect(id, call.Document, TranscriptFormat.Json, limit.MaxCharsPerDeal);
        if (inspection.Source is null)
        {
            // Gong lists a call before its transcript is processed: try again later.
            throw new GongApiException(null, $"Gong has no transcript text for call {callId} yet ({call.Monologues} monologues); retried later.");
        }

        try
        {
            var added = false;
            await handoffs.ExecuteAsync(handoff.Id, (h, clock) => added = h.AddTranscript(new Transcript(id, TranscriptFormat.Json, call.Started, call.Document), Actor, limit, clock), ct);
            LogPulled(logger, handoff.Id, inspection.Source.Utterances.Count, call.Document.Length, added);
        }
        catch (SourceLimitExceededException ex)
        {
            throw new PermanentJobFailure(ex.Message);
        }
        catch (HandoffRuleException ex) when (ex.Code == "transcript-exists")
        {
            // Uploaded by hand under the same id meanwhile: that one stands.
        }
    }

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Gong transcript pulled for handoff {HandoffId}: {Sentences} sentences, {Characters} characters (added: {Added})")]
    private static partial void LogPulled(ILogger logger, string handoffId, int sentences, int characters, bool added);
}
