using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffBot.Demo.Slack;

/// <summary>
/// How a Slack Web API method reads its arguments (form-encoded or JSON) and shapes its answer
/// (<c>{ok:true,…}</c> / <c>{ok:false,error}</c>): one copy for the demo's Slack API and the test suite's
/// fake Slack server, which links this file into its own assembly.
/// </summary>
internal static class SlackWireJson
{
    public static async Task<JsonObject> ReadArgsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var args = new JsonObject();
            foreach (var (key, value) in form)
            {
                args[key] = value.ToString();
            }

            return args;
        }

        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static JsonObject Ok(JsonObject body)
    {
        body["ok"] = true;
        return body;
    }

    public static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };
}
