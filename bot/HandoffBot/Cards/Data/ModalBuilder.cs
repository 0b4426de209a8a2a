using System.Globalization;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Models;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Data;

/// <summary>The data of the Slack modals (<see cref="SlackModals"/>).</summary>
public static class ModalBuilder
{
    public static object Build(CardContext ctx, string modal, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        var item = ctx.State.Values?.GetValueOrDefault("item") ?? "";
        var deal = Pieces.Deal(ctx, h);
        var notice = ctx.Notice(errorsLead: false);
        return modal switch
        {
            SlackModals.Reject => new RejectModalData(deal, Pieces.Choices<RejectionReason>(), notice),
            SlackModals.Ask => new AskModalData(deal, ctx.Person(h.Routing.AeOwnerEmail, "AE"), notice),
            SlackModals.Answer => new AnswerModalData(deal, h.Questions.FirstOrDefault(q => q.Id == item) is { } q ? Pieces.Question(ctx, q) : null, item, notice),
            SlackModals.Reassign => new ReassignModalData(deal, Pieces.Clock(ctx, h), notice),
            SlackModals.Kickoff => new KickoffModalData(deal, h.KickoffBookedFor?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", notice),
            SlackModals.Poll => new FormModalData(deal, item, TextSafety.SlackPlain($"{item}-day check", 24), Inputs(ctx, PollForm.Inputs()), notice),
            SlackModals.Context => new FormModalData(deal, item, "Deal context", Inputs(ctx, ContextForm.Inputs(h, ctx.State)), notice),
            _ => throw new ArgumentException($"No Slack modal named '{modal}'.", nameof(modal)),
        };
    }

    /// <summary>The inputs with what the person typed and the checks' messages (as the hint).</summary>
    private static List<SlackInputData> Inputs(CardContext ctx, IEnumerable<CardInput> inputs)
    {
        var errors = (ctx.State.Errors ?? []).GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)), StringComparer.Ordinal);
        return
        [
            .. inputs.Where(i => i.Kind != "heading")
                .Select(i => i with
                {
                    Value = ctx.State.Values?.GetValueOrDefault(i.Id) ?? i.Value,
                    Error = errors.GetValueOrDefault(i.Id) ?? i.Error,
                })
                .Select(i => new SlackInputData(
                    i.Kind,
                    i.Id,
                    TextSafety.SlackPlain(i.Label, 2000),
                    TextSafety.SlackPlain(i.Error.Length > 0 ? "⚠️ " + i.Error : i.Hint, 2000),
                    i.Optional || i.Kind == "toggle",
                    SlackElements.For(i))),
        ];
    }
}

/// <summary>
/// A Slack input's Block Kit element, its type following the input's kind (select, date picker,
/// checkbox, text) with the saved value pre-set. Built here rather than in the template because a
/// template repeats one shape per list item: per-kind shapes there would come out grouped by kind,
/// tearing a stakeholder's role away from their name.
/// </summary>
public static class SlackElements
{
    /// <summary>Slack's limit for a plain_text_input (max_length and initial_value).</summary>
    public const int SlackMaxInputLength = 3000;

    public static JsonObject For(CardInput i)
    {
        ArgumentNullException.ThrowIfNull(i);
        static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };
        var placeholder = TextSafety.SlackPlain(i.Placeholder, 150);
        switch (i.Kind)
        {
            case "choice":
            {
                var options = i.Choices.Take(100).Select(c => new JsonObject { ["text"] = Plain(TextSafety.SlackPlain(c.Title, 75)), ["value"] = c.Value }).ToList();
                var element = new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = i.Id,
                    ["placeholder"] = Plain(placeholder.Length > 0 ? placeholder : "Choose…"),
                    ["options"] = new JsonArray([.. options]),
                };
                if (options.FirstOrDefault(o => o["value"]!.GetValue<string>() == i.Value) is { } selected)
                {
                    element["initial_option"] = selected.DeepClone();
                }

                return element;
            }

            case "date":
            {
                var element = new JsonObject { ["type"] = "datepicker", ["action_id"] = i.Id };
                if (DateOnly.TryParseExact(i.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    element["initial_date"] = i.Value;
                }

                return element;
            }

            case "toggle":
            {
                var yes = new JsonObject { ["text"] = Plain("Yes"), ["value"] = "true" };
                var element = new JsonObject { ["type"] = "checkboxes", ["action_id"] = i.Id, ["options"] = new JsonArray(yes) };
                if (i.Value == "true")
                {
                    element["initial_options"] = new JsonArray(yes.DeepClone());
                }

                return element;
            }

            default:
            {
                var value = TextSafety.Plain(i.Value, SlackMaxInputLength);
                var element = new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = i.Id,
                    ["multiline"] = i.Multiline,
                    // Never less than what is stored (a webhook or CRM may send more than the form's own limit): a shorter
                    // limit shows the value cut, and the cut text is saved back over the whole.
                    ["max_length"] = Math.Min(Math.Max(i.MaxLength > 0 ? i.MaxLength : SlackMaxInputLength, value.Length), SlackMaxInputLength),
                };
                if (value.Length > 0)
                {
                    element["initial_value"] = value;
                }

                if (placeholder.Length > 0)
                {
                    element["placeholder"] = Plain(placeholder);
                }

                return element;
            }
        }
    }
}
