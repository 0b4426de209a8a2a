using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Metrics;

/// <summary>
/// The leaders' numbers, from the facts projection the store keeps beside each handoff (written in
/// the same transaction as the handoff): in memory over the stored facts (LiteDB) or in SQL (PostgreSQL).
/// Both give what <see cref="HandoffMetrics"/> and <see cref="DigestBuilder"/> give over the same facts.
/// </summary>
public interface IMetricsSource
{
    /// <summary>Every measure as of <paramref name="asOf"/>, for deals closed in [<paramref name="closedFrom"/>, <paramref name="closedTo"/>] (null: open).</summary>
    Task<MetricsReport> MetricsAsync(DateOnly? closedFrom, DateOnly? closedTo, DateTimeOffset asOf, CancellationToken ct = default);

    /// <summary>The digest of local days [<paramref name="from"/>, <paramref name="to"/>] in <paramref name="zone"/>, and its chart's data.</summary>
    Task<(DigestReport Report, ChartData Chart)> DigestAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset asOf, CancellationToken ct = default);
}

/// <summary>
/// How a handoff becomes its stored facts: <see cref="HandoffFacts.From"/> in the playbook calendar in
/// force. Stored facts carry <see cref="CalendarKey"/>; when the calendar changes (a playbook reload)
/// the stores project the handoffs again before they answer.
/// </summary>
public sealed class FactsProjection(IPlaybookProvider playbooks)
{
    public BusinessCalendar Calendar => playbooks.Current.Calendar;

    public string CalendarKey => Key(Calendar);

    public HandoffFacts Project(Handoff handoff) => HandoffFacts.From(handoff, Calendar);

    /// <summary>A short fingerprint of what the durations depend on: zone, hours, workdays, holidays.</summary>
    public static string Key(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{calendar.DefaultTimeZone.Id}|{calendar.Opens:HH\\:mm}-{calendar.Closes:HH\\:mm}|");
        text.AppendJoin(',', calendar.Workdays.Order()).Append('|').AppendJoin(',', calendar.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
