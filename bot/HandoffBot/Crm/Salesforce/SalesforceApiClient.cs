using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm.Salesforce;

/// <summary>A field named in the query does not exist in this org (errorCode INVALID_FIELD).</summary>
public sealed class SalesforceInvalidFieldException(string message) : CrmApiException("Salesforce", "INVALID_FIELD: " + message);

/// <summary>
/// The REST API with an OAuth 2.0 client-credentials token from the org's My Domain. The token is
/// kept until the API says it is no longer valid (there is no refresh token in this flow), then a
/// new one is asked for once. 5xx back off inside the call; the rest throws and the job retries.
/// </summary>
public sealed class SalesforceApiClient(IHttpClientFactory clients, IOptions<SalesforceOptions> options, TimeProvider time, ILogger<SalesforceApiClient> logger)
{
    public const string HttpClientName = "salesforce";

    private readonly SalesforceOptions settings = options.Value;
    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private (string Token, Uri Instance)? session;

    /// <summary>The instance URL the token was issued for (record links point there).</summary>
    public Uri? InstanceUrl => session?.Instance;

    /// <summary>Runs a SOQL query; returns its JSON answer ({totalSize, done, records}).</summary>
    public async Task<JsonObject> QueryAsync(string soql, CancellationToken ct)
    {
        if (!settings.Reads)
        {
            throw new CrmApiException("Salesforce", "Salesforce__LoginUrl, Salesforce__ClientId and Salesforce__ClientSecret are needed to read opportunities; the notification waits and is retried.");
        }

        var http = clients.CreateClient(HttpClientName);
        var renewed = false;
        for (var attempt = 1; ; attempt++)
        {
            var (token, instance) = await SessionAsync(ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, $"services/data/v{settings.ApiVersion}/query?q={Uri.EscapeDataString(soql)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= settings.MaxAttempts)
                {
                    throw new CrmApiException("Salesforce", "query: " + ex.Message);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), time, ct);
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    return Parse(text) as JsonObject ?? throw new CrmApiException("Salesforce", "query: the answer is not a JSON object.");
                }

                var (code, message) = Error(text);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed)
                {
                    // INVALID_SESSION_ID: the token expired or was revoked; the flow has no refresh token, so ask again.
                    session = null;
                    renewed = true;
                    attempt--;
                    continue;
                }

                if (code == "INVALID_FIELD")
                {
                    throw new SalesforceInvalidFieldException(message);
                }

                if ((int)response.StatusCode >= 500 && attempt < settings.MaxAttempts)
                {
                    var wait = TimeSpan.FromMilliseconds(500 * attempt);
                    CrmLog.Retrying(logger, "Salesforce", "query", (int)response.StatusCode, attempt, wait);
                    await Task.Delay(wait, time, ct);
                    continue;
                }

                // REQUEST_LIMIT_EXCEEDED (403), permissions, outages: a later attempt of the job may succeed.
                throw new CrmApiException("Salesforce", $"query: HTTP {(int)response.StatusCode} {code}: {message}");
            }
        }
    }

    private async Task<(string Token, Uri Instance)> SessionAsync(CancellationToken ct)
    {
        if (session is { } current)
        {
            return current;
        }

        await tokenGate.WaitAsync(ct);
        try
        {
            if (session is { } again)
            {
                return again;
            }

            var http = clients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.LoginUrl!.TrimEnd('/') + "/"), "services/oauth2/token"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.ClientId!,
                    ["client_secret"] = settings.ClientSecret!,
                }),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, ct);
            var answer = Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
            if (!response.IsSuccessStatusCode || answer.Str("access_token") is not { Length: > 0 } token)
            {
                throw new CrmApiException("Salesforce", $"token: HTTP {(int)response.StatusCode} {answer.Str("error")}: {answer.Str("error_description")} (check the external client app's client credentials flow and its Run As user)");
            }

            var instance = Uri.TryCreate(answer.Str("instance_url"), UriKind.Absolute, out var url) ? url : new Uri(settings.LoginUrl!);
            session = (token, new Uri(instance.AbsoluteUri.TrimEnd('/') + "/"));
            return session.Value;
        }
        finally
        {
            tokenGate.Release();
        }
    }

    private static (string? Code, string Message) Error(string text)
    {
        var node = Parse(text);
        var first = node is JsonArray { Count: > 0 } list ? list[0] : node;
        var message = first.Str("message") ?? "";
        return (first.Str("errorCode"), message.Length <= 400 ? message : message[..400]);
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
