using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HandoffBot.FakeCrm;

/// <summary>
/// Salesforce's OAuth token endpoint (client credentials) and REST API as HandoffBot uses it:
/// SOQL queries with parent paths and child relationships, sObject retrieve, Bearer tokens that
/// can be expired (401 INVALID_SESSION_ID), INVALID_FIELD for fields the org lacks, and scripted
/// failures such as 403 REQUEST_LIMIT_EXCEEDED and 503. Records are stored as full nested JSON.
/// </summary>
public sealed class FakeSalesforceServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeCrmCall> calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CrmFailure>> failures = new(StringComparer.Ordinal);
    private WebApplication? app;

    public string OrganizationId { get; init; } = "00DD0000000muCUMAY";

    public string ClientId { get; init; } = "fake-consumer-key";

    public string ClientSecret { get; init; } = "fake-consumer-secret";

    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<FakeCrmCall> Calls => [.. calls];

    public event Action<FakeCrmCall>? Called;

    /// <summary>Stores a record (its <c>Id</c> is the key); parents are nested objects, child relationships arrays of records.</summary>
    public void Add(JsonObject record) => records[record["Id"]!.GetValue<string>()] = record;

    public JsonObject Get(string id) => records[id];

    /// <summary>Every token issued so far stops working (the session expired).</summary>
    public void ExpireTokens()
    {
        foreach (var key in tokens.Keys)
        {
            tokens[key] = false;
        }
    }

    /// <summary>The next call to <paramref name="route"/> (token, query, sobject) fails this way.</summary>
    public void Fail(string route, CrmFailure failure) => failures.GetOrAdd(route, _ => new ConcurrentQueue<CrmFailure>()).Enqueue(failure);

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        app = builder.Build();
        app.MapPost("/services/oauth2/token", TokenAsync);
        app.MapGet("/services/data", () => Results.Json(new JsonArray(new JsonObject { ["label"] = "Winter '25", ["url"] = "/services/data/v62.0", ["version"] = "62.0" })));
        app.MapGet("/services/data/v{version}/query", (HttpContext http, string version) => HandleAsync(http, "query", () => Query(http, version)));
        app.MapGet("/services/data/v{version}/sobjects/{type}/{id}", (HttpContext http, string version, string type, string id) => HandleAsync(http, "sobject", () => Retrieve(version, type, id)));
        app.MapPost("/_fake/fail", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
            Fail(body["route"]?.GetValue<string>() ?? "", new CrmFailure(body["status"]?.GetValue<int>() ?? 500, body["code"]?.GetValue<string>(), body["retryAfter"]?.GetValue<int>()));
            return Results.Ok();
        });
        app.MapPost("/_fake/expire", () =>
        {
            ExpireTokens();
            return Results.Ok();
        });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task TokenAsync(HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
        var call = new FakeCrmCall("POST", "/services/oauth2/token", "", form is null ? null : string.Join('&', form.Keys.Order(StringComparer.Ordinal)), Clock());
        calls.Enqueue(call);
        try
        {
            if (failures.TryGetValue("token", out var queue) && queue.TryDequeue(out var failure))
            {
                await WriteAsync(http, failure.Status, new JsonObject { ["error"] = failure.Code ?? "unknown_error", ["error_description"] = "retry your request" });
                return;
            }

            if (form?["grant_type"].ToString() != "client_credentials")
            {
                await WriteAsync(http, 400, new JsonObject { ["error"] = "unsupported_grant_type", ["error_description"] = "grant type not supported" });
                return;
            }

            if (form["client_id"].ToString() != ClientId || form["client_secret"].ToString() != ClientSecret)
            {
                await WriteAsync(http, 400, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "invalid client credentials" });
                return;
            }

            var token = $"{OrganizationId[..15]}!{Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=')}";
            tokens[token] = true;
            var issued = Clock().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            await WriteAsync(http, 200, new JsonObject
            {
                ["access_token"] = token,
                ["signature"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
                ["scope"] = "api",
                ["instance_url"] = BaseUrl,
                ["id"] = $"{BaseUrl}/id/{OrganizationId}/005000000000001AAA",
                ["token_type"] = "Bearer",
                ["issued_at"] = issued,
            });
        }
        finally
        {
            Called?.Invoke(call);
        }
    }

    private async Task HandleAsync(HttpContext http, string route, Func<(int Status, JsonNode Body)> answer)
    {
        var call = new FakeCrmCall(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", null, Clock());
        calls.Enqueue(call);
        try
        {
            var auth = http.Request.Headers.Authorization.ToString();
            var token = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : auth.StartsWith("OAuth ", StringComparison.Ordinal) ? auth[6..] : "";
            if (!tokens.TryGetValue(token, out var valid) || !valid)
            {
                await WriteAsync(http, 401, Errors("INVALID_SESSION_ID", "Session expired or invalid"));
                return;
            }

            if (failures.TryGetValue(route, out var queue) && queue.TryDequeue(out var failure))
            {
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                var code = failure.Code ?? (failure.Status == 403 ? "REQUEST_LIMIT_EXCEEDED" : "SERVER_UNAVAILABLE");
                await WriteAsync(http, failure.Status, Errors(code, code == "REQUEST_LIMIT_EXCEEDED" ? "TotalRequests Limit exceeded." : "Service unavailable"));
                return;
            }

            var (status, body) = answer();
            http.Response.Headers["Sforce-Limit-Info"] = "api-usage=18/15000";
            await WriteAsync(http, status, body);
        }
        finally
        {
            Called?.Invoke(call);
        }
    }

    private (int, JsonNode) Query(HttpContext http, string version)
    {
        Soql.Query query;
        try
        {
            query = Soql.Parse(http.Request.Query["q"].ToString());
        }
        catch (Soql.SoqlException ex)
        {
            return (400, Errors(ex.Code, ex.Message));
        }

        var matches = records.Values
            .Where(r => string.Equals(r["__type"]?.GetValue<string>(), query.Object, StringComparison.OrdinalIgnoreCase))
            .Where(r => query.IdFilter is null || Matches(r["Id"]!.GetValue<string>(), query.IdFilter))
            .ToList();
        var rows = new JsonArray();
        try
        {
            foreach (var record in matches)
            {
                rows.Add(Soql.Project(record, query, query.Object, version));
            }

            // A field is checked against the object even when no row matched.
            if (matches.Count == 0 && records.Values.FirstOrDefault(r => string.Equals(r["__type"]?.GetValue<string>(), query.Object, StringComparison.OrdinalIgnoreCase)) is { } sample)
            {
                Soql.Project(sample, query, query.Object, version);
            }
        }
        catch (Soql.SoqlException ex)
        {
            return (400, Errors(ex.Code, ex.Message));
        }

        return (200, new JsonObject { ["totalSize"] = rows.Count, ["done"] = true, ["records"] = rows });
    }

    private (int, JsonNode) Retrieve(string version, string type, string id)
    {
        var record = records.Values.FirstOrDefault(r => Matches(r["Id"]!.GetValue<string>(), id) && string.Equals(r["__type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
        if (record is null)
        {
            return (404, Errors("NOT_FOUND", "The requested resource does not exist"));
        }

        var flat = new JsonObject { ["attributes"] = Soql.Attributes(type, record, version) };
        foreach (var (key, value) in record)
        {
            if (key != "__type" && value is not JsonObject and not JsonArray)
            {
                flat[key] = value?.DeepClone();
            }
        }

        return (200, flat);
    }

    /// <summary>Salesforce takes a record's 15- or 18-character id; the 15 characters are case-sensitive.</summary>
    private static bool Matches(string stored18, string given) =>
        given.Length == 15 ? string.Equals(stored18[..15], given, StringComparison.Ordinal) : string.Equals(stored18[..15], given[..15], StringComparison.Ordinal);

    private static JsonArray Errors(string code, string message) => new(new JsonObject { ["message"] = message, ["errorCode"] = code });

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=UTF-8";
        await http.Response.WriteAsync(body.ToJsonString());
    }
}
