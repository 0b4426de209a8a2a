using System.Globalization;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Core.Application.Actions;

/// <summary>
/// The one place a card action becomes a domain command, for every platform: reads the inputs, runs the
/// guarded command as the person who acted, and answers with the new state or a refusal that changed
/// nothing (wrong person, wrong stage, bad input). One method per verb; never throws for a person's input.
/// </summary>
public sealed class UserActionService(HandoffService handoffs, SlaActions sla, IPeopleDirectory directory, TimeProvider time)
{
    public async Task<ActionResult> ExecuteAsync(UserAction action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (string.IsNullOrWhiteSpace(action.HandoffId) || action.HandoffId.Length > 100)
        {
            return new ActionResult(ActionStatus.NotFound, null, "This card is not about a handoff the bot knows.", []);
        }

        try
        {
            return action.Verb switch
            {
                ActionVerbs.ContextSave => await SaveContextAsync(action, ct),
                ActionVerbs.ContextSubmit => await SubmitContextAsync(action, ct),
                ActionVerbs.DraftAccept => await DecideDraftAsync(action, DraftDecision.Accepted, ct),
                ActionVerbs.DraftDiscard => await DecideDraftAsync(action, DraftDecision.Discarded, ct),
                ActionVerbs.BriefAccept => Done(await handoffs.AcceptAsync(action.HandoffId, action.ActorEmail, ct), "You accepted the handoff: it is yours now."),
                ActionVerbs.BriefReject => await RejectAsync(action, ct),
                ActionVerbs.BriefAsk => await AskAsync(action, ct),
                ActionVerbs.QuestionAnswer => await AnswerAsync(action, ct),
                ActionVerbs.SlaNudge => Done(await sla.NudgeAsync(action.HandoffId, action.ActorEmail, ct), "The owner has been reminded."),
                ActionVerbs.SlaSnooze => await SnoozeAsync(action, ct),
                ActionVerbs.SlaReassign => await ReassignAsync(action, ct),
                ActionVerbs.SyncConfirm => await ConfirmSyncAsync(action, ct),
                ActionVerbs.IntroSent => Done(await handoffs.MarkIntroSentAsync(action.HandoffId, action.ActorEmail, ct), "Noted: the introduction went out. The kickoff is next."),
                ActionVerbs.KickoffBooked => await BookKickoffAsync(action, ct),
                ActionVerbs.KickoffHeld => await KickoffHeldAsync(action, ct),
                ActionVerbs.PollAnswer => await AnswerPollAsync(action, ct),
                _ => new ActionResult(ActionStatus.NotFound, null, "The bot does not know this button. The card may be from an older version; ask for a fresh one with \"status\".", []),
            };
        }
        catch (NotAllowedException ex)
        {
            return new ActionResult(ActionStatus.NotAllowed, await CurrentAsync(action, ct), ex.Message, []);
        }
        catch (ValidationFailedException ex)
        {
            return Invalid(await CurrentAsync(action, ct), [.. ex.Errors.Select(e => e with { Field = InputIdOf(action.Verb, e.Field) })]);
        }
        catch (HandoffNotFoundException)
        {
            return new ActionResult(ActionStatus.NotFound, null, "That handoff no longer exists.", []);
        }
        catch (HandoffRuleException ex) when (ex.Code is "no-such-question" or "no-such-suggestion")
        {
            return new ActionResult(ActionStatus.NotFound, await CurrentAsync(action, ct), ex.Message, []);
        }
        catch (DomainException ex)
        {
            return new ActionResult(ActionStatus.Stale, await CurrentAsync(action, ct), ex.Message, []);
        }
    }

    private async Task<ActionResult> SaveContextAsync(UserAction action, CancellationToken ct)
    {
        var (handoff, errors) = await SaveFormAsync(action, ct);
        if (errors.Count > 0)
        {
            return Invalid(handoff, errors);
        }

        var completeness = handoffs.CompletenessOf(handoff);
        return Done(handoff, completeness.IsComplete
            ? "Saved. Everything CS needs is there: send it to CS when you are ready."
            : $"Saved. {completeness.Score}% complete; still missing: {Missing(completeness)}.");
    }

    /// <summary>Saves what the form holds (even when the handoff cannot go yet: nothing typed is lost), then sends it to CS.</summary>
    private async Task<ActionResult> SubmitContextAsync(UserAction action, CancellationToken ct)
    {
        var (handoff, errors) = await SaveFormAsync(action, ct);
        if (errors.Count > 0)
        {
            return Invalid(handoff, errors);
        }

        var completeness = handoffs.CompletenessOf(handoff);
        if (!completeness.IsComplete)
        {
            return Invalid(handoff, [.. completeness.Missing.Select(f => new FieldError(f.Key(), $"{f.Label()} is needed before the handoff goes to CS."))]);
        }

        var submitted = await handoffs.SubmitContextAsync(action.HandoffId, action.ActorEmail, ct);
        return Done(submitted, "Sent to CS. The CSM has the brief and a clock to accept it.");
    }

    private async Task<(Handoff Handoff, IReadOnlyList<FieldError> Errors)> SaveFormAsync(UserAction action, CancellationToken ct)
    {
        var current = await handoffs.GetAsync(action.HandoffId, ct) ?? throw new HandoffNotFoundException(action.HandoffId);
        if (!ContextFormReader.CarriesForm(action.Inputs))
        {
            return (current, []);
        }

        IReadOnlyList<FieldError> errors = [];
        var saved = await handoffs.ExecuteAsync(action.HandoffId, action.ActorEmail, (h, actor, clock) =>
        {
            var read = ContextFormReader.Read(h.Context, action.Inputs, h.Deal.CloseDate);
            errors = read.Errors;
            if (!read.IsValid)
            {
                // Still refuse a stranger or a closed stage before talking about their input.
                h.UpdateContext(h.Context, actor, clock);
                return;
            }

            h.UpdateContext(read.Context, actor, clock);
            if (read.CustomerTimeZone is { } zone)
            {
                h.SetCustomerTimeZone(zone, actor, clock);
            }
        }, ct);
        return (saved, errors);
    }

    private async Task<ActionResult> DecideDraftAsync(UserAction action, DraftDecision decision, CancellationToken ct)
    {
        if (action.ItemId is not { Length: > 0 and <= 100 } item)
        {
            return new ActionResult(ActionStatus.NotFound, await CurrentAsync(action, ct), "This button does not name a suggestion.", []);
        }

        var handoff = await handoffs.ExecuteAsync(action.HandoffId, action.ActorEmail, (h, actor, clock) => h.DecideDraftItem(item, decision, actor, clock), ct);
        return Done(handoff, decision == DraftDecision.Accepted ? "Suggestion taken into the deal context." : "Suggestion discarded.");
    }

    private async Task<ActionResult> RejectAsync(UserAction action, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!ContextFormReader.TryChoice<RejectionReason>(action.Input(ActionInputs.Reason), out var reason))
        {
            errors.Add(new FieldError(ActionInputs.Reason, "Pick a reason, so the AE knows what to fix."));
        }

        var comment = action.Input(ActionInputs.Comment);
        if (comment is null)
        {
            errors.Add(new FieldError(ActionInputs.Comment, "Say what is missing or wrong."));
        }
        else if (comment.Length > 1000)
        {
            errors.Add(new FieldError(ActionInputs.Comment, "Keep it under 1,000 characters."));
        }

        if (errors.Count > 0)
        {
            return Invalid(await CurrentAsync(action, ct), errors);
        }

        var handoff = await handoffs.RejectAsync(action.HandoffId, action.ActorEmail, reason, comment!, ct);
        return Done(handoff, "Sent back to the AE with your reason.");
    }

    private async Task<ActionResult> AskAsync(UserAction action, CancellationToken ct)
    {
        if (action.Input(ActionInputs.Question) is not { } text)
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.Question, "Type a question for the AE.")]);
        }

        if (text.Length > 1000)
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.Question, "Keep the question under 1,000 characters.")]);
        }

        var (handoff, _) = await handoffs.AskAeAsync(action.HandoffId, action.ActorEmail, text, ct);
        return Done(handoff, "Your question went to the AE; the answer will come back here.");
    }

    private async Task<ActionResult> AnswerAsync(UserAction action, CancellationToken ct)
    {
        if (action.ItemId is not { Length: > 0 and <= 100 } questionId)
        {
            return new ActionResult(ActionStatus.NotFound, await CurrentAsync(action, ct), "This button does not name a question.", []);
        }

        if (action.Input(ActionInputs.Answer) is not { } answer)
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.Answer, "Type an answer.")]);
        }

        if (answer.Length > 2000)
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.Answer, "Keep the answer under 2,000 characters.")]);
        }

        var (handoff, _) = await handoffs.AnswerAsync(action.HandoffId, action.ActorEmail, questionId, answer, ct);
        return Done(handoff, "Thanks: your answer went back to CS.");
    }

    private async Task<ActionResult> SnoozeAsync(UserAction action, CancellationToken ct)
    {
        var handoff = await sla.SnoozeAsync(action.HandoffId, action.ActorEmail, ct);
        return Done(handoff, handoff.DueAt is { } due
            ? $"Snoozed: the clock now runs to {due.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC."
            : "Snoozed.");
    }

    private async Task<ActionResult> ReassignAsync(UserAction action, CancellationToken ct)
    {
        var email = action.Input(ActionInputs.NewOwner);
        if (email is null || !Emails.IsValid(email))
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.NewOwner, "Give the new owner's email address.")]);
        }

        var person = await directory.FindAsync(email, ct);
        if (person is null)
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.NewOwner, $"{email} is not in the people directory, so the bot could not reach them. Add them first.")]);
        }

        var reason = action.Input(ActionInputs.Comment) is { } comment ? comment[..Math.Min(comment.Length, 500)] : null;
        var handoff = await handoffs.ReassignAsync(action.HandoffId, action.ActorEmail, person.Email, reason ?? $"reassigned by {action.ActorEmail}", ct);
        return Done(handoff, $"Reassigned: {person.Name} owns this stage now.");
    }

    private async Task<ActionResult> ConfirmSyncAsync(UserAction action, CancellationToken ct)
    {
        var raw = action.Input(ActionInputs.SyncMode) ?? action.ItemId;
        if (!ContextFormReader.TryChoice<SyncMode>(raw, out var mode))
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.SyncMode, "Say how you synced: a meeting or async.")]);
        }

        var handoff = await handoffs.ConfirmSyncAsync(action.HandoffId, action.ActorEmail, mode, ct);
        return Done(handoff, handoff.Stage == Stage.InternalHandoff
            ? "Thanks: waiting for the other side to confirm too."
            : "Internal handoff done. The warm introduction is next.");
    }

    private async Task<ActionResult> BookKickoffAsync(UserAction action, CancellationToken ct)
    {
        if (!ContextFormReader.TryDate(action.Input(ActionInputs.KickoffDate), out var date))
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.KickoffDate, "Pick the kickoff date.")]);
        }

        var handoff = await handoffs.BookKickoffAsync(action.HandoffId, action.ActorEmail, date, ct);
        return Done(handoff, $"Kickoff booked for {date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.");
    }

    private async Task<ActionResult> KickoffHeldAsync(UserAction action, CancellationToken ct)
    {
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (action.Input(ActionInputs.KickoffDate) is { } raw && !ContextFormReader.TryDate(raw, out date))
        {
            return Invalid(await CurrentAsync(action, ct), [new FieldError(ActionInputs.KickoffDate, "Use a date like 2027-03-31.")]);
        }

        var handoff = await handoffs.RecordKickoffHeldAsync(action.HandoffId, action.ActorEmail, date, ct);
        return Done(handoff, "Kickoff recorded. Onboarding starts; the post-sale checks are scheduled.");
    }

    private async Task<ActionResult> AnswerPollAsync(UserAction action, CancellationToken ct)
    {
        if (!int.TryParse(action.ItemId, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 3650)
        {
            return new ActionResult(ActionStatus.NotFound, await CurrentAsync(action, ct), "This button does not name a poll.", []);
        }

        var errors = new List<FieldError>();
        if (!ContextFormReader.TryChoice<DealMatch>(action.Input(ActionInputs.PollMatch), out var match))
        {
            errors.Add(new FieldError(ActionInputs.PollMatch, "Pick yes, partly or no."));
        }

        if (!int.TryParse(action.Input(ActionInputs.PollExpectations), NumberStyles.None, CultureInfo.InvariantCulture, out var expectations) || expectations is < 1 or > 5)
        {
            errors.Add(new FieldError(ActionInputs.PollExpectations, "Pick 1 to 5."));
        }

        DateOnly? firstValue = null;
        if (action.Input(ActionInputs.PollFirstValue) is { } rawDate)
        {
            if (ContextFormReader.TryDate(rawDate, out var d) && d <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1))
            {
                firstValue = d;
            }
            else
            {
                errors.Add(new FieldError(ActionInputs.PollFirstValue, "Use a date up to today, or leave it empty if not yet."));
            }
        }

        if (!ContextFormReader.TryChoice<Severity>(action.Input(ActionInputs.PollChurnRisk), out var churn))
        {
            errors.Add(new FieldError(ActionInputs.PollChurnRisk, "Pick low, medium or high."));
        }

        var comment = action.Input(ActionInputs.PollComment);
        if (comment is { Length: > 1000 })
        {
            errors.Add(new FieldError(ActionInputs.PollComment, "Keep it under 1,000 characters."));
        }

        if (errors.Count > 0)
        {
            return Invalid(await CurrentAsync(action, ct), errors);
        }

        var answer = new PollAnswer(day, match, expectations, firstValue, churn, comment, action.ActorEmail, time.GetUtcNow());
        var handoff = await handoffs.AnswerPollAsync(action.HandoffId, action.ActorEmail, answer, ct);
        return Done(handoff, match == DealMatch.Yes
            ? "Thanks: answer recorded."
            : "Thanks: answer recorded, and the AE and their manager hear about the mismatch now.");
    }

    private static ActionResult Done(Handoff handoff, string message) => new(ActionStatus.Done, handoff, message, []);

    private static ActionResult Invalid(Handoff? handoff, IReadOnlyList<FieldError> errors) =>
        new(ActionStatus.Invalid, handoff, errors.Count == 1 ? errors[0].Message : $"{errors.Count} fields need a look.", errors);

    private static string Missing(Completeness completeness) => string.Join(", ", completeness.Missing.Select(f => f.Label().ToLowerInvariant()));

    private async Task<Handoff?> CurrentAsync(UserAction action, CancellationToken ct) => await handoffs.GetAsync(action.HandoffId, ct);

    /// <summary>The domain names some fields by their meaning ("date"); the cards by their input id.</summary>
    private static string InputIdOf(string verb, string field) => (verb, field) switch
    {
        (ActionVerbs.KickoffBooked or ActionVerbs.KickoffHeld, "date") => ActionInputs.KickoffDate,
        (ActionVerbs.PollAnswer, "expectationsRealistic") => ActionInputs.PollExpectations,
        (ActionVerbs.PollAnswer, "matchedWhatWasSold") => ActionInputs.PollMatch,
        (ActionVerbs.PollAnswer, "churnRisk") => ActionInputs.PollChurnRisk,
        _ => field,
    };
}
