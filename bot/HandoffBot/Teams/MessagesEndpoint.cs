using System.Text;
using HandoffBot.Hosting;
using HandoffBot.Security;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Teams;

/// <summary>
/// POST /api/messages: the guard in front of and around the SDK. It reads and checks the activity
/// itself (bad JSON or a shape Teams never sends → 400; too big → 413), authenticates with the SDK's
/// <see cref="BotFrameworkAuthentication"/> and checks the token was issued for the activity's
/// serviceUrl (<see cref="ActivityTrust"/>; either → 401), drops redelivered activities, then lets the
/// <see cref="CloudAdapter"/> run the turn. Whatever happens inside the turn, the channel gets a 2xx:
/// the activity was received, and failures are the turn error handler's and the durable jobs' business.
/// </summary>
public static partial class MessagesEndpoint
{
    public const string Route = "/api/messages";

    private static readonly JsonSerializerSettings ReadSettings = new()
    {
        MaxDepth = 64,
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
    };

    private static readonly JsonSerializer Reader = JsonSerializer.Create(ReadSettings);

    private static readonly JsonSerializerSettings WriteSettings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        BotFrameworkAuthentication auth,
        TeamsAdapter adapter,
        TeamsBot bot,
        DuplicateActivities duplicates,
        IOptions<TeamsOptions> options,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(http);
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint).FullName!);
        var ct = http.RequestAborted;
        var body = await BodyReader.ReadAsync(http.Request, options.Value.MaxBodyBytes, ct);
        if (body is null)
        {
            return Problems.TooLarge(options.Value.MaxBodyBytes);
        }

        var (activity, problem) = Parse(body);
        if (activity is null)
        {
            LogRefused(logger, problem!);
            return Problems.BadRequest(problem!);
        }

        AuthenticateRequestResult authenticated;
        try
        {
            authenticated = await auth.AuthenticateRequestAsync(activity, http.Request.Headers.Authorization.ToString(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Unsigned, forged, expired, or the signing keys could not be fetched: fail closed.
            LogUnauthorized(logger, ex.GetType().Name);
            return Problems.Unauthorized("A valid Bot Connector token is required.");
        }

        if (ActivityTrust.Refusal(authenticated.ClaimsIdentity, activity.ServiceUrl, options.Value.IsAnonymous) is { } refusal)
        {
            // The token is genuine but not for this serviceUrl (or names none): replying there, or remembering it, would follow the sender.
            LogUnauthorized(logger, refusal);
            return Problems.Unauthorized("A valid Bot Connector token issued for this activity's serviceUrl is required.");
        }

        var deduplicated = !string.IsNullOrEmpty(activity.Id);
        if (deduplicated && !duplicates.TryBegin(activity.Conversation.Id, activity.Id, out var earlier))
        {
            LogDuplicate(logger, activity.Type);
            return Write(earlier);
        }

        InvokeResponse? response;
        try
        {
            response = await adapter.ProcessAuthenticatedAsync(authenticated, activity, bot.OnTurnAsync, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The turn error handler already ran (or the connector is gone); the activity was received.
            LogTurnEscaped(logger, ex, activity.Type);
            response = activity.Type == ActivityTypes.Invoke ? CardResponses.Message(TurnErrorHandler.Apology) : null;
        }
        catch (OperationCanceledException) when (deduplicated)
        {
            // The caller went away mid-turn and got no answer: its redelivery is handled, not dropped.
            duplicates.Abandon(activity.Conversation.Id, activity.Id);
            throw;
        }

        if (deduplicated)
        {
            duplicates.Complete(activity.Conversation.Id, activity.Id, response);
        }

        return Write(response);
    }

    /// <summary>The activity, or why it is not one Teams would send.</summary>
    internal static (Activity? Activity, string? Problem) Parse(byte[] body)
    {
        Activity? activity;
        try
        {
            // One pass straight into the Activity; anything but a JSON object is refused first.
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8)) { MaxDepth = 64, DateParseHandling = DateParseHandling.None };
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                return (null, "The body must be a JSON activity object.");
            }

            activity = Reader.Deserialize<Activity>(reader);
            if (reader.Read())
            {
                return (null, "The body must be one JSON activity object.");
            }
        }
        catch (JsonException)
        {
            return (null, "The body is not a valid activity.");
        }
        catch (ArgumentException)
        {
            return (null, "The body is not a valid activity.");
        }
        catch (FormatException)
        {
            return (null, "The body is not a valid activity.");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return (null, "The activity has no type.");
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return (null, "The activity has no valid serviceUrl.");
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id) || string.IsNullOrWhiteSpace(activity.From?.Id)
            || string.IsNullOrWhiteSpace(activity.Recipient?.Id) || string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return (null, "The activity needs channelId, conversation.id, from.id and recipient.id.");
        }

        Sanitize(activity);
        return (activity, null);
    }

    /// <summary>
    /// Parts the SDK reads lazily and throws on (e.g. channelData of the wrong shape →
    /// InvalidCastException deep in a turn) are dropped here, so the turn sees only what it can use.
    /// </summary>
    private static void Sanitize(Activity activity)
    {
        if (activity.ChannelData is not null)
        {
            try
            {
                if (activity.ChannelData is not JObject)
                {
                    activity.ChannelData = null;
                }
                else
                {
                    _ = activity.GetChannelData<TeamsChannelData>();
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidCastException or ArgumentException or FormatException)
            {
                activity.ChannelData = null;
            }
        }

        activity.Entities = activity.Entities?.Where(IsUsable).ToList();
        activity.MembersAdded = activity.MembersAdded?.Where(m => !string.IsNullOrWhiteSpace(m?.Id)).ToList();
        activity.MembersRemoved = activity.MembersRemoved?.Where(m => !string.IsNullOrWhiteSpace(m?.Id)).ToList();
    }

    private static bool IsUsable(Entity? entity)
    {
        if (entity is null)
        {
            return false;
        }

        if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            var mention = entity.GetAs<Mention>();
            return mention?.Mentioned?.Id is not null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static IResult Write(InvokeResponse? response)
    {
        if (response is null)
        {
            return Results.Ok();
        }

        // An invoke nobody handled comes back as 501 from the SDK: answer it, never as a server error.
        var status = response.Status is >= 200 and < 500 ? response.Status : StatusCodes.Status200OK;
        var body = response.Status is >= 500 || response.Status < 200
            ? CardResponses.Message("I cannot handle that request.").Body
            : response.Body;
        return body is null
            ? Results.StatusCode(status)
            : Results.Content(JsonConvert.SerializeObject(body, WriteSettings), "application/json", Encoding.UTF8, status);
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Refused a Teams request: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Refused a Teams request without a valid token ({Reason})")]
    private static partial void LogUnauthorized(ILogger logger, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "Skipped a redelivered Teams {ActivityType} activity")]
    private static partial void LogDuplicate(ILogger logger, string activityType);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Error, Message = "A Teams {ActivityType} turn failed after it was received")]
    private static partial void LogTurnEscaped(ILogger logger, Exception exception, string activityType);
}
