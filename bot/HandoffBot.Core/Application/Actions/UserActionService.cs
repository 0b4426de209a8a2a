// STAND-IN by the Slack adapter until the lead's UserActionService lands: replace this file wholesale.
using HandoffBot.Core.Handoffs;
namespace HandoffBot.Core.Application.Actions;
public sealed class UserActionService(HandoffService handoffs)
{
    public async Task<ActionResult> ExecuteAsync(UserAction action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            Handoff h;
            switch (action.Verb)
            {
                case ActionVerbs.BriefAccept: h = await handoffs.AcceptAsync(action.HandoffId, action.ActorEmail, ct); break;
                case ActionVerbs.BriefReject:
                    var errors = new List<FieldError>();
                    if (!Enum.TryParse<RejectionReason>(action.Input(ActionInputs.Reason), true, out var reason)) errors.Add(new FieldError(ActionInputs.Reason, "Pick a reason."));
                    if (action.Input(ActionInputs.Comment) is null) errors.Add(new FieldError(ActionInputs.Comment, "Say why."));
                    if (errors.Count > 0) return new ActionResult(ActionStatus.Invalid, null, "Check the form.", errors);
                    h = await handoffs.RejectAsync(action.HandoffId, action.ActorEmail, reason, action.Input(ActionInputs.Comment)!, ct); break;
                case ActionVerbs.BriefAsk: h = (await handoffs.AskAeAsync(action.HandoffId, action.ActorEmail, action.Input(ActionInputs.Question) ?? "?", ct)).Handoff; break;
                case ActionVerbs.QuestionAnswer: h = (await handoffs.AnswerAsync(action.HandoffId, action.ActorEmail, action.ItemId ?? "", action.Input(ActionInputs.Answer) ?? "", ct)).Handoff; break;
                default: return new ActionResult(ActionStatus.NotFound, null, "Unknown.", []);
            }
            return new ActionResult(ActionStatus.Done, h, "Done.", []);
        }
        catch (NotAllowedException ex) { return new ActionResult(ActionStatus.NotAllowed, null, ex.Message, []); }
        catch (ValidationFailedException ex) { return new ActionResult(ActionStatus.Invalid, null, ex.Message, ex.Errors); }
        catch (HandoffNotFoundException ex) { return new ActionResult(ActionStatus.NotFound, null, ex.Message, []); }
        catch (DomainException ex) { return new ActionResult(ActionStatus.Stale, null, ex.Message, []); }
    }
}
