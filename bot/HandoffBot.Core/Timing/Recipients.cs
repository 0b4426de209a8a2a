using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>Who gets a timing message: the person, else the RevOps fallback; and whom an escalation goes to.</summary>
public sealed class Recipients(IPeopleDirectory directory, IPlaybookProvider playbooks)
{
    /// <summary>The person, or the RevOps fallback when they are not (or no longer) in the directory.</summary>
    public async Task<Person> ResolveAsync(string email, CancellationToken ct) =>
        await directory.FindAsync(email, ct)
        ?? await directory.FindAsync(playbooks.Current.RevOpsFallback, ct)
        ?? throw new PermanentJobFailure("Neither the recipient nor the RevOps fallback is in the people directory.");

    public Task<Person?> FindAsync(string? email, CancellationToken ct) =>
        email is null ? Task.FromResult<Person?>(null) : directory.FindAsync(email, ct);

    /// <summary>
    /// The escalation target for the current owner (playbook reminders.escalateTo): the owner's
    /// manager, else the CS lead (CS stages) or the RevOps fallback; never the owner themself.
    /// </summary>
    public async Task<Person> EscalationTargetAsync(Handoff handoff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var playbook = playbooks.Current;
        var owner = handoff.Owner.Email;
        var manager = (await directory.FindAsync(owner, ct))?.ManagerEmail;
        var csLead = Handoff.IsCsStage(handoff.Stage) ? handoff.Routing.CsLeadEmail : null;
        var order = playbook.Reminders.EscalateTo == Playbooks.EscalationTarget.CsLead
            ? new[] { handoff.Routing.CsLeadEmail, manager, playbook.RevOpsFallback }
            : [manager, csLead, playbook.RevOpsFallback];
        foreach (var email in order)
        {
            if (email is not null && !string.Equals(email, owner, StringComparison.OrdinalIgnoreCase)
                && await directory.FindAsync(email, ct) is { } person)
            {
                return person;
            }
        }

        return await ResolveAsync(playbook.RevOpsFallback, ct);
    }

    /// <summary>Who takes over a stage whose owner left: their manager when known, else the CS lead (CS stages) or RevOps.</summary>
    public async Task<(string Email, OwnerRole Role)> FallbackOwnerAsync(Handoff handoff, string? managerEmail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var left = handoff.Owner.Email;
        if (managerEmail is not null && !string.Equals(managerEmail, left, StringComparison.OrdinalIgnoreCase) && await directory.FindAsync(managerEmail, ct) is not null)
        {
            return (managerEmail, OwnerRole.Manager);
        }

        var lead = handoff.Routing.CsLeadEmail;
        if (Handoff.IsCsStage(handoff.Stage) && !string.Equals(lead, left, StringComparison.OrdinalIgnoreCase) && await directory.FindAsync(lead, ct) is not null)
        {
            return (lead, OwnerRole.CsLead);
        }

        return (playbooks.Current.RevOpsFallback, OwnerRole.RevOps);
    }
}
