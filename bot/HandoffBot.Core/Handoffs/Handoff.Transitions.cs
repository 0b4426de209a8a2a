using HandoffBot.Core.Grammar;

namespace HandoffBot.Core.Handoffs;

public sealed partial class Handoff
{
    /// <summary>The AE (or their stand-in) edits the deal context. Allowed until CS accepts.</summary>
    public void UpdateContext(DealContext context, Actor actor, IStageClock clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequireStage("edit the deal context", Stage.ContextCapture, Stage.CsReview);
        RequireAeSide(actor, "edit the deal context");
        var changed = ContextGrammar.ChangedFields(Context, context);
        if (changed.Count == 0)
        {
            return;
        }

        Context = context;
        Record(clock.Now, actor.Email, "context.updated", "Changed: " + string.Join(", ", changed.Select(f => f.Key())) + ".");
    }

    /// <summary>The AE fills in the customer's time zone (IANA id) when the CRM did not send one. Allowed until CS accepts.</summary>
    public void SetCustomerTimeZone(string zone, Actor actor, IStageClock clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        RequireStage("edit the deal context", Stage.ContextCapture, Stage.CsReview);
        RequireAeSide(actor, "edit the deal context");
        if (!ContextValues.TryParseTimeZone(zone, out var iana))
        {
            throw new ValidationFailedException([new FieldError(ContextField.CustomerTimeZone.Key(), ContextValues.TimeZoneHint)]);
        }

        if (string.Equals(Deal.CustomerTimeZone, iana, StringComparison.Ordinal))
        {
            return;
        }

        Deal = Deal with { CustomerTimeZone = iana };
        Record(clock.Now, actor.Email, "context.updated", "Changed: customerTimeZone.");
    }

    /// <summary>The AE confirms the context: every required field must be there. Stage 2 → 3.</summary>
    public void SubmitContext(Actor actor, IReadOnlyList<FieldRule> rules, IStageClock clock)
    {
        RequireStage("send the handoff to CS", Stage.ContextCapture);
        RequireAeSide(actor, "send the handoff to CS");
        var completeness = CompletenessCalculator.Compute(Deal, Context, SourceCount, rules);
        if (!completeness.IsComplete)
        {
            throw new HandoffRuleException("incomplete",
                "Still missing: " + string.Join(", ", completeness.Missing.Select(f => f.Label())) + ".");
        }

        var now = clock.Now;
        ContextSubmittedAt ??= now;
        CompletenessAtReview = completeness.Score;
        Record(now, actor.Email, "context.submitted", $"Context confirmed at {completeness.Score}% complete.");
        Enter(Stage.CsReview, CsmOwner(now), clock, actor.Email);
    }

    /// <summary>The explicit ownership transfer point: the CSM accepts. Stage 3 → 4.</summary>
    public void Accept(Actor actor, IStageClock clock)
    {
        RequireStage("accept the handoff", Stage.CsReview);
        RequireCsSide(actor, "accept the handoff");
        var becomesCsm = Deal.CsmEmail is null;
        if (becomesCsm && !actor.Has(PersonRole.Csm))
        {
            throw new HandoffRuleException("no-csm", $"Assign a CSM to {Deal.AccountName} before accepting.");
        }

        var now = clock.Now;
        if (becomesCsm)
        {
            Deal = Deal with { CsmEmail = actor.Email };
            Record(now, actor.Email, "csm.assigned", $"{actor.Email} took the account by accepting.");
        }

        AcceptedAt = now;
        AcceptedBy = actor.Email;
        Record(now, actor.Email, "cs.accepted", $"Accepted by {actor.Email}; {Deal.CsmEmail} owns the customer.");
        Enter(Stage.InternalHandoff, AeOwner(now), clock, actor.Email);
    }

    /// <summary>CS sends the handoff back to the AE with a reason. Stage 3 → 2.</summary>
    public void Reject(RejectionReason reason, string comment, Actor actor, IStageClock clock)
    {
        RequireStage("reject the handoff", Stage.CsReview);
        RequireCsSide(actor, "reject the handoff");
        if (!Enum.IsDefined(reason))
        {
            throw new ValidationFailedException([new FieldError("reason", "Choose a reason.")]);
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ValidationFailedException([new FieldError("comment", "Say what the AE should fix.")]);
        }

        var now = clock.Now;
        rejections.Add(new Rejection(reason, comment.Trim(), actor.Email, now));
        Record(now, actor.Email, "cs.rejected", comment.Trim(), new Dictionary<string, string> { ["reason"] = reason.ToString() });
        Enter(Stage.ContextCapture, AeOwner(now), clock, actor.Email);
    }

    /// <summary>A CS lead or admin assigns (or re-assigns) the CSM. Ownership follows in CS-owned stages.</summary>
    public void AssignCsm(string csmEmail, Actor actor, IStageClock clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csmEmail);
        RequireOpen("assign a CSM");
        if (!actor.Has(PersonRole.CsLead) && !actor.Has(PersonRole.RevOpsAdmin) && !actor.IsSystem)
        {
            throw new NotAllowedException("Only a CS lead or a RevOps admin can assign the CSM.");
        }

        var email = Emails.Normalize(csmEmail);
        if (string.Equals(email, Deal.CsmEmail, StringComparison.Ordinal))
        {
            return;
        }

        var now = clock.Now;
        var previous = Deal.CsmEmail;
        Deal = Deal with { CsmEmail = email };
        Record(now, actor.Email, "csm.assigned", previous is null ? $"CSM: {email}." : $"CSM: {previous} → {email}.");
        if (IsCsStage(Stage))
        {
            TransferOwner(new Owner(email, OwnerRole.Csm, now), actor.Email, "CSM assigned");
        }
    }

    /// <summary>A CS lead or admin hands the current stage to somebody else.</summary>
    public void Reassign(string ownerEmail, Actor actor, string? reason, IStageClock clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerEmail);
        RequireOpen("reassign");
        if (!actor.Has(PersonRole.CsLead) && !actor.Has(PersonRole.RevOpsAdmin) && !actor.IsSystem)
        {
            throw new NotAllowedException("Only a CS lead or a RevOps admin can reassign a handoff.");
        }

        var email = Emails.Normalize(ownerEmail);
        if (string.Equals(email, Owner.Email, StringComparison.Ordinal))
        {
            return;
        }

        var now = clock.Now;
        OwnerRole role;
        if (IsCsStage(Stage))
        {
            Deal = Deal with { CsmEmail = email };
            role = OwnerRole.Csm;
        }
        else
        {
            Routing = Routing with { AeOwnerEmail = email, AeOwnerRole = OwnerRole.AccountExecutive };
            role = OwnerRole.AccountExecutive;
        }

        TransferOwner(new Owner(email, role, now), actor.Email, reason ?? "reassigned");
    }

    /// <summary>The owner left or is unreachable: the stage falls to somebody else (manager, RevOps), recorded.</summary>
    public void FallBackTo(string ownerEmail, OwnerRole role, string why, IStageClock clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerEmail);
        RequireOpen("change the owner");
        var email = Emails.Normalize(ownerEmail);
        if (!IsCsStage(Stage))
        {
            Routing = Routing with { AeOwnerEmail = email, AeOwnerRole = role };
        }
        else if (Owner.Role is OwnerRole.CsLead)
        {
            Routing = Routing with { CsLeadEmail = email };
        }

        TransferOwner(new Owner(email, role, clock.Now), Actor.SystemEmail, why);
    }

    /// <summary>Stages CS owns; the others (context capture, internal handoff, warm intro) the AE side owns.</summary>
    public static bool IsCsStage(Stage stage) => stage is Stage.CsReview or Stage.Kickoff or Stage.Onboarding or Stage.Outcome;

    private void TransferOwner(Owner owner, string actor, string why)
    {
        var previous = Owner.Email;
        Owner = owner;
        Record(owner.Since, actor, "owner.changed", $"{previous} → {owner.Email} ({owner.Role}): {why}.",
            new Dictionary<string, string> { ["owner"] = owner.Email, ["ownerRole"] = owner.Role.ToString() });
    }

    private void RequireOpen(string action)
    {
        if (Stage is Stage.Outcome)
        {
            throw new HandoffRuleException("closed", $"Cannot {action}: {Deal.AccountName} has reached its outcome.");
        }
    }

    /// <summary>CS asks the AE a question about the deal; the answer threads back.</summary>
    public Question AskAe(string text, Actor actor, string questionId, IStageClock clock)
    {
        RequireStage("ask the AE", Stage.CsReview, Stage.InternalHandoff);
        RequireCsSide(actor, "ask the AE");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationFailedException([new FieldError("question", "Type a question for the AE.")]);
        }

        var question = new Question(questionId, text.Trim(), actor.Email, clock.Now);
        questions.Add(question);
        Record(clock.Now, actor.Email, "question.asked", question.Text, new Dictionary<string, string> { ["question"] = questionId });
        return question;
    }

    public Question AnswerQuestion(string questionId, string answer, Actor actor, IStageClock clock)
    {
        var index = questions.FindIndex(q => q.Id == questionId);
        if (index < 0)
        {
            throw new HandoffRuleException("no-such-question", $"There is no question {questionId} on this handoff.");
        }

        RequireAeSide(actor, "answer CS's question");
        if (!questions[index].IsOpen)
        {
            throw new HandoffRuleException("already-answered", "That question has already been answered.");
        }

        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new ValidationFailedException([new FieldError("answer", "Type an answer.")]);
        }

        var answered = questions[index] with { Answer = answer.Trim(), AnsweredBy = actor.Email, AnsweredAt = clock.Now };
        questions[index] = answered;
        Record(clock.Now, actor.Email, "question.answered", answered.Answer, new Dictionary<string, string> { ["question"] = questionId });
        return answered;
    }

    /// <summary>AE and CSM each confirm the internal sync happened; both → stage 5.</summary>
    public void ConfirmInternalSync(SyncMode mode, Actor actor, IStageClock clock)
    {
        RequireStage("confirm the internal handoff", Stage.InternalHandoff);
        var isAe = IsAeSide(actor);
        var isCsm = actor.Is(Deal.CsmEmail) || (IsCsSide(actor) && !isAe);
        if (!isAe && !isCsm)
        {
            throw new NotAllowedException("Only the AE and the CSM confirm the internal handoff.");
        }

        var now = clock.Now;
        if (isAe)
        {
            AeSyncedAt ??= now;
        }

        if (isCsm)
        {
            CsmSyncedAt ??= now;
        }

        Record(now, actor.Email, "sync.confirmed", mode == SyncMode.Meeting ? "Meeting held." : "Async Q&A done.",
            new Dictionary<string, string> { ["mode"] = mode.ToString(), ["side"] = isAe && isCsm ? "both" : isAe ? "ae" : "csm" });
        if (AeSyncedAt is not null && CsmSyncedAt is not null)
        {
            Enter(Stage.WarmIntro, AeOwner(now), clock, actor.Email);
        }
    }

    /// <summary>The AE confirms the warm introduction went to the customer. Stage 5 → 6.</summary>
    public void MarkIntroSent(Actor actor, IStageClock clock)
    {
        RequireStage("confirm the intro", Stage.WarmIntro);
        RequireAeSide(actor, "confirm the intro");
        var now = clock.Now;
        IntroSentAt = now;
        Record(now, actor.Email, "intro.sent", "Warm introduction sent to the customer.");
        Enter(Stage.Kickoff, CsmOwner(now), clock, actor.Email);
    }

    /// <summary>Somebody booked the kickoff for a date; no stage change.</summary>
    public void BookKickoff(DateOnly date, Actor actor, IStageClock clock)
    {
        RequireStage("book the kickoff", Stage.WarmIntro, Stage.Kickoff);
        if (!IsAeSide(actor) && !IsCsSide(actor))
        {
            throw new NotAllowedException("Only the AE or the CSM can book the kickoff.");
        }

        if (date < Deal.CloseDate)
        {
            throw new ValidationFailedException([new FieldError("date", "The kickoff cannot be before the deal closed.")]);
        }

        KickoffBookedFor = date;
        Record(clock.Now, actor.Email, "kickoff.booked", $"Kickoff booked for {date:yyyy-MM-dd}.");
    }

    /// <summary>The CSM records the kickoff as held. Stage 6 → 7.</summary>
    public void RecordKickoffHeld(DateOnly heldOn, Actor actor, IStageClock clock)
    {
        RequireStage("record the kickoff", Stage.Kickoff);
        RequireCsSide(actor, "record the kickoff");
        var today = DateOnly.FromDateTime(clock.Now.UtcDateTime);
        if (heldOn > today.AddDays(1) || heldOn < Deal.CloseDate)
        {
            throw new ValidationFailedException([new FieldError("date", "The kickoff date must be between the close date and today.")]);
        }

        KickoffHeldOn = heldOn;
        KickoffRecordedAt = clock.Now;
        Record(clock.Now, actor.Email, "kickoff.held", $"Kickoff held on {heldOn:yyyy-MM-dd}.");
        Enter(Stage.Onboarding, CsmOwner(clock.Now), clock, actor.Email);
    }

    /// <summary>The CSM answers the post-sale poll due <paramref name="answer"/>.DayOffset days after kickoff.</summary>
    public void AnswerPoll(PollAnswer answer, Actor actor, IStageClock clock)
    {
        ArgumentNullException.ThrowIfNull(answer);
        RequireStage("answer a poll", Stage.Onboarding, Stage.Outcome);
        RequireCsSide(actor, "answer the post-sale poll");
        var errors = new List<FieldError>();
        if (answer.ExpectationsRealistic is < 1 or > 5)
        {
            errors.Add(new FieldError("expectationsRealistic", "Pick 1 to 5."));
        }

        if (!Enum.IsDefined(answer.MatchedWhatWasSold))
        {
            errors.Add(new FieldError("matchedWhatWasSold", "Pick yes, partly or no."));
        }

        if (!Enum.IsDefined(answer.ChurnRisk))
        {
            errors.Add(new FieldError("churnRisk", "Pick low, medium or high."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        if (pollAnswers.Any(p => p.DayOffset == answer.DayOffset))
        {
            throw new HandoffRuleException("already-answered", $"The day-{answer.DayOffset} poll has already been answered.");
        }

        var stored = answer with { By = actor.Email, At = clock.Now };
        pollAnswers.Add(stored);
        Record(clock.Now, actor.Email, "poll.answered", $"Day {answer.DayOffset}: matched {answer.MatchedWhatWasSold}, expectations {answer.ExpectationsRealistic}/5, churn risk {answer.ChurnRisk}.",
            new Dictionary<string, string> { ["day"] = answer.DayOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), ["matched"] = answer.MatchedWhatWasSold.ToString() });
        if (answer.FirstValueOn is { } firstValue && !outcomes.Any(o => o.Kind == OutcomeKind.FirstValue))
        {
            outcomes.Add(new OutcomeRecord(OutcomeKind.FirstValue, firstValue, actor.Email, clock.Now, "from poll"));
            Record(clock.Now, actor.Email, "outcome.recorded", $"First value reached on {firstValue:yyyy-MM-dd} (poll).");
        }
    }

    /// <summary>First value, renewal, expansion or churn (from a poll, the CSM or the CRM). Moves to stage 8.</summary>
    public void RecordOutcome(OutcomeKind kind, DateOnly on, string? details, Actor actor, IStageClock clock)
    {
        RequireStage("record an outcome", Stage.Kickoff, Stage.Onboarding, Stage.Outcome);
        RequireCsSide(actor, "record an outcome");
        if (!Enum.IsDefined(kind))
        {
            throw new ValidationFailedException([new FieldError("kind", "Pick first value, renewal, expansion or churn.")]);
        }

        if (on < Deal.CloseDate)
        {
            throw new ValidationFailedException([new FieldError("date", "An outcome cannot be before the deal closed.")]);
        }

        outcomes.Add(new OutcomeRecord(kind, on, actor.Email, clock.Now, details));
        Record(clock.Now, actor.Email, "outcome.recorded", $"{kind} on {on:yyyy-MM-dd}.", new Dictionary<string, string> { ["kind"] = kind.ToString() });
        if (Stage != Stage.Outcome)
        {
            Enter(Stage.Outcome, CsmOwner(clock.Now), clock, actor.Email);
        }
    }

    /// <summary>A reminder or escalation went out for the current stage (the SLA policy calls this).</summary>
    public void RecordSlaEvent(string eventName, string details, IReadOnlyDictionary<string, string>? data, IStageClock clock)
    {
        if (eventName is not ("sla.reminder" or "sla.escalated" or "sla.snoozed" or "sla.breached" or "delivery.failed"
            or "sync.requested" or "intro.posted" or "poll.sent" or "poll.reminded"))
        {
            throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "Not an SLA event.");
        }

        Record(clock.Now, Actor.SystemEmail, eventName, details, data);
    }

    /// <summary>Pushes the current stage's due time (Snooze); recorded.</summary>
    public void Snooze(DateTimeOffset until, Actor actor, IStageClock clock)
    {
        RequireOpen("snooze");
        if (!actor.Has(PersonRole.CsLead) && !actor.Has(PersonRole.RevOpsAdmin) && !actor.Has(PersonRole.Manager) && !actor.Has(PersonRole.SalesLeader) && !actor.IsSystem)
        {
            throw new NotAllowedException("Only a manager, CS lead or RevOps admin can snooze a clock.");
        }

        if (until <= clock.Now)
        {
            throw new ValidationFailedException([new FieldError("until", "Snooze until a time in the future.")]);
        }

        DueAt = until;
        Record(clock.Now, actor.Email, "sla.snoozed", $"Clock for {Stage.Display()} moved to {until:yyyy-MM-dd HH:mm}Z.",
            WithDue(new Dictionary<string, string> { ["stage"] = Stage.ToString() }));
    }

    /// <summary>Somebody the owner answers to asks them to act now (the escalation's Nudge button). Recorded; the reminder follows.</summary>
    public void Nudge(Actor actor, IStageClock clock)
    {
        RequireOpen("nudge");
        if (!actor.Has(PersonRole.CsLead) && !actor.Has(PersonRole.RevOpsAdmin) && !actor.Has(PersonRole.Manager) && !actor.Has(PersonRole.SalesLeader))
        {
            throw new NotAllowedException("Only a manager, CS lead or RevOps admin can nudge the owner.");
        }

        if (actor.Is(Owner.Email))
        {
            throw new HandoffRuleException("own-handoff", "You own this stage yourself.");
        }

        Record(clock.Now, actor.Email, "sla.nudged", $"{actor.Email} nudged {Owner.Email} about {Stage.Display()}.",
            new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["owner"] = Owner.Email });
    }

    /// <summary>
    /// The playbook's timing changed while this stage's clock runs: the due time is worked out again
    /// under the new rules (a snoozed clock keeps the time somebody chose) and the change recorded,
    /// which makes the planners re-plan reminders, escalations, the intro and the polls. Returns
    /// false when there is nothing to do: the stage began under the new playbook already, or this
    /// playbook version was applied before.
    /// </summary>
    public bool ApplyPlaybookClock(IStageClock clock, string fingerprint, DateTimeOffset changedAt)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        var visit = audit.FindLastIndex(a => a.Event == "stage.entered");
        var applied = audit.FindLastIndex(a => a.Event == "sla.replanned");
        if (StageEnteredAt > changedAt
            || (applied >= 0 && audit[applied].Data?.GetValueOrDefault("playbook") == fingerprint))
        {
            return false;
        }

        var snoozed = audit.Skip(visit + 1).Any(a => a.Event == "sla.snoozed");
        var before = DueAt;
        if (!snoozed)
        {
            DueAt = clock.DueFor(this);
        }

        var due = DueAt == before ? "due time unchanged" : $"due {Describe(before)} → {Describe(DueAt)}";
        Record(clock.Now, Actor.SystemEmail, "sla.replanned", $"Playbook timing changed; {Stage.Display()} re-planned ({due}).",
            WithDue(new Dictionary<string, string> { ["stage"] = Stage.ToString(), ["playbook"] = fingerprint }));
        return true;

        static string Describe(DateTimeOffset? at) => at is { } d ? $"{d:yyyy-MM-dd HH:mm}Z" : "none";
    }

    /// <summary>Remembers a message the bot posted (to update it in place later).</summary>
    public void RememberMessage(string key, MessageRef message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        messages[key] = message;
    }
}
