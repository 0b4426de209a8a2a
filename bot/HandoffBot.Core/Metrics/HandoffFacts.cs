using System.Globalization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Metrics;

/// <summary>A missed clock: the stage, who owned it when the deadline passed, and the deadline.</summary>
public sealed record SlaBreach(Stage Stage, string Owner, DateTimeOffset DueAt);

/// <summary>
/// What the metrics need of one handoff, projected once from the aggregate (small enough to hold
/// a hundred thousand in memory). Durations are business days in the calendar's default zone.
/// </summary>
public sealed record HandoffFacts
{
    public required string Id { get; init; }
    public required string Account { get; init; }
    public required string Ae { get; init; }
    public required string Segment { get; init; }
    public required DateOnly CloseDate { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public Stage Stage { get; init; }
    public DateTimeOffset? ContextCompleteAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? IntroAt { get; init; }
    public DateTimeOffset? KickoffAt { get; init; }
    public int? CompletenessAtReview { get; init; }

    /// <summary>Business days: close → context complete, → accepted, → intro, → kickoff (each from the previous milestone).</summary>
    public double? CloseToContext { get; init; }
    public double? ContextToAccepted { get; init; }
    public double? AcceptedToIntro { get; init; }
    public double? IntroToKickoff { get; init; }
    public double? CloseToKickoff { get; init; }

    /// <summary>Clocks that ran out before their stage was done.</summary>
    public IReadOnlyList<SlaBreach> Breaches { get; init; } = [];

    /// <summary>The clock still running: a breach once "as of" is past its due time.</summary>
    public SlaBreach? OpenClock { get; init; }

    public IReadOnlyList<PollAnswer> Polls { get; init; } = [];
    public IReadOnlyList<Rejection> Rejections { get; init; } = [];
    public DateOnly? ChurnedOn { get; init; }
    public DateOnly? FirstValueOn { get; init; }

    /// <summary>Closed clocks that ran out, plus the running one when it is overdue at <paramref name="asOf"/>.</summary>
    public IEnumerable<SlaBreach> BreachesAsOf(DateTimeOffset asOf) =>
        OpenClock is { } open && open.DueAt < asOf ? Breaches.Append(open) : Breaches;

    public static HandoffFacts From(Handoff h, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(calendar);
        var zone = calendar.DefaultTimeZone;
        var close = BusinessCalendar.ToUtc(h.Deal.CloseDate.ToDateTime(calendar.Opens), zone);
        DateTimeOffset? kickoff = h.KickoffHeldOn is { } k ? BusinessCalendar.ToUtc(k.ToDateTime(calendar.Opens), zone) : null;
        double? Days(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } a && to is { } b ? calendar.Between(a, b, zone) / calendar.HoursPerDay : null;
        var (breaches, open) = Clocks(h);
        return new HandoffFacts
        {
            Id = h.Id,
            Account = h.Deal.AccountName,
            Ae = Emails.Normalize(h.Deal.AeEmail), // grouped alike in memory (ignoring case) and in SQL (exact)
            Segment = h.Segment,
            CloseDate = h.Deal.CloseDate,
            CreatedAt = h.CreatedAt,
            Stage = h.Stage,
            ContextCompleteAt = h.ContextSubmittedAt,
            AcceptedAt = h.AcceptedAt,
            IntroAt = h.IntroSentAt,
            KickoffAt = kickoff,
            CompletenessAtReview = h.CompletenessAtReview,
            CloseToContext = Days(close, h.ContextSubmittedAt),
            ContextToAccepted = Days(h.ContextSubmittedAt, h.AcceptedAt),
            AcceptedToIntro = Days(h.AcceptedAt, h.IntroSentAt),
            IntroToKickoff = Days(h.IntroSentAt, kickoff),
            CloseToKickoff = Days(close, kickoff),
            Breaches = breaches,
            OpenClock = open,
            // Copies: the aggregate's own lists change with it, and facts are held after the save (LiteDB keeps them in memory).
            Polls = [.. h.PollAnswers],
            Rejections = [.. h.Rejections],
            ChurnedOn = h.Outcomes.Where(o => o.Kind == OutcomeKind.Churn).Select(o => (DateOnly?)o.On).Min(),
            FirstValueOn = h.Outcomes.Where(o => o.Kind == OutcomeKind.FirstValue).Select(o => (DateOnly?)o.On).Min(),
        };
    }

    /// <summary>
    /// Replays the audit: each stay in a stage has a due time (moved by snoozes and re-plans); the
    /// stay breached when a due time in force passed while the stage was still open.
    /// </summary>
    private static (List<SlaBreach> Closed, SlaBreach? Open) Clocks(Handoff h)
    {
        var breaches = new List<SlaBreach>();
        Stage? stage = null;
        DateTimeOffset? due = null;
        var owners = new List<(DateTimeOffset At, string Owner)>();
        var breached = false;
        void Check(DateTimeOffset now)
        {
            if (stage is { } s && due is { } d && d < now && !breached)
            {
                breaches.Add(new SlaBreach(s, owners.LastOrDefault(o => o.At <= d).Owner ?? owners[0].Owner, d));
                breached = true;
            }
        }

        foreach (var entry in h.Audit)
        {
            switch (entry.Change)
            {
                case StageEntered entered:
                    Check(entry.At);
                    stage = entered.Stage;
                    due = entered.Due;
                    owners = [(entry.At, entered.Owner)];
                    breached = false;
                    break;
                case SlaSnoozed snoozed:
                    Check(entry.At);
                    due = snoozed.Due ?? due;
                    break;
                case SlaReplanned replanned:
                    Check(entry.At);
                    due = replanned.Due ?? due;
                    break;
                case OwnerChanged changed:
                    owners.Add((entry.At, changed.Owner));
                    break;
            }
        }

        var open = stage is { } last && due is { } d && !breached && last is not Stage.Outcome
            ? new SlaBreach(last, owners.LastOrDefault(o => o.At <= d).Owner ?? owners[0].Owner, d)
            : null;
        return (breaches, open);
    }
}
