using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm.HubSpot;

/// <summary>
/// The CRM API v3 with the private app's token. 404 → null. 429 follows HubSpot's policies: the
/// ten-second rolling limit is waited out inside the call (10 s × attempt, as HubSpot's own client
/// does), the daily limit fails the call so the job retries later; 5xx, 423 and 477 back off
/// (Retry-After when given). Whatever is left after <see cref="HubSpotOptions.MaxAttempts"/>
/// throws, and the durable job retries.
/// </summary>
public sealed class HubSpotApiClient(IHttpClientFactory clients, IOptions<HubSpotOptions> options, TimeProvider time, ILogger<HubSpotApiClient> logger)
{
    public const string HttpClientName = "hubspot";

    private readonly HubSpotOptions settings = options.Value;

    public Task<JsonObject?> GetAsync(string pathAndQuery, CancellationToken ct) => SendAsync(HttpMethod.Get, pathAndQuery, null, ct);

    public Task<JsonObject?> PostAsync(string path, JsonObject body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body.ToJsonString(), ct);

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct)
    {
        if (!settings.Reads)
        {
            throw new CrmApiException("HubSpot", "HubSpot__AccessToken is not set, so deals cannot be read; the event waits and is retried.");
        }

        var http = clients.CreateClient(HttpClientName);
        var call = path.Split('?', 2)[0];
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= settings.MaxAttempts)
                {
                    throw new CrmApiException("HubSpot", $"{call}: {ex.Message}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, ct);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(ct);
                var json = Parse(text);
                if (response.IsSuccessStatusCode)
                {
                    return json ?? throw new CrmApiException("HubSpot", $"{call}: HTTP {status} without a JSON object.");
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                var wait = Wait(response, json, attempt);
                if (wait is null || attempt >= settings.MaxAttempts)
                {
                    var policy = json.Str("policyName");
                    var what = status == 429 ? $"rate limited ({policy ?? "no policy named"})" : $"HTTP {status} {json.Str("category") ?? json.Str("errorType") ?? ""}".TrimEnd();
                    throw new CrmApiException("HubSpot", $"{call}: {what}: {Clip(json.Str("message"))}");
                }

                CrmLog.Retrying(logger, "HubSpot", call, status, attempt, wait.Value);
                await Task.Delay(wait.Value, time, ct);
            }
        }
    }

    /// <summary>How long to wait before trying again inside this call, or null when only a later job attempt can help.</summary>
    private static TimeSpan? Wait(HttpResponseMessage response, JsonObject? json, int attempt)
    {
        var retryAfter = RetryAfter(response);
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            return json.Str("policyName") switch
            {
                "DAILY" => null,
                "SECONDLY" => retryAfter ?? TimeSpan.FromSeconds(1),
                _ => retryAfter ?? TimeSpan.FromSeconds(10 * attempt),
            };
        }

        return status switch
        {
            423 => retryAfter ?? TimeSpan.FromSeconds(2),
            477 or 502 or 503 or 504 => retryAfter ?? TimeSpan.FromMilliseconds(200 * attempt),
            >= 500 => TimeSpan.FromMilliseconds(200 * attempt),
            _ => null,
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string? message) => message is null ? "" : message.Length <= 300 ? message : message[..300];
}
