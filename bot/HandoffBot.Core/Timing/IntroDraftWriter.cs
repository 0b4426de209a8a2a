using System.Globalization;
using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Core.Timing;

/// <summary>
/// The customer-facing introduction the AE sends: the customer's goals in their own words, what the
/// CSM will do for them, and the next step (a kickoff at one of the proposed times, customer's zone).
/// </summary>
public static class IntroDraftWriter
{
    public static IntroDraft Write(Handoff handoff, string aeName, string csmName, IReadOnlyList<DateTimeOffset> kickoffSlots, TimeZoneInfo customerZone)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(kickoffSlots);
        var account = handoff.Deal.AccountName;
        var contact = handoff.Context.Stakeholders.FirstOrDefault(s => s.Role == StakeholderRole.Champion)
            ?? handoff.Context.Stakeholders.FirstOrDefault(s => s.Role == StakeholderRole.EconomicBuyer)
            ?? handoff.Context.Stakeholders.FirstOrDefault();
        var csmFirst = csmName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? csmName;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"Hi {contact?.Name.Split(' ')[0] ?? "team"},\n\n");
        body.Append(CultureInfo.InvariantCulture, $"Thank you again for choosing us. I'd like to introduce {csmName}, your Customer Success Manager from here on. ");
        body.Append(CultureInfo.InvariantCulture, $"{csmFirst} already knows what we discussed and will be your first point of contact as {account} rolls out.\n\n");
        if (handoff.Context.Goals.Count > 0)
        {
            body.Append("What you told us you want to achieve:\n");
            foreach (var goal in handoff.Context.Goals)
            {
                body.Append(CultureInfo.InvariantCulture, $"  • {goal}\n");
            }

            body.Append('\n');
        }

        if (handoff.Context.SuccessCriteria.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"How we will know it worked: {string.Join("; ", handoff.Context.SuccessCriteria)}.\n\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"{csmFirst} will run your onboarding, make sure what we agreed is delivered, and check in regularly on your progress.\n\n");
        if (kickoffSlots.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"Next step: a kickoff call with {csmFirst}. Would one of these times work ({customerZone.Id})?\n");
            foreach (var slot in kickoffSlots)
            {
                body.Append(CultureInfo.InvariantCulture, $"  • {TimeZoneInfo.ConvertTime(slot, customerZone):dddd d MMMM, HH:mm}\n");
            }

            body.Append('\n');
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"Next step: {csmFirst} will reach out to set up a kickoff call.\n\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"Best,\n{aeName}");
        return new IntroDraft($"Introducing {csmName}, your Customer Success Manager for {account}", body.ToString());
    }
}
