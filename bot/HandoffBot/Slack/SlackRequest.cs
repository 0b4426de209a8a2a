using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Hosting;
using HandoffBot.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

/// <summary>
/// Reads and verifies a Slack request: the raw body (bounded), then the v0 signature over those
/// exact bytes with the timestamp checked against the injected clock. Fails closed without a secret.
/// </summary>
public static class SlackRequest
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    /// <summary>The verified body, or the answer to send instead (401/413).</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(HttpContext http, SlackOptions settings, TimeProvider time, ILogger logger)
    {
        var body = await BodyReader.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return (null, Problems.TooLarge(settings.MaxBodyBytes));
        }

        var check = RequestSignature.Verify(
            settings.SigningSecret,
            "v0",
            http.Request.Headers[TimestampHeader],
            http.Request.Headers[SignatureHeader],
            body,
            time.GetUtcNow(),
            TimeSpan.FromSeconds(settings.TimestampToleranceSeconds));
        if (check == SignatureCheck.Valid)
        {
            return (body, null);
        }

        if (check == SignatureCheck.NoSecretConfigured)
        {
            SlackLog.NoSecret(logger);
        }
        else
        {
            SlackLog.BadSignature(logger, check.ToString(), http.Connection.RemoteIpAddress?.ToString());
        }

        return (null, Problems.Unauthorized(check switch
        {
            SignatureCheck.NoSecretConfigured => "Slack is not configured on this server (no signing secret), so it refuses every request.",
            SignatureCheck.Missing => $"Slack requests carry {TimestampHeader} and {SignatureHeader}.",
            SignatureCheck.Stale or SignatureCheck.BadTimestamp => $"{TimestampHeader} is malformed or more than {settings.TimestampToleranceSeconds} seconds from the server's time.",
            _ => "The signature does not match the body.",
        }));
    }

    /// <summary>A form-encoded body as fields (last value wins); null when it is not valid UTF-8 form data.</summary>
    public static Dictionary<string, string>? Form(byte[] body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(text.StartsWith('?') ? text : "?" + text))
        {
            fields[key] = value.LastOrDefault() ?? "";
        }

        return fields;
    }

    /// <summary>A JSON object, or null for anything else (not JSON, an array, too deep…).</summary>
    public static JsonObject? JsonObjectOf(ReadOnlySpan<byte> utf8)
    {
        if (!HandoffBot.Hosting.WholeJsonText.HasOnlyWholeCharacters(utf8))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static JsonObject? JsonObjectOf(string text) => JsonObjectOf(Encoding.UTF8.GetBytes(text));

    /// <summary>A string property; null when absent or not a string.</summary>
    public static string? Str(this JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonObject? Obj(this JsonNode? node, string key) => node is JsonObject o ? o[key] as JsonObject : null;
}
