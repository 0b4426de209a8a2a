using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Timing;

namespace HandoffBot.Core.Application;

public enum LookupStatus
{
    Found,
    NotFound,
    Ambiguous,
}

/// <summary>Who owns a handoff right now, as the chat answer shows it.</summary>
public sealed record OwnerInfo(
    string HandoffId,
    string Account,
    Stage Stage,
    string StageName,
    string OwnerEmail,
    string? OwnerName,
    OwnerRole Role,
    DateTimeOffset Since,
    DateTimeOffset? DueAt,
    bool Overdue);

public sealed record WhoOwnsResult(LookupStatus Status, string Query, IReadOnlyList<OwnerInfo> Matches, string Message);

public enum ReassignStatus
{
    Reassigned,
    Unchanged,
    NotFound,
    Ambiguous,
    NotAllowed,
    UnknownPerson,
    Refused,
}

public sealed record ReassignResult(ReassignStatus Status, string Message, OwnerInfo? Before = null, OwnerInfo? After = null, IReadOnlyList<OwnerInfo>? Candidates = null);

public enum DigestStatus
{
    Ready,
    NotAllowed,
}

public sealed record DigestResult(DigestStatus Status, string Message, DigestReport? Report = null);

/// <summary>
/// The chat commands of the timing area, for the Teams and Slack adapters to call with the text the
/// person typed: <c>who owns &lt;account&gt;</c>, <c>reassign &lt;account&gt; &lt;email&gt;</c> and
/// <c>digest</c>. Every outcome is a result with a friendly <c>Message</c>; nothing throws for bad input.
/// An account is found by handoff id (HO-…), CRM id, exact account name, or a unique part of it.
/// </summary>
public sealed class OwnershipCommands(HandoffService handoffs, IHandoffStore store, IPeopleDirectory directory, DigestService digests, ITimeZoneLookup zones, TimeProvider time)
{
    public async Task<WhoOwnsResult> WhoOwnsAsync(string? text, CancellationToken ct = default)
    {
        var query = text?.Trim() ?? "";
        var (status, matches) = await FindAsync(query, ct);
        var infos = new List<OwnerInfo>();
        foreach (var h in matches)
        {
            infos.Add(await InfoAsync(h, ct));
        }

        var message = status switch
        {
            LookupStatus.Found => Describe(infos[0]),
            LookupStatus.Ambiguous => $"Several accounts match \"{query}\": {string.Join(", ", infos.Select(i => $"{i.Account} ({i.HandoffId})"))}. Say which one (the HO- id works).",
            _ => query.Length == 0 ? "Say which account: who owns <account name or HO- id>." : $"No handoff matches \"{query}\".",
        };
        return new WhoOwnsResult(status, query, infos, message);
    }

    /// <summary>A CS lead or RevOps admin hands the current stage of an account to <paramref name="newOwnerEmail"/>.</summary>
    public async Task<ReassignResult> ReassignAsync(string actorEmail, string? account, string? newOwnerEmail, string? reason = null, CancellationToken ct = default)
    {
        var actor = await directory.ActorAsync(actorEmail, ct);
        if (!actor.Has(PersonRole.CsLead) && !actor.Has(PersonRole.RevOpsAdmin))
        {
            return new ReassignResult(ReassignStatus.NotAllowed, "Only a CS lead or a RevOps admin can reassign a handoff.");
        }

        if (string.IsNullOrWhiteSpace(newOwnerEmail) || !Emails.IsValid(newOwnerEmail.Trim()))
        {
            return new ReassignResult(ReassignStatus.UnknownPerson, $"\"{newOwnerEmail}\" is not an email address. Usage: reassign <account> <email>.");
        }

        var person = await directory.FindAsync(newOwnerEmail.Trim(), ct);
        if (person is null)
        {
            return new ReassignResult(ReassignStatus.UnknownPerson, $"{newOwnerEmail.Trim()} is not in the people directory, so the bot could not reach them. Add them first.");
        }

        var (status, matches) = await FindAsync(account?.Trim() ?? "", ct);
        if (status != LookupStatus.Found)
        {
            var who = await WhoOwnsAsync(account, ct);
            return new ReassignResult(status == LookupStatus.Ambiguous ? ReassignStatus.Ambiguous : ReassignStatus.NotFound, who.Message, Candidates: who.Matches);
        }

        var before = await InfoAsync(matches[0], ct);
        if (string.Equals(before.OwnerEmail, person.Email, StringComparison.OrdinalIgnoreCase))
        {
            return new ReassignResult(ReassignStatus.Unchanged, $"{person.Name} already owns {before.Account} ({before.StageName}).", before, before);
        }

        try
        {
            var updated = await handoffs.ReassignAsync(before.HandoffId, actor.Email, person.Email, reason ?? $"reassigned by {actor.Email}", ct);
            var after = await InfoAsync(updated, ct);
            return new ReassignResult(ReassignStatus.Reassigned, $"{after.Account}: {after.StageName} now owned by {after.OwnerName ?? after.OwnerEmail} (was {before.OwnerName ?? before.OwnerEmail}).", before, after);
        }
        catch (NotAllowedException ex)
        {
            return new ReassignResult(ReassignStatus.NotAllowed, ex.Message, before);
        }
        catch (DomainException ex)
        {
            return new ReassignResult(ReassignStatus.Refused, ex.Message, before);
        }
    }

    /// <summary>
    /// The digest on demand: by default the last seven days in the asker's zone, today included (what a
    /// leader asking now expects; the weekly digest covers the seven days before the day it is sent).
    /// For sales leaders, managers, CS leads and RevOps admins.
    /// </summary>
    public async Task<DigestResult> BuildDigestAsync(string actorEmail, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        var actor = await directory.ActorAsync(actorEmail, ct);
        if (!new[] { PersonRole.SalesLeader, PersonRole.Manager, PersonRole.CsLead, PersonRole.RevOpsAdmin }.Any(actor.Has))
        {
            return new DigestResult(DigestStatus.NotAllowed, "The digest is for sales leaders, managers, CS leads and RevOps admins.");
        }

        var zone = zones.ZoneOf(actor.Email);
        var (defaultFrom, defaultTo) = DigestService.LastSevenDays(BusinessCalendar.LocalDate(time.GetUtcNow(), zone));
        var start = from ?? (to is { } t ? t.AddDays(-6) : defaultFrom);
        var end = to ?? (from is { } f ? f.AddDays(6) : defaultTo);
        if (end < start)
        {
            (start, end) = (end, start);
        }

        var report = await digests.BuildAsync(start, end, zone, ct);
        return new DigestResult(DigestStatus.Ready, $"Handoff digest {start:MMM d}–{end:MMM d}: {report.HandoffCount} handoff{(report.HandoffCount == 1 ? "" : "s")}, {report.Breaches} SLA breach{(report.Breaches == 1 ? "" : "es")}.", report);
    }

    private async Task<(LookupStatus, IReadOnlyList<Handoff>)> FindAsync(string query, CancellationToken ct)
    {
        if (query.Length == 0 || query.Length > 200)
        {
            return (LookupStatus.NotFound, []);
        }

        if (HandoffIds.LooksLikeId(query) && await handoffs.GetAsync(query.ToUpperInvariant(), ct) is { } byId)
        {
            return (LookupStatus.Found, [byId]);
        }

        var candidates = await handoffs.QueryAsync(new HandoffQuery(Text: query, Limit: 50), ct);
        var exact = candidates.Where(h => string.Equals(h.Deal.AccountName, query, StringComparison.OrdinalIgnoreCase)
            || string.Equals(h.Deal.CrmId, query, StringComparison.Ordinal)).ToList();
        var pool = exact.Count > 0 ? exact : [.. candidates];
        if (pool.Count == 0 && await store.FindByCrmIdAsync(query, ct) is { } byCrm)
        {
            return (LookupStatus.Found, [byCrm]);
        }

        // An account handed off twice (renewal, re-sale): the open one is the one people mean.
        var open = pool.Where(h => h.Stage != Stage.Outcome).ToList();
        var chosen = open.Count > 0 ? open : pool;
        return chosen.Count switch
        {
            0 => (LookupStatus.NotFound, []),
            1 => (LookupStatus.Found, chosen),
            _ => (LookupStatus.Ambiguous, [.. chosen.Take(10)]),
        };
    }

    private async Task<OwnerInfo> InfoAsync(Handoff h, CancellationToken ct)
    {
        var person = await directory.FindAsync(h.Owner.Email, ct);
        var overdue = h.DueAt is { } due && due < time.GetUtcNow();
        return new OwnerInfo(h.Id, h.Deal.AccountName, h.Stage, h.Stage.Display(), h.Owner.Email, person?.Name, h.Owner.Role, h.Owner.Since, h.DueAt, overdue);
    }

    private string Describe(OwnerInfo i)
    {
        var zone = zones.ZoneOf(i.OwnerEmail);
        var due = i.DueAt is { } d ? $", due {TimeZoneInfo.ConvertTime(d, zone):ddd d MMM HH:mm} ({zone.Id}){(i.Overdue ? " — overdue" : "")}" : "";
        return $"{i.Account} ({i.HandoffId}) is in {i.StageName}: {i.OwnerName ?? i.OwnerEmail} ({i.OwnerEmail}) owns it since {i.Since:yyyy-MM-dd}{due}.";
    }
}
