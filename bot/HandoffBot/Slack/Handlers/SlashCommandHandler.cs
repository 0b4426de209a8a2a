using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// <c>/handoff help | mine | status &lt;account&gt; | who-owns &lt;account&gt;</c>: read-only answers,
/// so they are given in the response itself, visible only to the person (ephemeral).
/// </summary>
public sealed class SlashCommandHandler(ChatCommandService commands, SlackPeople people, ICardRenderer cards)
{
    public const string Command = "/handoff";

    public async Task<IResult> HandleAsync(string text, string userId, CancellationToken ct)
    {
        var person = await people.PersonAsync(userId, ct);
        var card = person is null
            ? await cards.RenderErrorAsync(ChatPlatform.Slack, BlockActionHandler.NotInDirectory, ct)
            : await cards.RenderAsync(ChatPlatform.Slack, await commands.ExecuteAsync(person.Email, text, ct), person.Email, ct);
        var answer = new JsonObject { ["response_type"] = "ephemeral", ["text"] = card.Text };
        if (card.Payload["blocks"] is JsonArray blocks)
        {
            answer["blocks"] = blocks.DeepClone();
        }

        return Results.Json(answer);
    }
}
