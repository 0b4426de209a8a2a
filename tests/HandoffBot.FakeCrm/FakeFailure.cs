namespace HandoffBot.FakeCrm;

/// <summary>
/// A scripted failure of the next call to a route: the HTTP status, HubSpot's 429 policy name or
/// Salesforce's error code, and an optional Retry-After in seconds.
/// </summary>
public sealed record CrmFailure(int Status, string? Code = null, int? RetryAfterSeconds = null);

/// <summary>One call the bot made to a fake.</summary>
public sealed record FakeCrmCall(string Method, string Path, string Query, string? Body, DateTimeOffset At);
