using HandoffBot.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// <c>/handoff help | mine | status &lt;account&gt; | who-owns &lt;account&gt;</c>: read-only answers,
/// so they are given in the response itself, visible only to the person (ephemeral). When Slack is
/// too slow to say who the person is within the request's budget, the answer is "working on it"
/// and the command runs from the inbox (<see cref="CommandJob"/>), answering through the response_url.
/// </summary>
public sealed class SlashCommandHandler(
    ChatCommandService commands,
    SlackPeople people,
    ICardRenderer cards,
    SlackRequestBudget budgets,
    IJobInbox inbox,
    SlackApiClient slack,
    IChatApi chat,
    TimeProvider time,
    ILogger<SlashCommandHandler> logger)
{
    public const string Command = "/handoff";
    public const string CommandJob = "slack.command";
    public const string WorkingOnIt = "Working on it… Slack is slow to answer right now; your answer follows here in a moment.";

    public async Task<IResult> HandleAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var userId = form["user_id"];
        Person? person;
        using (var budget = budgets.Start(ct))
        {
            try
            {
                person = await people.PersonAsync(userId, budget.Token);
            }
            catch (Exception ex) when (budget.GaveUp(ex))
            {
                return await LaterAsync(form, ct);
            }
        }

        return Results.Json(Answer(await RenderAsync(person, form.GetValueOrDefault("text") ?? "", ct)));
    }

    /// <summary>The inbox job: the same command, answered through the response_url (or ephemerally in its channel).</summary>
    public async Task AnswerLaterAsync(JsonObject payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Str("user_id") is not { } userId)
        {
            throw new PermanentJobFailure("A stored slash command without a user.");
        }

        var card = await RenderAsync(await people.PersonAsync(userId, ct), payload.Str("text") ?? "", ct);
        if (payload.Str("response_url") is { } url && !string.IsNullOrEmpty(url))
        {
            var answer = Answer(card);
            answer["replace_original"] = true;
            await slack.RespondAsync(url, answer, ct);
        }
        else if (payload.Str("channel_id") is { } channel)
        {
            await chat.PostEphemeralAsync(channel, userId, card.Text, card.Payload, ct);
        }
    }

    private async Task<RenderedCard> RenderAsync(Person? person, string text, CancellationToken ct) =>
        person is null
            ? await cards.RenderErrorAsync(ChatPlatform.Slack, BlockActionHandler.NotInDirectory, ct)
            : await cards.RenderAsync(ChatPlatform.Slack, await commands.ExecuteAsync(person.Email, text, ct), person.Email, ct);

    private async Task<IResult> LaterAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        var payload = new JsonObject();
        foreach (var field in new[] { "user_id", "text", "response_url", "channel_id" })
        {
            payload[field] = form.GetValueOrDefault(field);
        }

        // A response_url is unique to one invocation; Slack does not retry commands, so this guards against doubles only.
        var seed = Encoding.UTF8.GetBytes(payload.ToJsonString() + form.GetValueOrDefault("trigger_id"));
        var key = "slack:command:" + Convert.ToHexStringLower(SHA256.HashData(seed));
        try
        {
            await inbox.AcceptAsync(ScheduledJob.Create(CommandJob, null, time.GetUtcNow(), key, time.GetUtcNow(), payload.ToJsonString()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            SlackLog.Failed(logger, ex, "command");
            return Results.Json(Ephemeral("Slack is slow to answer right now and your command could not be kept: please try again in a minute."));
        }

        return Results.Json(Ephemeral(WorkingOnIt));
    }

    private static JsonObject Answer(RenderedCard card)
    {
        var answer = Ephemeral(card.Text);
        if (card.Payload["blocks"] is JsonArray blocks)
        {
            answer["blocks"] = blocks.DeepClone();
        }

        return answer;
    }

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };
}
