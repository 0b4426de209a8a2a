using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Core.Application.Commands;

/// <summary>
/// Answers the chat commands the same way on every platform. The adapters strip mentions, call
/// <see cref="ExecuteAsync"/>, and render the result.
/// </summary>
public sealed class ChatCommandService(HandoffService handoffs, IPeopleDirectory directory, OwnershipCommands ownership, TimeProvider time)
{
    private const int ListLimit = 15;

    public async Task<ChatCommandResult> ExecuteAsync(string actorEmail, string? text, CancellationToken ct = default)
    {
        var command = ChatCommandParser.Parse(text);
        if (!command.IsValid)
        {
            return new HelpResult(command.Problem);
        }

        return command.Verb switch
        {
            ChatVerb.Mine => await MineAsync(actorEmail, ct),
            ChatVerb.Status => await FindAsync(command.Argument, ct) is { } one
                ? new StatusResult(one, handoffs.CompletenessOf(one))
                : await NoMatchAsync(command.Argument, ct),
            ChatVerb.WhoOwns => await FindAsync(command.Argument, ct) is { } owned
                ? new OwnerResult(owned, await NameOfAsync(owned.Owner.Email, ct))
                : await NoMatchAsync(command.Argument, ct),
            ChatVerb.Reassign => await ReassignAsync(actorEmail, command.Argument, ct),
            ChatVerb.Digest => new DigestCommandResult(await ownership.BuildDigestAsync(actorEmail, ct: ct)),
            _ => new HelpResult(),
        };
    }

    /// <summary>The last word is the new owner's email; everything before it names the account.</summary>
    private async Task<ChatCommandResult> ReassignAsync(string actorEmail, string argument, CancellationToken ct)
    {
        var split = argument.LastIndexOf(' ');
        if (split <= 0)
        {
            return new HelpResult("Say which account and to whom: `reassign <account> <email>`.");
        }

        return new ReassignCommandResult(await ownership.ReassignAsync(actorEmail, argument[..split].Trim(), argument[(split + 1)..].Trim(), ct: ct));
    }

    /// <summary>Handoffs the person owns or works on (AE or CSM), open first, most urgent clock first.</summary>
    public async Task<HandoffListResult> MineAsync(string actorEmail, CancellationToken ct = default)
    {
        var email = Emails.Normalize(actorEmail);
        var open = await handoffs.QueryAsync(new HandoffQuery(OpenOnly: true, Limit: 10_000), ct);
        var mine = open
            .Where(h => h.Owner.Email == email || h.Deal.AeEmail == email || h.Routing.AeOwnerEmail == email || h.Deal.CsmEmail == email)
            .OrderBy(h => h.Owner.Email == email ? 0 : 1)
            .ThenBy(h => h.DueAt ?? DateTimeOffset.MaxValue)
            .ToList();
        var lines = new List<HandoffLine>();
        foreach (var h in mine.Take(ListLimit))
        {
            lines.Add(await LineAsync(h, ct));
        }

        return new HandoffListResult(lines, mine.Count > ListLimit);
    }

    /// <summary>By handoff id, CRM id, exact account name, then a unique partial account name.</summary>
    public async Task<Handoff?> FindAsync(string query, CancellationToken ct = default)
    {
        var q = query.Trim();
        if (HandoffIds.LooksLikeId(q) && await handoffs.GetAsync(q.ToUpperInvariant(), ct) is { } byId)
        {
            return byId;
        }

        var candidates = await handoffs.QueryAsync(new HandoffQuery(Text: q, Limit: 50), ct);
        var exact = candidates.Where(h => string.Equals(h.Deal.AccountName, q, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count >= 1)
        {
            // Several handoffs for one account (renewals, add-ons): the open, most recent one.
            return exact.OrderBy(h => h.Stage == Stage.Outcome ? 1 : 0).ThenByDescending(h => h.CreatedAt).First();
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    private async Task<NoMatchResult> NoMatchAsync(string query, CancellationToken ct)
    {
        var candidates = await handoffs.QueryAsync(new HandoffQuery(Text: query.Trim(), Limit: 8), ct);
        var lines = new List<HandoffLine>();
        foreach (var h in candidates)
        {
            lines.Add(await LineAsync(h, ct));
        }

        return new NoMatchResult(query, lines);
    }

    private async Task<HandoffLine> LineAsync(Handoff h, CancellationToken ct) => new(
        h.Id,
        h.Deal.AccountName,
        h.Stage,
        h.Owner.Email,
        await NameOfAsync(h.Owner.Email, ct),
        h.DueAt,
        h.DueAt is { } due && due < time.GetUtcNow(),
        handoffs.CompletenessOf(h).Score);

    private async Task<string> NameOfAsync(string email, CancellationToken ct) =>
        (await directory.FindAsync(email, ct))?.Name ?? email;
}
