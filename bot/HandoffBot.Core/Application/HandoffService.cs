using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Application;

/// <summary>
/// The use cases: load a handoff, resolve who is acting, run one guarded domain command, and save
/// it together with the jobs it caused (transactional outbox). A concurrent save makes the command
/// run again on the fresh handoff, so two people acting at once never lose either change.
/// </summary>
public sealed class HandoffService(
    IHandoffStore store,
    IPeopleDirectory directory,
    IPlaybookProvider playbooks,
    IEnumerable<IJobPlanner> planners,
    IJobSignal signal,
    TimeProvider time,
    SourceLimit? sourceLimit = null)
{
    private const int MaxAttempts = 5;

    // Commands on the same handoff queue up in this process instead of racing to a version conflict;
    // the store's version check still guards against other processes.
    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public Playbook Playbook => playbooks.Current;

    /// <summary>The cap on notes and transcripts per deal that every intake path applies.</summary>
    public SourceLimit SourceLimit { get; } = sourceLimit ?? SourceLimit.Default;

    public Task<Handoff?> GetAsync(string id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<Handoff>> QueryAsync(HandoffQuery query, CancellationToken ct = default) => store.QueryAsync(query, ct);

    public Completeness CompletenessOf(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        return CompletenessCalculator.Compute(handoff.Deal, handoff.Context, handoff.SourceCount, FieldRules(handoff));
    }

    public IReadOnlyList<FieldRule> FieldRules(Handoff handoff) => Playbook.SegmentNamed(handoff.Segment).Fields;

    /// <summary>Takes a closed-won deal in; the same CRM id again updates the same handoff.</summary>
    public async Task<IntakeResult> IntakeAsync(DealIntake intake, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(intake);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.FindByCrmIdAsync(intake.Deal.CrmId, ct);
            if (existing is not null)
            {
                var changed = Array.Empty<string>() as IReadOnlyList<string>;
                var notAdded = Array.Empty<RefusedSource>() as IReadOnlyList<RefusedSource>;
                var updated = await ExecuteAsync(existing.Id, (h, clock) =>
                {
                    changed = h.ApplyCrmUpdate(intake.Deal, intake.Context, intake.Notes, intake.Transcripts, clock, SourceLimit, out var refused);
                    notAdded = refused;
                }, ct);
                return new IntakeResult(updated, false, changed, notAdded);
            }

            var (handoff, refusedAtOpen) = await OpenAsync(intake, ct);
            try
            {
                await SaveAsync(handoff, 0, ct);
                return new IntakeResult(handoff, true, [], refusedAtOpen);
            }
            catch (DuplicateCrmIdException) when (attempt < MaxAttempts)
            {
                // Another intake of the same deal won the race: apply ours as an update.
            }
        }
    }

    private async Task<(Handoff, IReadOnlyList<RefusedSource>)> OpenAsync(DealIntake intake, CancellationToken ct)
    {
        var playbook = Playbook;
        var segment = playbook.SegmentFor(intake.Deal);
        var gaps = new List<string>();
        var deal = intake.Deal with
        {
            AeEmail = Emails.Normalize(intake.Deal.AeEmail),
            CsmEmail = intake.Deal.CsmEmail is { } c ? Emails.Normalize(c) : null,
        };
        var ae = await directory.FindAsync(deal.AeEmail, ct);
        var routing = ae is not null
            ? new Routing(ae.Email, OwnerRole.AccountExecutive, segment.CsLead ?? playbook.CsLead)
            : new Routing(playbook.RevOpsFallback, OwnerRole.RevOps, segment.CsLead ?? playbook.CsLead);
        if (ae is null)
        {
            gaps.Add($"AE {deal.AeEmail} is not in the people directory; {playbook.RevOpsFallback} (RevOps) owns context capture until they are added.");
        }

        if (deal.CsmEmail is { } csm && await directory.FindAsync(csm, ct) is null)
        {
            gaps.Add($"CSM {csm} is not in the people directory; they cannot be reached until they are added.");
        }

        var clock = await ClockAsync(ct);
        var handoff = Handoff.Open(HandoffIds.New(), deal, intake.Context, intake.Notes, intake.Transcripts, segment.Name, routing, gaps, clock, SourceLimit, out var refused);
        return (handoff, refused);
    }

    public Task<Handoff> UpdateContextAsync(string id, string actorEmail, Func<DealContext, DealContext> edit, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.UpdateContext(edit(h.Context), actor, clock), ct);

    public Task<Handoff> SubmitContextAsync(string id, string actorEmail, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.SubmitContext(actor, FieldRules(h), clock), ct);

    public Task<Handoff> AcceptAsync(string id, string actorEmail, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.Accept(actor, clock), ct);

    public Task<Handoff> RejectAsync(string id, string actorEmail, RejectionReason reason, string comment, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.Reject(reason, comment, actor, clock), ct);

    public Task<Handoff> AssignCsmAsync(string id, string actorEmail, string csmEmail, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.AssignCsm(csmEmail, actor, clock), ct);

    public Task<Handoff> ReassignAsync(string id, string actorEmail, string ownerEmail, string? reason, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.Reassign(ownerEmail, actor, reason, clock), ct);

    public async Task<(Handoff Handoff, Question Question)> AskAeAsync(string id, string actorEmail, string text, CancellationToken ct = default)
    {
        Question? question = null;
        var questionId = "Q" + Guid.NewGuid().ToString("N")[..8];
        var handoff = await ExecuteAsync(id, actorEmail, (h, actor, clock) => question = h.AskAe(text, actor, questionId, clock), ct);
        return (handoff, question!);
    }

    public async Task<(Handoff Handoff, Question Question)> AnswerAsync(string id, string actorEmail, string questionId, string answer, CancellationToken ct = default)
    {
        Question? question = null;
        var handoff = await ExecuteAsync(id, actorEmail, (h, actor, clock) => question = h.AnswerQuestion(questionId, answer, actor, clock), ct);
        return (handoff, question!);
    }

    public Task<Handoff> ConfirmSyncAsync(string id, string actorEmail, SyncMode mode, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.ConfirmInternalSync(mode, actor, clock), ct);

    public Task<Handoff> MarkIntroSentAsync(string id, string actorEmail, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.MarkIntroSent(actor, clock), ct);

    public Task<Handoff> BookKickoffAsync(string id, string actorEmail, DateOnly date, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.BookKickoff(date, actor, clock), ct);

    public Task<Handoff> RecordKickoffHeldAsync(string id, string actorEmail, DateOnly heldOn, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.RecordKickoffHeld(heldOn, actor, clock), ct);

    public Task<Handoff> AnswerPollAsync(string id, string actorEmail, PollAnswer answer, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.AnswerPoll(answer, actor, clock), ct);

    public Task<Handoff> RecordOutcomeAsync(string id, string actorEmail, OutcomeKind kind, DateOnly on, string? details, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.RecordOutcome(kind, on, details, actor, clock), ct);

    public Task<Handoff> SnoozeAsync(string id, string actorEmail, DateTimeOffset until, CancellationToken ct = default) =>
        ExecuteAsync(id, actorEmail, (h, actor, clock) => h.Snooze(until, actor, clock), ct);

    /// <summary>Remembers where a message was posted, so it can be updated in place later. No audit entry.</summary>
    public Task RememberMessageAsync(string id, string key, MessageRef message, CancellationToken ct = default) =>
        ExecuteAsync(id, (h, _, _) =>
        {
            var known = h.Messages.TryGetValue(key, out var existing) && existing == message;
            if (!known)
            {
                h.RememberMessage(key, message);
            }

            return Task.FromResult(!known);
        }, ct);

    /// <summary>
    /// Runs a command as a person from the directory (unknown people act with no roles).
    /// A refused command throws its <see cref="DomainException"/> and nothing is saved.
    /// </summary>
    public Task<Handoff> ExecuteAsync(string id, string actorEmail, Action<Handoff, Actor, IStageClock> command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(id, async (h, clock, token) =>
        {
            var actor = await directory.ActorAsync(actorEmail, token);
            command(h, actor, clock);
            return false;
        }, ct);
    }

    /// <summary>Runs a system command (CRM update, SLA policy).</summary>
    public Task<Handoff> ExecuteAsync(string id, Action<Handoff, IStageClock> command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(id, (h, clock, _) =>
        {
            command(h, clock);
            return Task.FromResult(false);
        }, ct);
    }

    private async Task<Handoff> ExecuteAsync(string id, Func<Handoff, IStageClock, CancellationToken, Task<bool>> command, CancellationToken ct)
    {
        var stripe = stripes[(StringComparer.Ordinal.GetHashCode(id) & int.MaxValue) % stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await ExecuteOnceAsync(id, command, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<Handoff> ExecuteOnceAsync(string id, Func<Handoff, IStageClock, CancellationToken, Task<bool>> command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var handoff = await store.GetAsync(id, ct) ?? throw new HandoffNotFoundException(id);
            var before = handoff.Audit.Count;
            var forceSave = await command(handoff, await ClockAsync(ct), ct);
            if (handoff.Audit.Count == before && !forceSave)
            {
                return handoff;
            }

            try
            {
                await SaveAsync(handoff, before, ct);
                return handoff;
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Somebody else changed it first: run the command again on their version.
            }
        }
    }

    private async Task SaveAsync(Handoff handoff, int firstNewEntry, CancellationToken ct)
    {
        var entries = handoff.Audit.Skip(firstNewEntry).ToList();
        var now = time.GetUtcNow();
        var jobs = planners.SelectMany(p => p.Plan(handoff, entries, firstNewEntry, now)).ToList();
        await store.SaveAsync(handoff, jobs, ct);
        if (jobs.Count > 0)
        {
            signal.Wake();
        }
    }

    /// <summary>A stage clock that counts in each owner's own time zone.</summary>
    public async Task<IStageClock> ClockAsync(CancellationToken ct = default)
    {
        var people = await directory.ListAsync(ct);
        var zones = people.Where(p => p.TimeZone is not null).ToDictionary(p => p.Email, p => p.TimeZone, StringComparer.OrdinalIgnoreCase);
        return new PlaybookStageClock(Playbook, time, email => zones.GetValueOrDefault(email));
    }
}
