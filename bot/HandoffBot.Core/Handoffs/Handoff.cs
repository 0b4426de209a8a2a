using System.Text.Json.Serialization;

namespace HandoffBot.Core.Handoffs;

/// <summary>
/// The handoff aggregate: one closed-won deal on its way from the AE to the CSM. Every change goes
/// through a guarded method that checks everything first and only then mutates, so a refused
/// command (a <see cref="DomainException"/>) leaves the handoff exactly as it was. Every change
/// appends to the audit trail; at every moment there is exactly one <see cref="Owner"/>.
/// </summary>
public sealed partial class Handoff
{
#pragma warning disable IDE0044 // not readonly: the store's JSON deserializer sets these
    [JsonInclude] private List<Note> notes = [];
    [JsonInclude] private List<Transcript> transcripts = [];
    [JsonInclude] private List<AuditEntry> audit = [];
    [JsonInclude] private List<Question> questions = [];
    [JsonInclude] private List<Rejection> rejections = [];
    [JsonInclude] private List<PollAnswer> pollAnswers = [];
    [JsonInclude] private List<OutcomeRecord> outcomes = [];
    [JsonInclude] private Dictionary<string, MessageRef> messages = [];
    [JsonInclude] private List<string> gaps = [];
    [JsonInclude] private Dictionary<string, Brief.DraftDecision> draftDecisions = [];
#pragma warning restore IDE0044

    [JsonConstructor]
    private Handoff()
    {
    }

    [JsonInclude] public string Id { get; private set; } = "";

    /// <summary>Persistence concurrency token: the store refuses a save whose version is stale.</summary>
    [JsonIgnore] public int Version { get; private set; }

    [JsonInclude] public DateTimeOffset CreatedAt { get; private set; }
    [JsonInclude] public DateTimeOffset UpdatedAt { get; private set; }
    [JsonInclude] public Deal Deal { get; private set; } = null!;
    [JsonInclude] public DealContext Context { get; private set; } = DealContext.Empty;

    /// <summary>The playbook segment the deal was routed to.</summary>
    [JsonInclude] public string Segment { get; private set; } = "";

    [JsonInclude] public Routing Routing { get; private set; } = null!;
    [JsonInclude] public Stage Stage { get; private set; }
    [JsonInclude] public DateTimeOffset StageEnteredAt { get; private set; }
    [JsonInclude] public Owner Owner { get; private set; } = null!;
    [JsonInclude] public DateTimeOffset? DueAt { get; private set; }

    [JsonInclude] public DateTimeOffset? ContextSubmittedAt { get; private set; }
    [JsonInclude] public int? CompletenessAtReview { get; private set; }
    [JsonInclude] public DateTimeOffset? AcceptedAt { get; private set; }
    [JsonInclude] public string? AcceptedBy { get; private set; }
    [JsonInclude] public DateTimeOffset? AeSyncedAt { get; private set; }
    [JsonInclude] public DateTimeOffset? CsmSyncedAt { get; private set; }
    [JsonInclude] public DateTimeOffset? IntroSentAt { get; private set; }
    [JsonInclude] public DateOnly? KickoffBookedFor { get; private set; }
    [JsonInclude] public DateOnly? KickoffHeldOn { get; private set; }
    [JsonInclude] public DateTimeOffset? KickoffRecordedAt { get; private set; }

    /// <summary>The AI brief drafted from the deal's notes and transcripts (suggestions only).</summary>
    [JsonInclude] public Brief.BriefDraft? Draft { get; private set; }

    [JsonIgnore] public IReadOnlyList<Note> Notes => notes;
    [JsonIgnore] public IReadOnlyList<Transcript> Transcripts => transcripts;
    [JsonIgnore] public IReadOnlyList<AuditEntry> Audit => audit;
    [JsonIgnore] public IReadOnlyList<Question> Questions => questions;
    [JsonIgnore] public IReadOnlyList<Rejection> Rejections => rejections;
    [JsonIgnore] public IReadOnlyList<PollAnswer> PollAnswers => pollAnswers;
    [JsonIgnore] public IReadOnlyList<OutcomeRecord> Outcomes => outcomes;
    [JsonIgnore] public IReadOnlyDictionary<string, MessageRef> Messages => messages;

    /// <summary>Known problems an admin should see (e.g. the AE is not in the directory).</summary>
    [JsonIgnore] public IReadOnlyList<string> Gaps => gaps;

    /// <summary>The AE's accept/discard decision per draft item id; items without one are still open suggestions.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, Brief.DraftDecision> DraftDecisions => draftDecisions;

    [JsonIgnore] public int SourceCount => notes.Count + transcripts.Count;

    [JsonIgnore] public bool IsAccepted => AcceptedAt is not null;

    /// <summary>Opens a handoff for a closed-won deal and puts it in front of its AE (stage 2), within the default <see cref="SourceLimit"/>.</summary>
    public static Handoff Open(
        string id,
        Deal deal,
        DealContext context,
        IEnumerable<Note> notes,
        IEnumerable<Transcript> transcripts,
        string segment,
        Routing routing,
        IEnumerable<string> gaps,
        IStageClock clock) =>
        Open(id, deal, context, notes, transcripts, segment, routing, gaps, clock, SourceLimit.Default, out _);

    /// <summary>
    /// Opens a handoff for a closed-won deal and puts it in front of its AE (stage 2). Notes and
    /// transcripts that do not fit under <paramref name="limit"/> are not added: the deal is taken
    /// in without them, they come back in <paramref name="refused"/> and the audit trail says so.
    /// </summary>
    public static Handoff Open(
        string id,
        Deal deal,
        DealContext context,
        IEnumerable<Note> notes,
        IEnumerable<Transcript> transcripts,
        string segment,
        Routing routing,
        IEnumerable<string> gaps,
        IStageClock clock,
        SourceLimit limit,
        out IReadOnlyList<RefusedSource> refused)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(limit);
        var now = clock.Now;
        var handoff = new Handoff
        {
            Id = id,
            CreatedAt = now,
            UpdatedAt = now,
            Deal = deal,
            Context = context,
            Segment = segment,
            Routing = routing,
            Stage = Stage.Intake,
            StageEnteredAt = now,
            Owner = Owner.System(now),
        };
        var fit = handoff.Fit(notes, transcripts, limit);
        handoff.notes.AddRange(fit.Notes);
        handoff.transcripts.AddRange(fit.Transcripts);
        handoff.gaps.AddRange(gaps);
        handoff.Record(now, Actor.SystemEmail, new HandoffOpened(), $"Closed-won deal {deal.CrmId} taken in; segment {segment}.");
        handoff.RecordRefused(fit.Refused, limit, now);
        refused = fit.Refused;
        foreach (var gap in handoff.gaps)
        {
            handoff.Record(now, Actor.SystemEmail, new GapRecorded(), gap);
        }

        handoff.Enter(Stage.ContextCapture, new Owner(routing.AeOwnerEmail, routing.AeOwnerRole, now), clock, Actor.SystemEmail);
        return handoff;
    }

    /// <summary>Called by the store after a successful save.</summary>
    public void OnSaved(int version) => Version = version;

    /// <summary>Moves to a stage with its owner and clock, recording the move.</summary>
    private void Enter(Stage stage, Owner owner, IStageClock clock, string actor)
    {
        Stage = stage;
        StageEnteredAt = clock.Now;
        Owner = owner;
        DueAt = clock.DueFor(this);
        var due = DueAt is { } d ? $"; due {d:yyyy-MM-dd HH:mm}Z" : "";
        // The due time in force rides along, machine-readable, so metrics can tell breaches from the audit alone.
        Record(clock.Now, actor, new StageEntered(stage, owner.Email, owner.Role, DueAt), $"{stage.Display()}: owner {owner.Email} ({owner.Role}){due}.");
    }

    private void Record(DateTimeOffset at, string actor, HandoffEvent change, string? details = null)
    {
        audit.Add(AuditEntry.Of(at, actor, change, details));
        if (at > UpdatedAt)
        {
            UpdatedAt = at;
        }
    }

    private void RequireStage(string action, params Stage[] allowed)
    {
        if (!allowed.Contains(Stage))
        {
            var expected = string.Join(" or ", allowed.Select(s => s.Display()));
            throw new HandoffRuleException("wrong-stage",
                $"Cannot {action}: handoff {Id} is in {Stage.Display()}, not {expected}.");
        }
    }

    private Owner AeOwner(DateTimeOffset now) => new(Routing.AeOwnerEmail, Routing.AeOwnerRole, now);

    private Owner CsmOwner(DateTimeOffset now) => Deal.CsmEmail is { } csm
        ? new Owner(csm, OwnerRole.Csm, now)
        : new Owner(Routing.CsLeadEmail, OwnerRole.CsLead, now);

    /// <summary>The AE side: the deal's AE, whoever owns the AE stages, or a RevOps admin.</summary>
    public bool IsAeSide(Actor actor) =>
        actor.Is(Deal.AeEmail) || actor.Is(Routing.AeOwnerEmail) || actor.Has(PersonRole.RevOpsAdmin);

    /// <summary>The CS side: the assigned CSM, the CS lead, or whoever currently owns a CS stage.</summary>
    public bool IsCsSide(Actor actor) =>
        actor.Is(Deal.CsmEmail) || actor.Is(Routing.CsLeadEmail) || actor.Has(PersonRole.CsLead)
        || (actor.Is(Owner.Email) && Owner.Role is OwnerRole.Csm or OwnerRole.CsLead)
        || (Deal.CsmEmail is null && actor.Has(PersonRole.Csm)); // an unassigned handoff can be claimed by any CSM

    private void RequireAeSide(Actor actor, string action)
    {
        if (!IsAeSide(actor) && !actor.IsSystem)
        {
            throw new NotAllowedException($"Only the AE on {Deal.AccountName} can {action}.");
        }
    }

    private void RequireCsSide(Actor actor, string action)
    {
        if (!IsCsSide(actor) && !actor.IsSystem)
        {
            throw new NotAllowedException($"Only the assigned CSM or the CS lead can {action} for {Deal.AccountName}.");
        }
    }
}
