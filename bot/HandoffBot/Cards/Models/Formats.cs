using System.Globalization;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>How domain values read on a card (one place, so Teams and Slack say the same thing).</summary>
public static class Formats
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", En);

    public static string When(DateTimeOffset t) => t.UtcDateTime.ToString("d MMM yyyy, HH:mm", En) + " UTC";

    public static string Money(decimal amount, string currency) => $"{amount.ToString("#,0", En)} {currency}";

    public static string Words<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var snake = EnumText.Snake(value).Replace('_', ' ');
        return char.ToUpperInvariant(snake[0]) + snake[1..];
    }

    public static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumText.Snake(value);

    public static IReadOnlyList<Choice> Choices<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(v => new Choice(Words(v), Snake(v)))];

    /// <summary>A stage owner's role as people say it: "AE", "CSM", "CS lead".</summary>
    public static string Role(OwnerRole role) => role switch
    {
        OwnerRole.AccountExecutive => "AE",
        OwnerRole.Csm => "CSM",
        OwnerRole.CsLead => "CS lead",
        OwnerRole.RevOps => "RevOps",
        _ => Words(role),
    };

    /// <summary>A ten-step bar: "███████░░░ 70%".</summary>
    public static string Meter(int score)
    {
        var filled = Math.Clamp(score, 0, 100) / 10;
        return new string('█', filled) + new string('░', 10 - filled) + $" {score}%";
    }

    /// <summary>"due 4 Dec 2026, 17:00 UTC (overdue)".</summary>
    public static string Clock(DateTimeOffset? due, DateTimeOffset now) => due is { } d
        ? When(d) + (d < now ? " — overdue" : "")
        : "no clock";

    public static string Person(string email) => email == Actor.SystemEmail ? "HandoffBot" : email;

    public static string Sold(SoldItem item)
    {
        var seats = item.Seats is { } s ? $", {s} seats" : "";
        var modules = item.Modules is { Count: > 0 } m ? $" ({string.Join(", ", m)})" : "";
        return item.Product + seats + modules;
    }

    public static string Commitment(Commitment c) =>
        c.What + (c.Due is { } d ? $" — due {Date(d)}" : "") + (c.PromisedBy is { Length: > 0 } by ? $" (promised by {by})" : "");

    public static string Stakeholder(Stakeholder s) =>
        s.Name + (s.Title is { Length: > 0 } t ? $", {t}" : "") + $" — {Words(s.Role)}" + (s.Email is { Length: > 0 } e ? $" ({e})" : "");

    public static string Risk(Risk r) => $"{Words(r.Severity)} · {Words(r.Category)}: {r.Description}";

    public static string Term(SpecialTerm t) => $"{Words(t.Kind)}: {t.Text}";

    /// <summary>"from the call on 3 May, 12:41 — Dana Ruiz, VP Operations: '…'".</summary>
    public static string Evidence(Evidence e, Handoff handoff)
    {
        var transcript = handoff.Transcripts.FirstOrDefault(t => t.Id == e.SourceId);
        var note = handoff.Notes.FirstOrDefault(n => n.Id == e.SourceId);
        var start = e.SourceDate ?? transcript?.RecordedAt ?? note?.CreatedAt;
        var source = transcript is not null ? "the call" : note is not null ? "the notes" : "source " + e.SourceId;
        var when = start is { } s
            ? transcript is not null && e.Offset is { } o
                ? " on " + (s + o).UtcDateTime.ToString("d MMM, HH:mm", En)
                : " of " + s.UtcDateTime.ToString("d MMM", En)
            : "";
        var speaker = "";
        if (e.Speaker is { Length: > 0 } name)
        {
            var title = handoff.Context.Stakeholders.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))?.Title
                ?? handoff.Draft?.Stakeholders.FirstOrDefault(x => string.Equals(x.Value.Name, name, StringComparison.OrdinalIgnoreCase))?.Value.Title;
            speaker = " — " + name + (title is { Length: > 0 } ? ", " + title : "");
        }

        var quote = e.Quote.Length > 160 ? e.Quote[..159].TrimEnd() + "…" : e.Quote;
        return $"from {source}{when}{speaker}: “{quote}”";
    }
}
