using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Application.Actions;

/// <summary>
/// A person's action on a card, the same on every platform: the adapters turn a Teams
/// <c>Action.Execute</c> or a Slack button / modal submission into this and hand it to
/// <see cref="UserActionService"/>.
/// </summary>
/// <param name="Verb">One of <see cref="ActionVerbs"/>.</param>
/// <param name="HandoffId">The handoff the card is about.</param>
/// <param name="ActorEmail">Who acted (resolved from the platform identity through the directory).</param>
/// <param name="Inputs">The card's input values by input id (<see cref="ActionInputs"/>); absent or empty = not given.</param>
/// <param name="ItemId">The item the button is about: a question id, a draft suggestion id, a poll's day offset.</param>
public sealed record UserAction(string Verb, string HandoffId, string ActorEmail, IReadOnlyDictionary<string, string?> Inputs, string? ItemId = null)
{
    public string? Input(string id) =>
        Inputs.TryGetValue(id, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// The verbs every card action carries. Teams: the <c>Action.Execute</c> verb, with
/// <c>data: { "handoffId": …, "item": … }</c>. Slack: the button's <c>action_id</c> (a suffix
/// <c>:n</c> keeps ids unique when a verb repeats) with <c>value</c> <c>"handoffId|item"</c>; a modal's
/// <c>callback_id</c> with <c>private_metadata</c> <c>"handoffId|item"</c>, each input's
/// <c>block_id</c> and <c>action_id</c> equal to its input id.
/// </summary>
public static class ActionVerbs
{
    /// <summary>AE: save what the context form holds (partial is fine).</summary>
    public const string ContextSave = "context.save";

    /// <summary>AE: save and send to CS (refused with per-field errors while required fields are missing).</summary>
    public const string ContextSubmit = "context.submit";

    /// <summary>AE: take an AI suggestion into the context (<see cref="UserAction.ItemId"/> = suggestion id).</summary>
    public const string DraftAccept = "draft.accept";

    /// <summary>AE: drop an AI suggestion (taking it back out if it was accepted).</summary>
    public const string DraftDiscard = "draft.discard";

    public const string BriefAccept = "brief.accept";

    /// <summary>Inputs: <see cref="ActionInputs.Reason"/>, <see cref="ActionInputs.Comment"/>.</summary>
    public const string BriefReject = "brief.reject";

    /// <summary>Input: <see cref="ActionInputs.Question"/>.</summary>
    public const string BriefAsk = "brief.ask";

    /// <summary>AE answers (<see cref="UserAction.ItemId"/> = question id). Input: <see cref="ActionInputs.Answer"/>.</summary>
    public const string QuestionAnswer = "question.answer";

    public const string SlaNudge = "sla.nudge";

    /// <summary>Input: <see cref="ActionInputs.NewOwner"/> (email), optional <see cref="ActionInputs.Comment"/>.</summary>
    public const string SlaReassign = "sla.reassign";

    public const string SlaSnooze = "sla.snooze";

    /// <summary>AE or CSM: the internal handoff happened. Input: <see cref="ActionInputs.SyncMode"/> (meeting | async).</summary>
    public const string SyncConfirm = "sync.confirm";

    public const string IntroSent = "intro.sent";

    /// <summary>Input: <see cref="ActionInputs.KickoffDate"/> (yyyy-MM-dd).</summary>
    public const string KickoffBooked = "kickoff.booked";

    /// <summary>CSM: the kickoff took place. Input: <see cref="ActionInputs.KickoffDate"/> (defaults to today).</summary>
    public const string KickoffHeld = "kickoff.held";

    /// <summary>CSM answers the post-sale poll (<see cref="UserAction.ItemId"/> = day offset). Inputs: the poll.* ids.</summary>
    public const string PollAnswer = "poll.answer";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ContextSave, ContextSubmit, DraftAccept, DraftDiscard, BriefAccept, BriefReject, BriefAsk, QuestionAnswer,
        SlaNudge, SlaReassign, SlaSnooze, SyncConfirm, IntroSent, KickoffBooked, KickoffHeld, PollAnswer,
    };
}

/// <summary>
/// Input ids on the cards and modals (Adaptive Card <c>Input.*</c> ids; Slack block_id = action_id).
/// The context form's ids are the playbook's field keys; list fields take one item per line
/// (<see cref="ContextFormReader"/> documents each line's format); repeating rows use
/// <c>stakeholders.0.name</c>-style ids.
/// </summary>
public static class ActionInputs
{
    public const string Reason = "reason";
    public const string Comment = "comment";
    public const string Question = "question";
    public const string Answer = "answer";
    public const string NewOwner = "newOwner";
    public const string SyncMode = "syncMode";
    public const string KickoffDate = "kickoffDate";

    public const string PollMatch = "poll.match";
    public const string PollExpectations = "poll.expectations";
    public const string PollFirstValue = "poll.firstValue";
    public const string PollChurnRisk = "poll.churnRisk";
    public const string PollComment = "poll.comment";

    /// <summary>"true" confirms the list field is empty on purpose ("no special terms"): <c>none.commitments</c>, <c>none.risks</c>, <c>none.specialTerms</c>.</summary>
    public static string None(ContextField field) => "none." + field.Key();

    /// <summary>A repeating row's input: <c>Row("stakeholders", 0, "name")</c> = <c>stakeholders.0.name</c>.</summary>
    public static string Row(string list, int index, string part) => FormattableString.Invariant($"{list}.{index}.{part}");
}

public enum ActionStatus
{
    /// <summary>Done; <see cref="ActionResult.Handoff"/> is the new state to render.</summary>
    Done,

    /// <summary>Inputs failed validation; nothing changed. <see cref="ActionResult.Errors"/> name the inputs.</summary>
    Invalid,

    /// <summary>The actor may not do this; nothing changed. Tell them politely, only them.</summary>
    NotAllowed,

    /// <summary>Not possible in the handoff's current state (e.g. already accepted); nothing changed.</summary>
    Stale,

    /// <summary>No such handoff, question, suggestion or verb.</summary>
    NotFound,
}

/// <param name="Message">One sentence for the person who acted (confirmation or refusal).</param>
public sealed record ActionResult(ActionStatus Status, Handoff? Handoff, string Message, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Status == ActionStatus.Done;
}
