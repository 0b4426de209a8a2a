namespace HandoffBot.Core.Application.Commands;

/// <summary>The chat commands people type (Teams personal chat, Slack /handoff). Matched by exact verb.</summary>
public enum ChatVerb
{
    Help,
    Mine,
    Status,
    WhoOwns,

    /// <summary>"reassign &lt;account&gt; &lt;email&gt;": CS leads and RevOps admins hand the current stage on.</summary>
    Reassign,

    /// <summary>"digest": the sales leaders' digest of the last seven days, on demand.</summary>
    Digest,
}

/// <summary>A parsed command: the verb and its argument (an account name or handoff id), or why it did not parse.</summary>
public sealed record ChatCommand(ChatVerb? Verb, string Argument, string? Problem = null)
{
    public bool IsValid => Verb is not null && Problem is null;
}

public static class ChatCommandParser
{
    // Teams wording and Slack subcommands both map here; longest phrases first so "who owns" wins over "who".
    private static readonly (string Phrase, ChatVerb Verb, bool NeedsArgument)[] Phrases =
    [
        ("my handoffs", ChatVerb.Mine, false),
        ("who owns", ChatVerb.WhoOwns, true),
        ("who-owns", ChatVerb.WhoOwns, true),
        ("reassign", ChatVerb.Reassign, true),
        ("digest", ChatVerb.Digest, false),
        ("help", ChatVerb.Help, false),
        ("mine", ChatVerb.Mine, false),
        ("status", ChatVerb.Status, true),
    ];

    /// <summary>
    /// Parses text that has already had any bot mention removed. Case-insensitive, whitespace-tolerant,
    /// exact: "status Acme" is a command, "what is the status of Acme" is not.
    /// </summary>
    public static ChatCommand Parse(string? text)
    {
        var normalized = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (normalized.Length == 0)
        {
            return new ChatCommand(ChatVerb.Help, "");
        }

        foreach (var (phrase, verb, needsArgument) in Phrases)
        {
            if (!normalized.StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
                || (normalized.Length > phrase.Length && normalized[phrase.Length] != ' '))
            {
                continue;
            }

            var argument = normalized[phrase.Length..].Trim();
            if (needsArgument && argument.Length == 0)
            {
                return new ChatCommand(verb, "", $"Say which account: `{phrase} <account or handoff id>`.");
            }

            if (!needsArgument && argument.Length > 0)
            {
                break;
            }

            return new ChatCommand(verb, argument);
        }

        return new ChatCommand(null, normalized, "I did not recognise that command.");
    }
}
