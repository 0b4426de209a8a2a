using HandoffBot.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// A modal submitted (<c>callback_id</c> = verb, <c>private_metadata</c> = <c>"handoffId|item"</c>).
/// Answered inside the request because Slack shows validation errors from the response:
/// invalid inputs → <c>response_action: errors</c> keyed by block id; success closes the modal and
/// the message it belongs to is updated from the inbox. Looking the person up in Slack has the
/// request's budget; past it the modal stays open with a message to submit again.
/// </summary>
public sealed class ViewSubmissionHandler(UserActionService actions, SlackPeople people, IJobInbox inbox, SlackRequestBudget budgets, TimeProvider time, ILogger<ViewSubmissionHandler> logger)
{
    public const string RefreshJob = "slack.refresh";

    /// <summary>Shown in the modal when Slack does not say who the person is within the request's budget: nothing is lost, the modal stays open.</summary>
    public const string SlowSlack = "Slack is slow to tell us who you are right now: please press Submit again in a moment (what you typed is kept).";

    public async Task<IResult> HandleAsync(JsonObject payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var view = payload.Obj("view");
        var verb = view.Str("callback_id");
        var userId = payload.Obj("user").Str("id");
        if (view is null || verb is null || userId is null || !ActionVerbs.All.Contains(verb))
        {
            SlackLog.Unhandled(logger, "view_submission", verb ?? "(none)");
            return Results.Ok();
        }

        var blocks = InputBlocks(view);
        Core.People.Person? person;
        using (var budget = budgets.Start(ct))
        {
            try
            {
                person = await people.PersonAsync(userId, budget.Token);
            }
            catch (Exception ex) when (budget.GaveUp(ex))
            {
                return Errors(blocks, [(null, SlowSlack)]);
            }
        }

        if (person is null)
        {
            return Errors(blocks, [(null, BlockActionHandler.NotInDirectory)]);
        }

        var (handoffId, item) = SlackActionIds.Target(view.Str("private_metadata"));
        var result = await actions.ExecuteAsync(new UserAction(verb, handoffId, person.Email, ViewState.Read(view["state"]), item), ct);
        SlackLog.ActionDone(logger, verb, handoffId, userId, result.Status.ToString());
        if (result.Status != ActionStatus.Done)
        {
            var errors = result.Errors.Count > 0
                ? result.Errors.Select(e => ((string?)e.Field, e.Message)).ToList()
                : [(null, result.Message)];
            return Errors(blocks, errors);
        }

        var refresh = new JsonObject { ["verb"] = verb, ["handoffId"] = handoffId, ["item"] = item, ["banner"] = result.Message };
        // View id and hash are Slack's, but only the signature vouches for their length: hash them into a bounded key.
        var seed = Encoding.UTF8.GetBytes($"{view.Str("id")}:{view.Str("hash")}:{time.GetUtcNow().ToUnixTimeMilliseconds()}");
        var key = "slack:refresh:" + Convert.ToHexString(SHA256.HashData(seed));
        try
        {
            await inbox.AcceptAsync(ScheduledJob.Create(RefreshJob, handoffId, time.GetUtcNow(), key, time.GetUtcNow(), refresh.ToJsonString()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The action itself is done and stored; only the message refresh is lost. Close the modal anyway.
            SlackLog.Failed(logger, ex, "refresh");
        }

        return Results.Ok();
    }

    /// <summary>The view's input block ids, in order: Slack only accepts errors for blocks the view has.</summary>
    private static List<string> InputBlocks(JsonObject view) =>
        view["blocks"] is JsonArray list
            ? [.. list.OfType<JsonObject>().Where(b => b.Str("type") == "input").Select(b => b.Str("block_id")).OfType<string>()]
            : [];

    private static IResult Errors(List<string> blocks, IEnumerable<(string? Field, string Message)> errors)
    {
        if (blocks.Count == 0)
        {
            // Nothing to attach the message to: keep the modal open unchanged.
            return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject() });
        }

        var byBlock = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (field, message) in errors)
        {
            var block = field is not null && blocks.Contains(field) ? field : blocks[0];
            (byBlock.TryGetValue(block, out var list) ? list : byBlock[block] = []).Add(message);
        }

        var json = new JsonObject();
        foreach (var (block, messages) in byBlock)
        {
            json[block] = string.Join(" ", messages);
        }

        return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = json });
    }
}
