namespace HandoffBot.Transcripts;

/// <summary>What uploads log: ids, formats and counts — never transcript text, file names or speaker names.</summary>
internal static partial class TranscriptLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Transcript added to handoff {HandoffId}: {Format}, {Characters} characters, {Utterances} utterances (new: {Added})")]
    public static partial void Added(ILogger logger, string handoffId, string format, int characters, int utterances, bool added);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Transcript upload to handoff {HandoffId} refused: {Status} {Reason}")]
    public static partial void Refused(ILogger logger, string handoffId, int status, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Gong call pull queued for handoff {HandoffId} as job {JobId}")]
    public static partial void GongQueued(ILogger logger, string handoffId, string jobId);
}
