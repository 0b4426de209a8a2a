using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HandoffBot.FakeGong;

/// <summary>One request the bot made: the path, its JSON body as sent (raw text), the Authorization header, when.</summary>
public sealed record FakeGongRequest(string Path, string Body, string? Authorization, DateTimeOffset At);

/// <summary>A scripted answer for the next request to a path: a status (and a Retry-After in seconds) instead of the data.</summary>
public sealed record FakeGongFailure(int Status, int? RetryAfterSeconds = null);

/// <summary>A party of a call (<c>/v2/calls/extensive</c>), ids as strings.</summary>
public sealed record FakeGongParty(string Id, string? SpeakerId, string Name, string? Email, string? Title, string Affiliation);

/// <summary>A monologue: one speaker's sentences, each (start ms, end ms, text).</summary>
public sealed record FakeGongMonologue(string SpeakerId, string? Topic, IReadOnlyList<(long Start, long End, string Text)> Sentences);

public sealed record FakeGongCall(string Id, string Title, DateTimeOffset Started, IReadOnlyList<FakeGongParty> Parties, IReadOnlyList<FakeGongMonologue> Monologues);

/// <summary>
/// Answers <c>POST /v2/calls/transcript</c> and <c>POST /v2/calls/extensive</c> the way Gong's API
/// documentation describes them: Basic auth with the access key and secret (401 otherwise), filter by
/// <c>callIds</c> (strings of up to 20 digits), pages of <see cref="PageSize"/> monologues chained by
/// <c>records.cursor</c>, 404 with Gong's "No calls found" when no call matches, 400 for a body that
/// is not the documented shape, and scripted 429 (with Retry-After) or 5xx answers. Call ids and
/// speaker ids are written as JSON strings, as Gong does.
/// </summary>
public sealed class FakeGongServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeGongRequest> requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeGongFailure>> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeGongCall> calls = new(StringComparer.Ordinal);
    private WebApplication? app;

    public required string AccessKey { get; init; }

    public required string AccessKeySecret { get; init; }

    /// <summary>Monologues per page of /v2/calls/transcript.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The clock requests are recorded with (a test's fake clock).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<FakeGongRequest> Requests => [.. requests];

    /// <summary>Raised after each request is recorded (tests wait on it instead of sleeping).</summary>
    public event Action<FakeGongRequest>? Requested;

    public void AddCall(FakeGongCall call) => calls[call.Id] = call;

    /// <summary>The next request to <paramref name="path"/> (e.g. "/v2/calls/transcript", or "*" for any) gets this answer; queue several for several.</summary>
    public void Fail(string path, FakeGongFailure failure) =>
        failures.GetOrAdd(path, _ => new ConcurrentQueue<FakeGongFailure>()).Enqueue(failure);

    public void ClearFailures() => failures.Clear();

    /// <summary>The call of the shared sample (tests/transcript-samples/gong_call_transcript-and-parties.json), for local trials.</summary>
    public static FakeGongCall SampleCall() => new(
        "7782342274025937895",
        "Acme Logistics | Discovery",
        new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.Zero),
        [
            new("3843152912968920037", "6432345678555530067", "Avery Brooks", "avery.ae@example.com", "Account Executive", "Internal"),
            new("3843152912968920038", "6432345678555530068", "Dana Ruiz", "dana@acme.example", "VP Operations", "External"),
            new("3843152912968920039", null, "Morgan Lee", "cfo@acme.example", "CFO", "External"),
        ],
        [
            new("6432345678555530067", "Call Setup", [(1200, 4100, "Thanks for joining, Dana."), (4200, 9800, "We will have your SSO integration live by December 15.")]),
            new("6432345678555530068", null, [(10230, 15343, "Our goal is to cut late deliveries in half before peak season."), (15400, 21000, "I'm worried the budget is not approved for next year.")]),
            new("1111111111111111111", "Objections", [(460230, 462343, "No wait, I think we should check that out first.")]),
        ]);

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        app = builder.Build();
        app.MapPost("/v2/calls/transcript", http => HandleAsync(http, Transcript));
        app.MapPost("/v2/calls/extensive", http => HandleAsync(http, Extensive));

        // Scripting from outside the process (local trials): the next request to a path fails.
        app.MapPost("/_fake/fail", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
            Fail(body["path"]?.GetValue<string>() ?? "*", new FakeGongFailure(body["status"]?.GetValue<int>() ?? 503, body["retryAfter"]?.GetValue<int>()));
            return Results.Ok();
        });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/') + "/";
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => app?.WaitForShutdownAsync() ?? Task.CompletedTask;

    private async Task HandleAsync(HttpContext http, Func<JsonElement, int, string?, (int Status, JsonObject Body)> answer)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        var auth = http.Request.Headers.Authorization.FirstOrDefault();
        var record = new FakeGongRequest(http.Request.Path, raw, auth, Clock());
        requests.Enqueue(record);
        Requested?.Invoke(record);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccessKey}:{AccessKeySecret}"));
        if (!string.Equals(auth, expected, StringComparison.Ordinal))
        {
            await Write(http, 401, Error("Unauthorized: invalid access key or secret"));
            return;
        }

        if (Next(http.Request.Path) is { } failure)
        {
            if (failure.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await Write(http, failure.Status, Error(failure.Status == 429 ? "Too many requests" : "Internal error"));
            return;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            await Write(http, 400, Error("Malformed request body"));
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("filter", out var filter) || filter.ValueKind != JsonValueKind.Object)
            {
                await Write(http, 400, Error("filter is required"));
                return;
            }

            var cursor = root.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var page = cursor is null ? 0 : int.TryParse(cursor.Replace("page-", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
            var (status, body) = answer(filter, page, cursor);
            await Write(http, status, body);
        }
    }

    private (int, JsonObject) Transcript(JsonElement filter, int page, string? cursor)
    {
        if (Matching(filter) is not { } matched)
        {
            return (400, Error("callIds must be an array of strings"));
        }

        if (matched.Count == 0 || page < 0)
        {
            return (404, Error("No calls found corresponding to the provided filters"));
        }

        var monologues = matched.SelectMany(call => call.Monologues.Select(m => (call.Id, m))).ToList();
        var slice = monologues.Skip(page * PageSize).Take(PageSize).ToList();
        var more = (page + 1) * PageSize < monologues.Count;
        var records = new JsonObject { ["totalRecords"] = matched.Count, ["currentPageSize"] = slice.Count, ["currentPageNumber"] = page };
        if (more)
        {
            records["cursor"] = "page-" + (page + 1).ToString(CultureInfo.InvariantCulture);
        }

        var transcripts = new JsonArray();
        foreach (var group in slice.GroupBy(s => s.Id))
        {
            transcripts.Add(new JsonObject
            {
                ["callId"] = group.Key,
                ["transcript"] = new JsonArray([.. group.Select(s => (JsonNode)new JsonObject
                {
                    ["speakerId"] = s.m.SpeakerId,
                    ["topic"] = s.m.Topic,
                    ["sentences"] = new JsonArray([.. s.m.Sentences.Select(x => (JsonNode)new JsonObject { ["start"] = x.Start, ["end"] = x.End, ["text"] = x.Text })]),
                })]),
            });
        }

        return (200, new JsonObject { ["requestId"] = RequestId(), ["records"] = records, ["callTranscripts"] = transcripts });
    }

    private (int, JsonObject) Extensive(JsonElement filter, int page, string? cursor)
    {
        if (Matching(filter) is not { } matched)
        {
            return (400, Error("callIds must be an array of strings"));
        }

        if (matched.Count == 0)
        {
            return (404, Error("No calls found corresponding to the provided filters"));
        }

        var list = new JsonArray([.. matched.Select(call => (JsonNode)new JsonObject
        {
            ["metaData"] = new JsonObject
            {
                ["id"] = call.Id,
                ["url"] = "https://app.gong.io/call?id=" + call.Id,
                ["title"] = call.Title,
                ["started"] = call.Started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["duration"] = 1860,
                ["scope"] = "External",
                ["media"] = "Video",
            },
            ["parties"] = new JsonArray([.. call.Parties.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["emailAddress"] = p.Email,
                ["name"] = p.Name,
                ["title"] = p.Title,
                ["speakerId"] = p.SpeakerId,
                ["affiliation"] = p.Affiliation,
                ["methods"] = new JsonArray("Invitee"),
            })]),
        })]);
        return (200, new JsonObject { ["requestId"] = RequestId(), ["records"] = new JsonObject { ["totalRecords"] = matched.Count, ["currentPageSize"] = matched.Count, ["currentPageNumber"] = 0 }, ["calls"] = list });
    }

    /// <summary>The calls the filter names; null when callIds is not an array of digit strings (Gong's ids are strings).</summary>
    private List<FakeGongCall>? Matching(JsonElement filter)
    {
        if (!filter.TryGetProperty("callIds", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var found = new List<FakeGongCall>();
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= 20 } text || !text.All(char.IsAsciiDigit))
            {
                return null;
            }

            if (calls.TryGetValue(text, out var call))
            {
                found.Add(call);
            }
        }

        return found;
    }

    private FakeGongFailure? Next(string path) =>
        (failures.TryGetValue(path, out var q) && q.TryDequeue(out var f)) || (failures.TryGetValue("*", out var any) && any.TryDequeue(out f)) ? f : null;

    private static JsonObject Error(string message) => new() { ["requestId"] = RequestId(), ["errors"] = new JsonArray(message) };

    private static string RequestId() => Guid.NewGuid().ToString("N")[..19];

    private static async Task Write(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(quickly.Token);
            await app.DisposeAsync();
        }
    }
}
