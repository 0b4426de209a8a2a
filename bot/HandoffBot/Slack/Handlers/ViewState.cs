using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// Reads input values out of a Slack <c>state.values</c> object (<c>{block_id: {action_id: element}}</c>)
/// by input id (= block_id), whatever the element type.
/// </summary>
public static class ViewState
{
    public static Dictionary<string, string?> Read(JsonNode? state)
    {
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (state.Obj("values") is not { } values)
        {
            return inputs;
        }

        foreach (var (blockId, block) in values)
        {
            if (block is not JsonObject elements)
            {
                continue;
            }

            foreach (var (_, element) in elements)
            {
                if (element is JsonObject e)
                {
                    inputs[blockId] = ValueOf(e);
                    break;
                }
            }
        }

        return inputs;
    }

    private static string? ValueOf(JsonObject element) => element.Str("type") switch
    {
        "static_select" or "radio_buttons" or "external_select" => element.Obj("selected_option").Str("value"),
        "checkboxes" or "multi_static_select" or "multi_external_select" => Options(element["selected_options"]),
        "datepicker" => element.Str("selected_date"),
        "timepicker" => element.Str("selected_time"),
        "users_select" => element.Str("selected_user"),
        "conversations_select" => element.Str("selected_conversation"),
        "channels_select" => element.Str("selected_channel"),
        "multi_users_select" => Strings(element["selected_users"]),
        _ => element.Str("value"),
    };

    /// <summary>Several chosen options, one value per line (the context form's list format).</summary>
    private static string? Options(JsonNode? selected)
    {
        if (selected is not JsonArray list)
        {
            return null;
        }

        var chosen = list.OfType<JsonObject>().Select(o => o.Str("value")).OfType<string>().ToList();
        return chosen.Count == 0 ? null : string.Join('\n', chosen);
    }

    private static string? Strings(JsonNode? selected) =>
        selected is JsonArray list && list.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()).ToList() is { Count: > 0 } all
            ? string.Join('\n', all)
            : null;
}
