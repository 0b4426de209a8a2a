using HandoffBot.Cards.Models;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Cards.Data;

/// <summary>
/// Everything a card's data depends on besides the domain: the platform (how text is made safe),
/// who reads it ("you", their time zone, whether they may press its buttons), now, and the directory.
/// All escaping and cutting of text from people happens through here.
/// </summary>
public sealed class CardContext
{
    public CardContext(ChatPlatform platform, DateTimeOffset now, PeopleBook people, TimeZoneInfo defaultZone, string? readerEmail, CardState state)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(defaultZone);
        ArgumentNullException.ThrowIfNull(state);
        Platform = platform;
        Now = now;
        People = people;
        State = state;
        ReaderEmail = string.IsNullOrWhiteSpace(readerEmail) ? null : Emails.Normalize(readerEmail);
        Reader = People.Find(ReaderEmail);
        ReaderKnown = ReaderEmail is not null;
        Zone = Core.Playbooks.TimeZones.FindOr(Reader?.TimeZone, defaultZone);
    }

    public ChatPlatform Platform { get; }

    public DateTimeOffset Now { get; }

    public PeopleBook People { get; }

    public CardState State { get; }

    /// <summary>The person the card is rendered for; null when it is shared (a channel post) or they are not in the directory.</summary>
    public Person? Reader { get; }

    public string? ReaderEmail { get; }

    /// <summary>True when the card is rendered for one person (a personal chat, a refresh, a command's answer).</summary>
    public bool ReaderKnown { get; }

    /// <summary>The reader's time zone (the playbook calendar's when unknown or shared).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Where the full record lives (the CRM deal); text cut short links there.</summary>
    public string RecordUrl { get; set; } = "";

    public bool Teams => Platform == ChatPlatform.Teams;

    /// <summary>The reader as an actor of the domain's rules (who may press what); null when unknown.</summary>
    public Actor? ReaderActor => Reader?.ToActor() ?? (ReaderEmail is { } e ? new Actor(e, new HashSet<PersonRole>()) : null);

    /// <summary>Text for the platform's formatted text (Teams markdown, Slack mrkdwn): shown as typed, cut to <paramref name="max"/>.</summary>
    public string Md(string? raw, int max = 2000) =>
        Teams ? TextSafety.Teams(raw, max, RecordUrl) : TextSafety.Slack(raw, max, RecordUrl);

    /// <summary>Text for plain-text places (Slack headers and buttons, input values, labels).</summary>
    public string Plain(string? raw, int max) => Teams ? TextSafety.Plain(raw, max) : TextSafety.SlackPlain(raw, max);

    public static string Url(string? url) => TextSafety.SafeUrl(url);

    public static string Url(Uri? url) => TextSafety.SafeUrl(url?.AbsoluteUri);

    /// <summary>
    /// A time in the reader's zone with the zone named. A Slack card shared by many (a channel post)
    /// uses Slack's date token, which each reader's client shows in their own zone; its fallback names ours.
    /// </summary>
    public string Time(DateTimeOffset instant)
    {
        var text = Times.Format(instant, Zone, Now);
        if (Teams || ReaderKnown)
        {
            return text;
        }

        return $"<!date^{instant.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}^{{date_short_pretty}}, {{time}} your time|{text}>";
    }

    /// <summary>A time as plain text (previews, plain-text places): never a Slack token.</summary>
    public string TimePlain(DateTimeOffset instant) => Times.Format(instant, Zone, Now);

    public static string Date(DateOnly date) => Times.Date(date);

    public string Time(DateTimeOffset? instant) => instant is { } t ? Time(t) : "";

    /// <summary>A person as the directory knows them: the name (the email when the directory has none), and "you" for the reader.</summary>
    public PersonData Person(string? email, string role = "")
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return new PersonData("", "", role, false, false, "nobody yet");
        }

        if (email == Actor.SystemEmail)
        {
            return new PersonData("HandoffBot", "", role, false, true, "HandoffBot");
        }

        if (!email.Contains('@', StringComparison.Ordinal))
        {
            // Some callers already hold the name (a nudge names who nudged): show it as given.
            var given = Md(email, 200);
            return new PersonData(given, "", role, false, true, given);
        }

        var normalized = Emails.Normalize(email);
        var person = People.Find(normalized);
        var isYou = ReaderEmail is not null && ReaderEmail == normalized;
        var name = person is null ? "" : Md(person.Name, 200);
        var address = Md(normalized, 320);
        return new PersonData(name, address, role, isYou, person is not null, isYou ? "you" : person is null ? address : name);
    }

    /// <summary>A person's name as plain text (previews): the name, else the email.</summary>
    public string PersonPlain(string? email) =>
        email == Actor.SystemEmail ? "HandoffBot" : People.Find(email)?.Name ?? email ?? "";

    /// <summary>The notice at the top of a card: a confirmation, or what went wrong; null when there is none.</summary>
    public NoticeData? Notice(bool errorsLead = true)
    {
        if (errorsLead && State.Errors is { Count: > 0 } errors)
        {
            return new NoticeData(Md("⚠️ " + string.Join(" ", errors.Select(e => e.Message)), 1000), true);
        }

        return State.Banner is { Length: > 0 } banner ? new NoticeData(Md(banner, 1000), false) : null;
    }
}
