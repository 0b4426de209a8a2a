using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace HandoffBot.Gong;

/// <summary>A call as HandoffBot keeps it: Gong's transcript and parties in one JSON document (see <see cref="GongClient.GetCallAsync"/>).</summary>
public sealed record GongCall(string CallId, DateTimeOffset? Started, string Document, int Monologues);

/// <summary>Gong answered with an error the caller should see (the job retries, and shows this message in /api/jobs).</summary>
public sealed class GongApiException(HttpStatusCode? status, string message, bool permanent = false) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Retrying cannot help (Gong refused the request itself).</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// Reads one call from Gong: <c>POST /v2/calls/transcript</c> (every page, by <c>records.cursor</c>)
/// and the parties of <c>POST /v2/calls/extensive</c>, with Basic auth base64(accessKey:secret).
/// Call, speaker and user ids stay strings throughout (they exceed 2^53). Retries, Retry-After and
/// the 3-a-second limit live in the HTTP pipeline (<see cref="GongResilience"/>).
/// </summary>
public sealed class GongClient(IHttpClientFactory clients, IOptions<GongOptions> options)
{
    public const string HttpClientName = "gong";

    /// <summary>
    /// The call's transcript and parties as one document: <c>{"source":"gong","callId",
    /// "callTranscripts":[{"callId","transcript":[…]}],"calls":[{"metaData","parties":[…]}]}</c>, with
    /// Gong's own JSON for monologues, metadata and parties (unknown fields kept, numbers as written).
    /// </summary>
    public async Task<GongCall> GetCallAsync(string callId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var filter = new JsonObject { ["callIds"] = new JsonArray(callId) };
        var monologues = new JsonArray();
        string? cursor = null;
        var pages = 0;
        do
        {
            var body = new JsonObject { ["filter"] = filter.DeepClone() };
            if (cursor is not null)
            {
                body["cursor"] = cursor;
            }

            using var page = await PostAsync("v2/calls/transcript", body, callId, ct);
            var root = page.RootElement;
            if (root.TryGetProperty("callTranscripts", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    if (call.ValueKind == JsonValueKind.Object && IdOf(call, "callId") == callId
                        && call.TryGetProperty("transcript", out var transcript) && transcript.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var monologue in transcript.EnumerateArray())
                        {
                            monologues.Add(JsonNode.Parse(monologue.GetRawText()));
                        }
                    }
                }
            }

            cursor = root.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Object
                && records.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(c.GetString())
                ? c.GetString()
                : null;
        }
        while (cursor is not null && ++pages < 1000);

        var extensive = new JsonObject
        {
            ["filter"] = filter.DeepClone(),
            ["contentSelector"] = new JsonObject { ["exposedFields"] = new JsonObject { ["parties"] = true } },
        };
        using var details = await PostAsync("v2/calls/extensive", extensive, callId, ct);
        var callInfo = new JsonObject();
        DateTimeOffset? started = null;
        if (details.RootElement.TryGetProperty("calls", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in list.EnumerateArray())
            {
                var meta = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("metaData", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                if (meta.ValueKind != JsonValueKind.Object || IdOf(meta, "id") != callId)
                {
                    continue;
                }

                callInfo["metaData"] = JsonNode.Parse(meta.GetRawText());
                if (call.TryGetProperty("parties", out var parties) && parties.ValueKind == JsonValueKind.Array)
                {
                    callInfo["parties"] = JsonNode.Parse(parties.GetRawText());
                }

                if (meta.TryGetProperty("started", out var s) && s.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(s.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    started = at;
                }
            }
        }

        var document = new JsonObject
        {
            ["source"] = "gong",
            ["callId"] = callId,
            ["callTranscripts"] = new JsonArray(new JsonObject { ["callId"] = callId, ["transcript"] = monologues }),
            ["calls"] = callInfo.Count > 0 ? new JsonArray(callInfo) : new JsonArray(),
        };
        return new GongCall(callId, started, document.ToJsonString(), monologues.Count);
    }

    private async Task<JsonDocument> PostAsync(string path, JsonObject body, string callId, CancellationToken ct)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUri, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccessKey}:{settings.AccessKeySecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var http = clients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var status = response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            // Gong's error body is not kept: it may echo the request. The status says enough.
            throw status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new GongApiException(status, $"Gong refused the access key on /{path} ({(int)status}): check Gong__AccessKey, Gong__AccessKeySecret and the key's scopes (api:calls:read:transcript, api:calls:read:extensive)."),
                HttpStatusCode.NotFound => new GongApiException(status, $"Gong has no call {callId} on /{path} (404) — or its transcript is not ready yet; check the call id and Gong__ApiBaseUrl (your tenant's)."),
                HttpStatusCode.TooManyRequests => new GongApiException(status, $"Gong's rate limit on /{path} (429, Retry-After {response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s); retried later."),
                HttpStatusCode.BadRequest => new GongApiException(status, $"Gong refused the request for call {callId} on /{path} (400): the id is not one of this tenant's calls.", permanent: true),
                _ => new GongApiException(status, $"Gong answered {(int)status} on /{path}; retried later."),
            };
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        try
        {
            return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 64 }, ct);
        }
        catch (JsonException)
        {
            throw new GongApiException(status, $"Gong's answer on /{path} was not JSON; retried later.");
        }
    }

    /// <summary>An id exactly as Gong wrote it, string or number (never through a double).</summary>
    private static string? IdOf(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
}
