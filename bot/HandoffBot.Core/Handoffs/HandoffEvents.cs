using System.Globalization;
using HandoffBot.Core.Brief;

namespace HandoffBot.Core.Handoffs;

/// <summary>
/// What happened to a handoff, as a closed set of types: planners, metrics, cards and storage match
/// on these, so a misspelt name cannot silently drop a notification or a metric. On the wire and at
/// rest an event stays what it always was — <see cref="AuditEntry.Event"/> (its <see cref="Name"/>,
/// e.g. "stage.entered") and <see cref="AuditEntry.Data"/> (its fields as strings) — so stored
/// handoffs and the admin API read exactly as before; <see cref="Parse"/> turns them back into types.
/// Only this assembly can add a kind (the constructor is private protected).
/// </summary>
public abstract record HandoffEvent
{
    private protected HandoffEvent(string name) => Name = name;

    /// <summary>The stable name written into the audit trail ("stage.entered").</summary>
    public string Name { get; }

    /// <summary>The machine-readable fields, exactly as the audit trail has always stored them; null when there are none.</summary>
    public virtual IReadOnlyDictionary<string, string>? ToData() => null;

    /// <summary>The typed event for a stored name and data; a name this version does not know (or data it cannot read) is an <see cref="UnknownEvent"/>.</summary>
    public static HandoffEvent Parse(string name, IReadOnlyDictionary<string, string>? data)
    {
        ArgumentNullException.ThrowIfNull(name);
        var d = new Fields(data);
        HandoffEvent? parsed = name switch
        {
            HandoffOpened.EventName => new HandoffOpened(),
            GapRecorded.EventName => new GapRecorded(),
            StageEntered.EventName => d.Enum<Stage>("stage") is { } stage && d.Enum<OwnerRole>("ownerRole") is { } role
                ? new StageEntered(stage, d.Text("owner") ?? "", role, d.Instant("due"))
                : null,
            SourcesRefused.EventName => new SourcesRefused(d.Text("ids") ?? "", d.Int("limit")),
            TranscriptAdded.EventName => d.Text("transcript") is { } transcript
                ? new TranscriptAdded(transcript, d.LowerEnum<TranscriptFormat>("format"), d.Int("characters") ?? 0)
                : null,
            BriefDrafted.EventName => new BriefDrafted(),
            BriefDecided.EventName => d.Text("item") is { } item && d.Enum<DraftDecision>("decision") is { } decision ? new BriefDecided(item, decision) : null,
            DealUpdated.EventName => new DealUpdated(),
            ContextUpdated.EventName => new ContextUpdated(),
            ContextSubmitted.EventName => new ContextSubmitted(),
            CsmAssigned.EventName => new CsmAssigned(),
            CsAccepted.EventName => new CsAccepted(),
            CsRejected.EventName => d.Enum<RejectionReason>("reason") is { } reason ? new CsRejected(reason) : null,
            OwnerChanged.EventName => d.Text("owner") is { } owner && d.Enum<OwnerRole>("ownerRole") is { } ownerRole ? new OwnerChanged(owner, ownerRole) : null,
            QuestionAsked.EventName => d.Text("question") is { } asked ? new QuestionAsked(asked) : null,
            QuestionAnswered.EventName => d.Text("question") is { } answered ? new QuestionAnswered(answered) : null,
            SyncRequested.EventName => new SyncRequested(),
            SyncConfirmed.EventName => d.Enum<SyncMode>("mode") is { } mode ? new SyncConfirmed(mode, d.Text("side") ?? "") : null,
            IntroPosted.EventName => new IntroPosted(),
            IntroSent.EventName => new IntroSent(),
            KickoffBooked.EventName => new KickoffBooked(),
            KickoffHeld.EventName => new KickoffHeld(),
            PollSent.EventName => d.Int("day") is { } sent ? new PollSent(sent) : null,
            PollReminded.EventName => d.Int("day") is { } reminded ? new PollReminded(reminded) : null,
            PollAnswered.EventName => d.Int("day") is { } day && d.Enum<DealMatch>("matched") is { } matched ? new PollAnswered(day, matched) : null,
            OutcomeRecorded.EventName => new OutcomeRecorded(d.Enum<OutcomeKind>("kind")),
            SlaReminded.EventName => d.Enum<Stage>("stage") is { } remindedStage ? new SlaReminded(remindedStage, d.Int("percent") ?? 0, d.Text("to") ?? "") : null,
            SlaEscalated.EventName => d.Enum<Stage>("stage") is { } escalatedStage
                ? new SlaEscalated(escalatedStage, d.Text("to") ?? "", d.Text("owner") ?? "", d.Text("reason") ?? "", d.Date("date"), d.Text("left"))
                : null,
            SlaBreached.EventName => d.Enum<Stage>("stage") is { } breachedStage && d.Instant("due") is { } breachedDue
                ? new SlaBreached(breachedStage, d.Text("owner") ?? "", breachedDue)
                : null,
            SlaSnoozed.EventName => d.Enum<Stage>("stage") is { } snoozedStage ? new SlaSnoozed(snoozedStage, d.Instant("due")) : null,
            SlaNudged.EventName => d.Enum<Stage>("stage") is { } nudgedStage ? new SlaNudged(nudgedStage, d.Text("owner") ?? "") : null,
            SlaReplanned.EventName => d.Enum<Stage>("stage") is { } replannedStage ? new SlaReplanned(replannedStage, d.Text("playbook") ?? "", d.Instant("due")) : null,
            DeliveryFailed.EventName => d.Text("job") is { } job ? new DeliveryFailed(job, d.Text("kind") ?? "") : null,
            _ => null,
        };
        return parsed ?? new UnknownEvent(name, data);
    }

    private protected static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private protected static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private protected static Dictionary<string, string> WithDue(Dictionary<string, string> data, DateTimeOffset? due)
    {
        if (due is { } d)
        {
            data["due"] = Instant(d);
        }

        return data;
    }

    private readonly struct Fields(IReadOnlyDictionary<string, string>? data)
    {
        public string? Text(string key) => data?.GetValueOrDefault(key);

        public T? Enum<T>(string key)
            where T : struct, Enum => System.Enum.TryParse<T>(Text(key), out var value) ? value : null;

        /// <summary>An enum stored by its lower-case name ("json"); names only, never numbers.</summary>
        public T? LowerEnum<T>(string key)
            where T : struct, Enum
        {
            var text = Text(key);
            return System.Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => string.Equals(v.ToString()!.ToLowerInvariant(), text, StringComparison.Ordinal));
        }

        public int? Int(string key) => int.TryParse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        public DateTimeOffset? Instant(string key) =>
            DateTimeOffset.TryParse(Text(key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        public DateOnly? Date(string key) =>
            DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }
}

/// <summary>A stored event this version does not know, kept as it was (a file from a newer version, or unreadable data).</summary>
public sealed record UnknownEvent(string EventName, IReadOnlyDictionary<string, string>? Data) : HandoffEvent(EventName)
{
    public override IReadOnlyDictionary<string, string>? ToData() => Data;
}

public sealed record HandoffOpened() : HandoffEvent(EventName)
{
    public const string EventName = "handoff.opened";
}

public sealed record GapRecorded() : HandoffEvent(EventName)
{
    public const string EventName = "gap.recorded";
}

/// <summary>The handoff moved to <paramref name="Stage"/>, owned by <paramref name="Owner"/>, with its clock due at <paramref name="Due"/> (none: no clock).</summary>
public sealed record StageEntered(Stage Stage, string Owner, OwnerRole OwnerRole, DateTimeOffset? Due) : HandoffEvent(EventName)
{
    public const string EventName = "stage.entered";

    public override IReadOnlyDictionary<string, string>? ToData() =>
        WithDue(new() { ["stage"] = Stage.ToString(), ["owner"] = Owner, ["ownerRole"] = OwnerRole.ToString() }, Due);
}

/// <summary>Notes or transcripts not added: over the per-deal limit. <paramref name="Ids"/>: "note:n-1,transcript:t-2".</summary>
public sealed record SourcesRefused(string Ids, int? Limit) : HandoffEvent(EventName)
{
    public const string EventName = "sources.refused";

    public override IReadOnlyDictionary<string, string>? ToData()
    {
        var data = new Dictionary<string, string> { ["ids"] = Ids };
        if (Limit is { } limit)
        {
            data["limit"] = Number(limit);
        }

        return data;
    }
}

/// <summary>A transcript was added to the deal's sources (uploaded, or pulled from a call recorder); the brief is re-drafted.</summary>
public sealed record TranscriptAdded(string Transcript, TranscriptFormat? Format, int Characters) : HandoffEvent(EventName)
{
    public const string EventName = "transcript.added";

    public override IReadOnlyDictionary<string, string>? ToData()
    {
        var data = new Dictionary<string, string> { ["transcript"] = Transcript };
        if (Format is { } format)
        {
            data["format"] = format.ToString().ToLowerInvariant();
        }

        data["characters"] = Number(Characters);
        return data;
    }
}

public sealed record BriefDrafted() : HandoffEvent(EventName)
{
    public const string EventName = "brief.drafted";
}

public sealed record BriefDecided(string Item, DraftDecision Decision) : HandoffEvent(EventName)
{
    public const string EventName = "brief.decided";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["item"] = Item, ["decision"] = Decision.ToString() };
}

/// <summary>The CRM sent the deal again and something changed.</summary>
public sealed record DealUpdated() : HandoffEvent(EventName)
{
    public const string EventName = "deal.updated";
}

public sealed record ContextUpdated() : HandoffEvent(EventName)
{
    public const string EventName = "context.updated";
}

public sealed record ContextSubmitted() : HandoffEvent(EventName)
{
    public const string EventName = "context.submitted";
}

public sealed record CsmAssigned() : HandoffEvent(EventName)
{
    public const string EventName = "csm.assigned";
}

public sealed record CsAccepted() : HandoffEvent(EventName)
{
    public const string EventName = "cs.accepted";
}

public sealed record CsRejected(RejectionReason Reason) : HandoffEvent(EventName)
{
    public const string EventName = "cs.rejected";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["reason"] = Reason.ToString() };
}

/// <summary>Ownership moved within a stage (reassigned, escalated, the owner left).</summary>
public sealed record OwnerChanged(string Owner, OwnerRole OwnerRole) : HandoffEvent(EventName)
{
    public const string EventName = "owner.changed";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["owner"] = Owner, ["ownerRole"] = OwnerRole.ToString() };
}

public sealed record QuestionAsked(string QuestionId) : HandoffEvent(EventName)
{
    public const string EventName = "question.asked";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["question"] = QuestionId };
}

public sealed record QuestionAnswered(string QuestionId) : HandoffEvent(EventName)
{
    public const string EventName = "question.answered";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["question"] = QuestionId };
}

/// <summary>The internal-handoff message went to the AE and the CSM.</summary>
public sealed record SyncRequested() : HandoffEvent(EventName)
{
    public const string EventName = "sync.requested";
}

/// <param name="Side">"ae", "csm" or "both".</param>
public sealed record SyncConfirmed(SyncMode Mode, string Side) : HandoffEvent(EventName)
{
    public const string EventName = "sync.confirmed";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["mode"] = Mode.ToString(), ["side"] = Side };
}

/// <summary>The bot posted the warm-intro thread for the AE.</summary>
public sealed record IntroPosted() : HandoffEvent(EventName)
{
    public const string EventName = "intro.posted";
}

/// <summary>The AE confirmed the intro went to the customer.</summary>
public sealed record IntroSent() : HandoffEvent(EventName)
{
    public const string EventName = "intro.sent";
}

public sealed record KickoffBooked() : HandoffEvent(EventName)
{
    public const string EventName = "kickoff.booked";
}

public sealed record KickoffHeld() : HandoffEvent(EventName)
{
    public const string EventName = "kickoff.held";
}

public sealed record PollSent(int Day) : HandoffEvent(EventName)
{
    public const string EventName = "poll.sent";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["day"] = Number(Day) };
}

public sealed record PollReminded(int Day) : HandoffEvent(EventName)
{
    public const string EventName = "poll.reminded";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["day"] = Number(Day) };
}

public sealed record PollAnswered(int Day, DealMatch Matched) : HandoffEvent(EventName)
{
    public const string EventName = "poll.answered";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["day"] = Number(Day), ["matched"] = Matched.ToString() };
}

/// <param name="Kind">Null for first value reached through a poll answer (recorded so since the first version).</param>
public sealed record OutcomeRecorded(OutcomeKind? Kind) : HandoffEvent(EventName)
{
    public const string EventName = "outcome.recorded";

    public override IReadOnlyDictionary<string, string>? ToData() => Kind is { } kind ? new Dictionary<string, string> { ["kind"] = kind.ToString() } : null;
}

/// <summary>A reminder at <paramref name="Percent"/>% of the stage's clock went to <paramref name="To"/> (comma-separated emails).</summary>
public sealed record SlaReminded(Stage Stage, int Percent, string To) : HandoffEvent(EventName)
{
    public const string EventName = "sla.reminder";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["percent"] = Number(Percent), ["to"] = To };
}

/// <summary>
/// The stage went to <paramref name="To"/>: overdue (<paramref name="Reason"/> "overdue", once per business day
/// <paramref name="Date"/>), or because the owner <paramref name="Left"/> the directory ("owner-left").
/// </summary>
public sealed record SlaEscalated(Stage Stage, string To, string Owner, string Reason, DateOnly? Date = null, string? Left = null) : HandoffEvent(EventName)
{
    public const string EventName = "sla.escalated";

    public override IReadOnlyDictionary<string, string>? ToData()
    {
        var data = new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["to"] = To, ["owner"] = Owner, ["reason"] = Reason };
        if (Date is { } d)
        {
            data["date"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (Left is { } left)
        {
            data["left"] = left;
        }

        return data;
    }
}

/// <summary>The stage's clock ran out at <paramref name="Due"/> while <paramref name="Owner"/> owned it. Recorded once per stay in a stage.</summary>
public sealed record SlaBreached(Stage Stage, string Owner, DateTimeOffset Due) : HandoffEvent(EventName)
{
    public const string EventName = "sla.breached";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["owner"] = Owner, ["due"] = Instant(Due) };
}

public sealed record SlaSnoozed(Stage Stage, DateTimeOffset? Due) : HandoffEvent(EventName)
{
    public const string EventName = "sla.snoozed";

    public override IReadOnlyDictionary<string, string>? ToData() => WithDue(new() { ["stage"] = Stage.ToString() }, Due);
}

public sealed record SlaNudged(Stage Stage, string Owner) : HandoffEvent(EventName)
{
    public const string EventName = "sla.nudged";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["owner"] = Owner };
}

/// <summary>A playbook reload changed the timing: the stage's clock was worked out again (<paramref name="Playbook"/>: the timing's fingerprint).</summary>
public sealed record SlaReplanned(Stage Stage, string Playbook, DateTimeOffset? Due) : HandoffEvent(EventName)
{
    public const string EventName = "sla.replanned";

    public override IReadOnlyDictionary<string, string>? ToData() => WithDue(new() { ["stage"] = Stage.ToString(), ["playbook"] = Playbook }, Due);
}

/// <summary>A job of this handoff ended without delivering (listed, reported to RevOps once).</summary>
public sealed record DeliveryFailed(string JobId, string Kind) : HandoffEvent(EventName)
{
    public const string EventName = "delivery.failed";

    public override IReadOnlyDictionary<string, string>? ToData() => new Dictionary<string, string> { ["job"] = JobId, ["kind"] = Kind };
}
