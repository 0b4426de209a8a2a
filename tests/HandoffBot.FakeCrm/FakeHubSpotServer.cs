using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HandoffBot.FakeCrm;

/// <summary>
/// HubSpot's CRM API v3 as HandoffBot uses it, answering the way HubSpot does: deals with
/// associations, batch reads of companies, contacts and line items, owners (archived ones only with
/// archived=true), deal pipelines with stage metadata, Bearer token auth, 404 for unknown objects,
/// and scripted 429s with HubSpot's policy names and rate-limit headers, and 5xx.
/// </summary>
public sealed class FakeHubSpotServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> deals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (List<string> Companies, List<string> Contacts, List<string> LineItems)> links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (JsonObject Owner, bool Archived)> owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Deal, string Contact), string> labels = new();
    private readonly ConcurrentQueue<FakeCrmCall> calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CrmFailure>> failures = new(StringComparer.Ordinal);
    private WebApplication? app;

    public FakeHubSpotServer()
    {
        foreach (var type in new[] { "companies", "contacts", "line_items" })
        {
            objects[type] = new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        }

        Pipelines = [];
    }

    /// <summary>The private app token the bot must send; null accepts any Bearer token.</summary>
    public string? Token { get; init; }

    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Deal pipelines: each {id, label, stages:[{id, label, metadata:{isClosed, probability}}]}.</summary>
    public JsonArray Pipelines { get; set; }

    public IReadOnlyList<FakeCrmCall> Calls => [.. calls];

    public event Action<FakeCrmCall>? Called;

    public void AddDeal(string id, IDictionary<string, string?> properties, IEnumerable<string>? companies = null, IEnumerable<string>? contacts = null, IEnumerable<string>? lineItems = null)
    {
        deals[id] = Properties(properties);
        links[id] = ([.. companies ?? []], [.. contacts ?? []], [.. lineItems ?? []]);
    }

    /// <summary>A user-defined association label between a deal and one of its contacts (e.g. "Decision maker").</summary>
    public void LabelContact(string dealId, string contactId, string label) => labels[(dealId, contactId)] = label;

    public void SetDealProperty(string id, string name, string? value) => deals[id][name] = value;

    public void AddObject(string type, string id, IDictionary<string, string?> properties) => objects[type][id] = Properties(properties);

    public void AddOwner(string id, string email, string firstName, string lastName, bool archived = false) =>
        owners[id] = (new JsonObject
        {
            ["id"] = id,
            ["email"] = email,
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["userId"] = int.Parse(id, CultureInfo.InvariantCulture) % 100_000_000,
            ["createdAt"] = "2024-01-02T03:04:05.000Z",
            ["updatedAt"] = "2025-01-02T03:04:05.000Z",
            ["archived"] = archived,
            ["teams"] = new JsonArray(),
        }, archived);

    /// <summary>The next call to <paramref name="route"/> (deals, batch, owners, pipelines) fails this way.</summary>
    public void Fail(string route, CrmFailure failure) => failures.GetOrAdd(route, _ => new ConcurrentQueue<CrmFailure>()).Enqueue(failure);

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        app = builder.Build();
        app.MapGet("/crm/v3/objects/deals/{id}", (HttpContext http, string id) => HandleAsync(http, "deals", () => Deal(http, id)));
        app.MapGet("/crm/v4/objects/{from}/{id}/associations/{to}", (HttpContext http, string from, string id, string to) => HandleAsync(http, "associations", () => Task.FromResult(Associations(from, id, to))));
        app.MapPost("/crm/v3/objects/{type}/batch/read", (HttpContext http, string type) => HandleAsync(http, "batch", () => BatchAsync(http, type)));
        app.MapGet("/crm/v3/owners/{id}", (HttpContext http, string id) => HandleAsync(http, "owners", () => Task.FromResult(Owner(http, id))));
        app.MapGet("/crm/v3/pipelines/deals", (HttpContext http, CancellationToken _) => HandleAsync(http, "pipelines", () => Task.FromResult(PipelinesAnswer())));
        app.MapPost("/_fake/fail", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
            Fail(body["route"]?.GetValue<string>() ?? "", new CrmFailure(body["status"]?.GetValue<int>() ?? 500, body["code"]?.GetValue<string>(), body["retryAfter"]?.GetValue<int>()));
            return Results.Ok();
        });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/') + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http, string route, Func<Task<(int Status, JsonNode Body)>> answer)
    {
        string? body = null;
        if (http.Request.ContentLength > 0 || http.Request.Method == "POST")
        {
            http.Request.EnableBuffering();
            body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Request.Body.Position = 0;
        }

        var call = new FakeCrmCall(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", body, Clock());
        calls.Enqueue(call);
        try
        {
            var auth = http.Request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || (Token is not null && auth[7..] != Token))
            {
                await WriteAsync(http, 401, Error("Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", "INVALID_AUTHENTICATION"));
                return;
            }

            if (failures.TryGetValue(route, out var queue) && queue.TryDequeue(out var failure))
            {
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                if (failure.Status == 429)
                {
                    var policy = failure.Code ?? "TEN_SECONDLY_ROLLING";
                    http.Response.Headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
                    http.Response.Headers["X-HubSpot-RateLimit-Max"] = "100";
                    http.Response.Headers["X-HubSpot-RateLimit-Remaining"] = "0";
                    await WriteAsync(http, 429, new JsonObject
                    {
                        ["status"] = "error",
                        ["message"] = policy == "DAILY" ? "You have reached your daily limit." : "You have reached your ten_secondly_rolling limit.",
                        ["errorType"] = "RATE_LIMIT",
                        ["correlationId"] = Guid.NewGuid().ToString(),
                        ["policyName"] = policy,
                    });
                    return;
                }

                await WriteAsync(http, failure.Status, Error("Internal error", failure.Code ?? "INTERNAL_ERROR"));
                return;
            }

            var (status, json) = await answer();
            http.Response.Headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
            http.Response.Headers["X-HubSpot-RateLimit-Max"] = "190";
            http.Response.Headers["X-HubSpot-RateLimit-Remaining"] = "189";
            await WriteAsync(http, status, json);
        }
        finally
        {
            Called?.Invoke(call);
        }
    }

    private Task<(int, JsonNode)> Deal(HttpContext http, string id)
    {
        if (!deals.TryGetValue(id, out var all))
        {
            return Task.FromResult<(int, JsonNode)>((404, Error("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")));
        }

        var deal = Record(id, all, List(http.Request.Query["properties"]));
        var wanted = List(http.Request.Query["associations"]);
        if (wanted.Count > 0)
        {
            var (companies, contacts, lineItems) = links[id];
            var associations = new JsonObject();
            void Add(string key, string name, string type, List<string> ids)
            {
                if (wanted.Contains(name) && ids.Count > 0)
                {
                    associations[key] = new JsonObject { ["results"] = new JsonArray([.. ids.Select(i => (JsonNode)new JsonObject { ["id"] = i, ["type"] = type })]) };
                }
            }

            Add("companies", "companies", "deal_to_company", companies);
            Add("contacts", "contacts", "deal_to_contact", contacts);
            // HubSpot keys line item associations "line items".
            Add("line items", "line_items", "deal_to_line_item", lineItems);
            deal["associations"] = associations;
        }

        return Task.FromResult<(int, JsonNode)>((200, deal));
    }

    /// <summary>Associations v4: each associated record with its association types (HubSpot's unlabelled default, plus any labels).</summary>
    private (int, JsonNode) Associations(string from, string id, string to)
    {
        if (from is not ("deals" or "deal" or "0-3") || to is not ("contacts" or "contact" or "0-1"))
        {
            return (400, Error($"Unsupported association {from} → {to} in this fake", "VALIDATION_ERROR"));
        }

        if (!links.TryGetValue(id, out var linked))
        {
            return (404, Error("Object not found.", "OBJECT_NOT_FOUND"));
        }

        var results = new JsonArray();
        foreach (var contact in linked.Contacts)
        {
            var types = new JsonArray(new JsonObject { ["category"] = "HUBSPOT_DEFINED", ["typeId"] = 3, ["label"] = null });
            if (labels.TryGetValue((id, contact), out var label))
            {
                types.Add(new JsonObject { ["category"] = "USER_DEFINED", ["typeId"] = 12, ["label"] = label });
            }

            results.Add(new JsonObject { ["toObjectId"] = long.Parse(contact, CultureInfo.InvariantCulture), ["associationTypes"] = types });
        }

        return (200, new JsonObject { ["results"] = results });
    }

    private async Task<(int, JsonNode)> BatchAsync(HttpContext http, string type)
    {
        if (!objects.TryGetValue(type, out var store))
        {
            return (404, Error($"Unable to infer object type from: {type}", "OBJECT_NOT_FOUND"));
        }

        JsonObject? request;
        try
        {
            http.Request.Body.Position = 0;
            request = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request?["inputs"] is not JsonArray inputs)
        {
            return (400, Error("Invalid input JSON on line 1", "VALIDATION_ERROR"));
        }

        if (inputs.Count > 100)
        {
            return (400, Error("Batch input must contain at most 100 items.", "VALIDATION_ERROR"));
        }

        var props = (request["properties"] as JsonArray)?.Select(p => p?.GetValue<string>() ?? "").ToList() ?? [];
        var results = new JsonArray();
        foreach (var id in inputs.Select(i => i?["id"]?.GetValue<string>()).OfType<string>())
        {
            if (store.TryGetValue(id, out var found))
            {
                results.Add(Record(id, found, props));
            }
        }

        var now = Clock().ToString("O", CultureInfo.InvariantCulture);
        return (200, new JsonObject { ["status"] = "COMPLETE", ["results"] = results, ["startedAt"] = now, ["completedAt"] = now });
    }

    private (int, JsonNode) Owner(HttpContext http, string id)
    {
        var archived = string.Equals(http.Request.Query["archived"], "true", StringComparison.OrdinalIgnoreCase);
        return owners.TryGetValue(id, out var owner) && owner.Archived == archived
            ? (200, owner.Owner.DeepClone())
            : (404, Error($"Owner not found with id: {id}", "OBJECT_NOT_FOUND"));
    }

    private (int, JsonNode) PipelinesAnswer()
    {
        var results = new JsonArray();
        foreach (var pipeline in Pipelines.OfType<JsonObject>())
        {
            var copy = (JsonObject)pipeline.DeepClone();
            copy["archived"] ??= false;
            copy["displayOrder"] ??= 0;
            copy["createdAt"] ??= "2024-01-02T03:04:05.000Z";
            copy["updatedAt"] ??= "2024-01-02T03:04:05.000Z";
            foreach (var stage in (copy["stages"] as JsonArray ?? []).OfType<JsonObject>())
            {
                stage["archived"] ??= false;
                stage["displayOrder"] ??= 0;
                stage["createdAt"] ??= "2024-01-02T03:04:05.000Z";
                stage["updatedAt"] ??= "2024-01-02T03:04:05.000Z";
                stage["writePermissions"] ??= "CRM_PERMISSIONS_ENFORCEMENT";
            }

            results.Add(copy);
        }

        return (200, new JsonObject { ["results"] = results });
    }

    /// <summary>An object as HubSpot returns it: only the requested properties that have a value, plus the ones HubSpot always adds.</summary>
    private static JsonObject Record(string id, JsonObject all, List<string> wanted)
    {
        var properties = new JsonObject();
        foreach (var name in wanted.Concat(["hs_object_id", "createdate", "hs_lastmodifieddate"]).Distinct(StringComparer.Ordinal))
        {
            if (all[name] is JsonValue value)
            {
                properties[name] = value.DeepClone();
            }
        }

        properties["hs_object_id"] = id;
        return new JsonObject
        {
            ["id"] = id,
            ["properties"] = properties,
            ["createdAt"] = "2026-09-01T10:00:00.000Z",
            ["updatedAt"] = "2026-10-30T16:00:00.000Z",
            ["archived"] = false,
        };
    }

    private static JsonObject Properties(IDictionary<string, string?> properties)
    {
        var o = new JsonObject();
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                o[name] = value;
            }
        }

        o["createdate"] ??= "2026-09-01T10:00:00.000Z";
        o["hs_lastmodifieddate"] ??= "2026-10-30T16:00:00.000Z";
        return o;
    }

    private static List<string> List(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static JsonObject Error(string message, string category) => new()
    {
        ["status"] = "error",
        ["message"] = message,
        ["correlationId"] = Guid.NewGuid().ToString(),
        ["category"] = category,
    };

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString());
    }
}
