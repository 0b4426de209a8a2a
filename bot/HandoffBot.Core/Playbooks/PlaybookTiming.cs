using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HandoffBot.Core.Playbooks;

/// <summary>
/// A short fingerprint of everything in a playbook that moves a clock (calendar, SLAs, reminders,
/// intro, polls, digest schedule). Two playbooks with the same fingerprint plan the same jobs, so a
/// reload that only changes, say, field weights re-plans nothing.
/// </summary>
public static class PlaybookTiming
{
    public static string Fingerprint(Playbook playbook)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        var c = playbook.Calendar;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cal:{c.DefaultTimeZone.Id}|{c.Opens:HH\\:mm}-{c.Closes:HH\\:mm}|");
        text.AppendJoin(',', c.Workdays.Order()).Append('|').AppendJoin(',', c.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        text.Append("|sla:").AppendJoin(',', playbook.Sla.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value.Within}/{kv.Value.From}"));
        foreach (var segment in playbook.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"|seg:{segment.Name}:").AppendJoin(',', segment.Sla.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value.Within}/{kv.Value.From}"));
        }

        var r = playbook.Reminders;
        text.Append("|rem:").AppendJoin(',', r.AtPercent).Append(CultureInfo.InvariantCulture, $"/{r.EscalateAfter}/{r.EscalateTo}/{r.Snooze}");
        text.Append(CultureInfo.InvariantCulture, $"|intro:{playbook.Intro.MinDelay}/{playbook.Intro.KickoffSlots}/{playbook.Intro.KickoffLength}");
        text.Append("|polls:").AppendJoin(',', playbook.Polls.DaysAfterKickoff).Append(CultureInfo.InvariantCulture, $"/{playbook.Polls.SendAt:HH\\:mm}/{playbook.Polls.AnswerWindow}");
        text.Append(CultureInfo.InvariantCulture, $"|digest:{playbook.Digest.Cron}/").AppendJoin(',', playbook.Digest.Recipients);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
