using HandoffBot.Core.Handoffs;

namespace HandoffBot.Admin;

/// <summary>What the admin API shows of a handoff. Transcript and note bodies are not repeated in lists.</summary>
public static class HandoffViews
{
    public sealed record Summary(
        string Id,
        string CrmId,
        string AccountName,
        string Segment,
        string Stage,
        OwnerView Owner,
        DateTimeOffset? DueAt,
        int Completeness,
        IReadOnlyList<string> Missing,
        DateTimeOffset UpdatedAt,
        IReadOnlyList<string> Gaps);

    public sealed record OwnerView(string Email, string Role, DateTimeOffset Since);

    public sealed record Detail(
        string Id,
        int Version,
        string Stage,
        string StageName,
        OwnerView Owner,
        DateTimeOffset? DueAt,
        string Segment,
        CompletenessView Completeness,
        Deal Deal,
        DealContext Context,
        IReadOnlyList<Note> Notes,
        IReadOnlyList<Transcript> Transcripts,
        MilestonesView Milestones,
        IReadOnlyList<Question> Questions,
        IReadOnlyList<Rejection> Rejections,
        IReadOnlyList<PollAnswer> PollAnswers,
        IReadOnlyList<OutcomeRecord> Outcomes,
        IReadOnlyList<string> Gaps,
        IReadOnlyList<AuditEntry> Audit);

    public sealed record CompletenessView(int Score, IReadOnlyList<string> Missing, IReadOnlyList<string> Filled, int? AtReview);

    public sealed record MilestonesView(
        DateTimeOffset CreatedAt,
        DateTimeOffset? ContextSubmittedAt,
        DateTimeOffset? AcceptedAt,
        string? AcceptedBy,
        DateTimeOffset? IntroSentAt,
        DateOnly? KickoffBookedFor,
        DateOnly? KickoffHeldOn);

    public static Summary ToSummary(Handoff h, Completeness c) => new(
        h.Id, h.Deal.CrmId, h.Deal.AccountName, h.Segment, h.Stage.ToString(), Owner(h), h.DueAt, c.Score,
        [.. c.Missing.Select(f => f.Key())], h.UpdatedAt, h.Gaps);

    public static Detail ToDetail(Handoff h, Completeness c) => new(
        h.Id, h.Version, h.Stage.ToString(), h.Stage.Display(), Owner(h), h.DueAt, h.Segment,
        new CompletenessView(c.Score, [.. c.Missing.Select(f => f.Key())], [.. c.Filled.Select(f => f.Key())], h.CompletenessAtReview),
        h.Deal, h.Context, h.Notes, h.Transcripts,
        new MilestonesView(h.CreatedAt, h.ContextSubmittedAt, h.AcceptedAt, h.AcceptedBy, h.IntroSentAt, h.KickoffBookedFor, h.KickoffHeldOn),
        h.Questions, h.Rejections, h.PollAnswers, h.Outcomes, h.Gaps, h.Audit);

    private static OwnerView Owner(Handoff h) => new(h.Owner.Email, h.Owner.Role.ToString(), h.Owner.Since);
}
