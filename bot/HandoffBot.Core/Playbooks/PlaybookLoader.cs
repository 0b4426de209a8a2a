using System.Globalization;
using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HandoffBot.Core.Playbooks;

/// <summary>The playbook file is invalid; every problem is listed as "key: problem".</summary>
public sealed class PlaybookException(string source, IReadOnlyList<string> problems)
    : Exception($"Invalid playbook {source}:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Reads a playbook from YAML. Scalars are read as text and checked here, so that every problem in
/// the file is reported at once with the key it is under, instead of the first type error only.
/// </summary>
public static partial class PlaybookLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static Playbook LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new PlaybookException(path, [$"file not found (set Playbook__Path to a playbook YAML file)"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static Playbook Parse(string yaml, string source = "playbook.yaml")
    {
        RawPlaybook? raw;
        try
        {
            raw = Yaml.Deserialize<RawPlaybook>(yaml);
        }
        catch (YamlException ex)
        {
            throw new PlaybookException(source, [Describe(ex)]);
        }

        if (raw is null)
        {
            throw new PlaybookException(source, ["the file is empty"]);
        }

        var errors = new List<string>();
        var playbook = new Builder(errors).Build(raw);
        if (errors.Count > 0 || playbook is null)
        {
            throw new PlaybookException(source, errors);
        }

        return playbook;
    }

    private static string Describe(YamlException ex)
    {
        var where = $"line {ex.Start.Line}, column {ex.Start.Column}";
        var message = ex.InnerException?.Message ?? ex.Message;
        var unknown = UnknownKey().Match(ex.Message);
        if (unknown.Success)
        {
            return $"{where}: unknown key '{unknown.Groups[1].Value}' (check its spelling and indentation)";
        }

        return $"{where}: {StripMark().Replace(message, "")}";
    }

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex UnknownKey();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex StripMark();

    /// <summary>The built-in weights, used where the file names no `fields`.</summary>
    public static IReadOnlyList<FieldRule> DefaultFields { get; } =
    [
        new(ContextField.WhatWasSold, 15, true),
        new(ContextField.Commitments, 15, true),
        new(ContextField.Goals, 10, true),
        new(ContextField.SuccessCriteria, 10, true),
        new(ContextField.Stakeholders, 15, true),
        new(ContextField.Risks, 10, true),
        new(ContextField.SpecialTerms, 5, false),
        new(ContextField.ExpansionPotential, 5, false),
        new(ContextField.TargetGoLive, 5, true),
        new(ContextField.CustomerTimeZone, 5, true),
        new(ContextField.CrmLink, 3, false),
        new(ContextField.Notes, 2, false),
    ];

    private sealed partial class Builder(List<string> errors)
    {
        public Playbook? Build(RawPlaybook raw)
        {
            var fallback = Email("owners.revopsFallback", raw.Owners?.RevopsFallback, required: true);
            var csLead = Email("owners.csLead", raw.Owners?.CsLead, required: false) ?? fallback;
            var calendar = Calendar(raw.Calendar);
            var sla = SlaMap("sla", raw.Sla);
            var fields = FieldRules("fields", raw.Fields, DefaultFields);
            var segments = Segments(raw.Segments, fields);
            var reminders = Reminders(raw.Reminders);
            var intro = Intro(raw.Intro);
            var polls = Polls(raw.Polls);
            var digest = Digest(raw.Digest);
            if (errors.Count > 0 || calendar is null || fallback is null || csLead is null)
            {
                return null;
            }

            return new Playbook
            {
                Calendar = calendar,
                RevOpsFallback = fallback,
                CsLead = csLead,
                Sla = sla,
                Reminders = reminders,
                Intro = intro,
                Polls = polls,
                Digest = digest,
                Segments = segments,
            };
        }

        private BusinessCalendar? Calendar(RawCalendar? raw)
        {
            var zone = Zone("calendar.timeZone", raw?.TimeZone ?? "UTC");
            var days = new HashSet<DayOfWeek>();
            foreach (var (name, i) in (raw?.Workdays ?? ["mon", "tue", "wed", "thu", "fri"]).Select((d, i) => (d, i)))
            {
                if (ParseDay(name) is { } day)
                {
                    days.Add(day);
                }
                else
                {
                    errors.Add($"calendar.workdays[{i}]: '{name}' is not a day (use mon, tue, … or monday, tuesday, …)");
                }
            }

            if (days.Count == 0 && raw?.Workdays is { Count: 0 })
            {
                errors.Add("calendar.workdays: at least one working day is needed");
            }

            TimeOnly opens = new(9, 0), closes = new(17, 0);
            var hours = raw?.Hours ?? "09:00-17:00";
            var parts = hours.Split('-', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !TryTime(parts[0], out opens) || !TryTime(parts[1], out closes) || opens >= closes)
            {
                errors.Add($"calendar.hours: '{hours}' is not a working-hours range like 09:00-17:00");
            }

            var holidays = new HashSet<DateOnly>();
            foreach (var (text, i) in (raw?.Holidays ?? []).Select((h, i) => (h, i)))
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    holidays.Add(date);
                }
                else
                {
                    errors.Add($"calendar.holidays[{i}]: '{text}' is not a date (yyyy-MM-dd)");
                }
            }

            return zone is null ? null : new BusinessCalendar { Workdays = days, Opens = opens, Closes = closes, Holidays = holidays, DefaultTimeZone = zone };
        }

        private Dictionary<Stage, SlaRule> SlaMap(string key, Dictionary<string, string>? raw)
        {
            var map = new Dictionary<Stage, SlaRule>();
            if (raw is null)
            {
                return key == "sla" ? DefaultSla() : map;
            }

            foreach (var (stageKey, value) in raw)
            {
                if (!StageNames.TryParse(stageKey, out var stage) || stage is Stage.Intake or Stage.Outcome)
                {
                    errors.Add($"{key}.{stageKey}: not a stage with a clock (use contextCapture, csReview, internalHandoff, warmIntro, kickoff or onboarding)");
                    continue;
                }

                if (ParseSla(value) is { } rule)
                {
                    map[stage] = rule;
                }
                else
                {
                    errors.Add($"{key}.{stageKey}: '{value}' is not a clock (use e.g. 24h, 2d, or '3d from accepted'; anchors: stageStart, accepted, closed)");
                }
            }

            return map;
        }

        private static Dictionary<Stage, SlaRule> DefaultSla() => new()
        {
            [Stage.ContextCapture] = new(new(24, BusinessUnit.Hours), SlaAnchor.StageStart),
            [Stage.CsReview] = new(new(4, BusinessUnit.Hours), SlaAnchor.StageStart),
            [Stage.InternalHandoff] = new(new(2, BusinessUnit.Days), SlaAnchor.StageStart),
            [Stage.WarmIntro] = new(new(3, BusinessUnit.Days), SlaAnchor.Accepted),
            [Stage.Kickoff] = new(new(10, BusinessUnit.Days), SlaAnchor.Closed),
        };

        private static SlaRule? ParseSla(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!BusinessDuration.TryParse(words[0], out var within))
            {
                return null;
            }

            if (words.Length == 1)
            {
                return new SlaRule(within, SlaAnchor.StageStart);
            }

            return words.Length == 3 && words[1].Equals("from", StringComparison.OrdinalIgnoreCase)
                && Enum.TryParse<SlaAnchor>(words[2], ignoreCase: true, out var anchor) && Enum.IsDefined(anchor)
                ? new SlaRule(within, anchor)
                : null;
        }

        private List<FieldRule> FieldRules(string key, Dictionary<string, RawField>? raw, IReadOnlyList<FieldRule> defaults)
        {
            var rules = defaults.ToDictionary(r => r.Field);
            foreach (var (fieldKey, value) in raw ?? [])
            {
                if (!ContextFields.TryParseKey(fieldKey, out var field))
                {
                    errors.Add($"{key}.{fieldKey}: not a deal-context field (one of {string.Join(", ", ContextFields.All.Select(f => f.Key()))})");
                    continue;
                }

                var current = rules.GetValueOrDefault(field) ?? new FieldRule(field, 0, false);
                var weight = current.Weight;
                if (value?.Weight is { } w && (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight > 100))
                {
                    errors.Add($"{key}.{fieldKey}.weight: '{w}' is not a whole number from 0 to 100");
                    continue;
                }

                var required = current.Required;
                if (value?.Required is { } r && !bool.TryParse(r, out required))
                {
                    errors.Add($"{key}.{fieldKey}.required: '{r}' is not true or false");
                    continue;
                }

                rules[field] = new FieldRule(field, weight, required);
            }

            return [.. rules.Values.Where(r => r.Weight > 0 || r.Required).OrderBy(r => r.Field)];
        }

        private List<Segment> Segments(List<RawSegment>? raw, List<FieldRule> defaultFields)
        {
            if (raw is null || raw.Count == 0)
            {
                return [new Segment { Name = "Default", IsDefault = true, Fields = defaultFields }];
            }

            var segments = new List<Segment>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < raw.Count; i++)
            {
                var s = raw[i];
                var key = $"segments[{i}]";
                if (string.IsNullOrWhiteSpace(s.Name))
                {
                    errors.Add($"{key}.name: every segment needs a name");
                    continue;
                }

                if (!names.Add(s.Name.Trim()))
                {
                    errors.Add($"{key}.name: '{s.Name}' is used by two segments");
                }

                var isDefault = false;
                if (s.Default is { } d && !bool.TryParse(d, out isDefault))
                {
                    errors.Add($"{key}.default: '{d}' is not true or false");
                }

                segments.Add(new Segment
                {
                    Name = s.Name.Trim(),
                    CrmNames = s.CrmNames ?? [],
                    ArrRange = Range($"{key}.arr", s.Arr),
                    IsDefault = isDefault,
                    CsChannel = Channel($"{key}.csChannel", s.CsChannel),
                    CsLead = Email($"{key}.csLead", s.CsLead, required: false),
                    Fields = FieldRules($"{key}.fields", s.Fields, defaultFields),
                    Sla = SlaMap($"{key}.sla", s.Sla),
                });
            }

            var defaults = segments.Count(x => x.IsDefault);
            if (defaults != 1 && segments.Count > 0)
            {
                errors.Add($"segments: exactly one segment must have 'default: true' (found {defaults})");
            }

            return segments;
        }

        private ArrRange? Range(string key, RawRange? raw)
        {
            if (raw is null)
            {
                return null;
            }

            decimal? min = null, max = null;
            if (raw.Min is { } a)
            {
                if (decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0) min = v;
                else errors.Add($"{key}.min: '{a}' is not an amount");
            }

            if (raw.Max is { } b)
            {
                if (decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0) max = v;
                else errors.Add($"{key}.max: '{b}' is not an amount");
            }

            if (min is not null && max is not null && min >= max)
            {
                errors.Add($"{key}: min must be below max");
            }

            return new ArrRange(min, max);
        }

        private ChannelAddress? Channel(string key, string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                return null;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var platform = colon > 0 ? raw[..colon].Trim() : "";
            var address = colon > 0 ? raw[(colon + 1)..].Trim() : "";
            if (platform.Equals("slack", StringComparison.OrdinalIgnoreCase) && SlackChannel().IsMatch(address))
            {
                return new ChannelAddress(ChatPlatform.Slack, address);
            }

            if (platform.Equals("teams", StringComparison.OrdinalIgnoreCase) && address.StartsWith("19:", StringComparison.Ordinal) && address.Contains("@thread.", StringComparison.Ordinal))
            {
                return new ChannelAddress(ChatPlatform.Teams, address);
            }

            errors.Add($"{key}: '{raw}' is not a channel (use slack:C0123ABCD or teams:19:…@thread.tacv2)");
            return null;
        }

        [GeneratedRegex("^[CG][A-Z0-9]{6,}$")]
        private static partial Regex SlackChannel();

        private ReminderPolicy Reminders(RawReminders? raw)
        {
            var percents = new List<int>();
            foreach (var (text, i) in (raw?.AtPercent ?? ["50", "100"]).Select((p, i) => (p, i)))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 200) percents.Add(p);
                else errors.Add($"reminders.atPercent[{i}]: '{text}' is not a percentage from 1 to 200");
            }

            var escalateTo = EscalationTarget.Manager;
            if (raw?.EscalateTo is { } to && !(Enum.TryParse(to, ignoreCase: true, out escalateTo) && Enum.IsDefined(escalateTo)))
            {
                errors.Add($"reminders.escalateTo: '{to}' is not manager or csLead");
            }

            return new ReminderPolicy
            {
                AtPercent = [.. percents.Distinct().Order()],
                EscalateAfter = Duration("reminders.escalateAfter", raw?.EscalateAfter, new(2, BusinessUnit.Hours)),
                EscalateTo = escalateTo,
                Snooze = Duration("reminders.snooze", raw?.Snooze, new(1, BusinessUnit.Days)),
            };
        }

        private IntroSettings Intro(RawIntro? raw) => new()
        {
            MinDelay = Duration("intro.minDelay", raw?.MinDelay, new(2, BusinessUnit.Hours)),
            KickoffSlots = Int("intro.kickoffSlots", raw?.KickoffSlots, 3, 1, 10),
            KickoffLength = TimeSpan.FromMinutes(Int("intro.kickoffMinutes", raw?.KickoffMinutes, 45, 15, 240)),
        };

        private PollSchedule Polls(RawPolls? raw)
        {
            var days = new List<int>();
            foreach (var (text, i) in (raw?.DaysAfterKickoff ?? ["30", "60", "90"]).Select((d, i) => (d, i)))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 730) days.Add(d);
                else errors.Add($"polls.daysAfterKickoff[{i}]: '{text}' is not a number of days from 1 to 730");
            }

            var sendAt = new TimeOnly(10, 0);
            if (raw?.SendAt is { } s && !TryTime(s, out sendAt))
            {
                errors.Add($"polls.sendAt: '{s}' is not a time of day (HH:mm)");
            }

            return new PollSchedule
            {
                DaysAfterKickoff = [.. days.Distinct().Order()],
                SendAt = sendAt,
                AnswerWindow = Duration("polls.answerWindow", raw?.AnswerWindow, new(5, BusinessUnit.Days)),
            };
        }

        private DigestSettings Digest(RawDigest? raw)
        {
            var cron = raw?.Cron ?? "0 8 * * MON";
            try
            {
                Cronos.CronExpression.Parse(cron);
            }
            catch (Cronos.CronFormatException ex)
            {
                errors.Add($"digest.cron: '{cron}' is not a cron expression ({ex.Message.TrimEnd('.')}); e.g. '0 8 * * MON'");
            }

            var recipients = new List<string>();
            foreach (var (text, i) in (raw?.Recipients ?? []).Select((r, i) => (r, i)))
            {
                if (Email($"digest.recipients[{i}]", text, required: true) is { } email) recipients.Add(email);
            }

            return new DigestSettings { Cron = cron, Recipients = recipients };
        }

        private BusinessDuration Duration(string key, string? text, BusinessDuration fallback)
        {
            if (text is null)
            {
                return fallback;
            }

            if (BusinessDuration.TryParse(text, out var d))
            {
                return d;
            }

            errors.Add($"{key}: '{text}' is not a duration (use e.g. 4h for business hours or 2d for business days)");
            return fallback;
        }

        private int Int(string key, string? text, int fallback, int min, int max)
        {
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            {
                return v;
            }

            errors.Add($"{key}: '{text}' is not a whole number from {min} to {max}");
            return fallback;
        }

        private string? Email(string key, string? text, bool required)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required) errors.Add($"{key}: an email address is required");
                return null;
            }

            if (!Emails.IsValid(text.Trim()))
            {
                errors.Add($"{key}: '{text}' is not an email address");
                return null;
            }

            return Emails.Normalize(text);
        }

        private TimeZoneInfo? Zone(string key, string id)
        {
            if (TimeZones.TryFind(id, out var zone))
            {
                return zone;
            }

            errors.Add($"{key}: '{id}' is not a time zone (use an IANA name like America/New_York)");
            return null;
        }

        private static bool TryTime(string text, out TimeOnly time) =>
            TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

        private static DayOfWeek? ParseDay(string name)
        {
            var n = name.Trim().ToLowerInvariant();
            foreach (var day in Enum.GetValues<DayOfWeek>())
            {
                var full = day.ToString().ToLowerInvariant();
                if (n == full || (n.Length >= 3 && full.StartsWith(n, StringComparison.Ordinal)))
                {
                    return day;
                }
            }

            return null;
        }
    }

    // The shape of the YAML file. Scalars are strings on purpose: the builder checks them and names the key.
#pragma warning disable CA1812, CA2227, CA1002 // instantiated and filled by YamlDotNet
    private sealed class RawPlaybook
    {
        public RawOwners? Owners { get; set; }
        public RawCalendar? Calendar { get; set; }
        public Dictionary<string, string>? Sla { get; set; }
        public RawReminders? Reminders { get; set; }
        public RawIntro? Intro { get; set; }
        public RawPolls? Polls { get; set; }
        public RawDigest? Digest { get; set; }
        public Dictionary<string, RawField>? Fields { get; set; }
        public List<RawSegment>? Segments { get; set; }
    }

    private sealed class RawOwners
    {
        public string? RevopsFallback { get; set; }
        public string? CsLead { get; set; }
    }

    private sealed class RawCalendar
    {
        public string? TimeZone { get; set; }
        public List<string>? Workdays { get; set; }
        public string? Hours { get; set; }
        public List<string>? Holidays { get; set; }
    }

    private sealed class RawReminders
    {
        public List<string>? AtPercent { get; set; }
        public string? EscalateAfter { get; set; }
        public string? EscalateTo { get; set; }
        public string? Snooze { get; set; }
    }

    private sealed class RawIntro
    {
        public string? MinDelay { get; set; }
        public string? KickoffSlots { get; set; }
        public string? KickoffMinutes { get; set; }
    }

    private sealed class RawPolls
    {
        public List<string>? DaysAfterKickoff { get; set; }
        public string? SendAt { get; set; }
        public string? AnswerWindow { get; set; }
    }

    private sealed class RawDigest
    {
        public string? Cron { get; set; }
        public List<string>? Recipients { get; set; }
    }

    private sealed class RawField
    {
        public string? Weight { get; set; }
        public string? Required { get; set; }
    }

    private sealed class RawSegment
    {
        public string? Name { get; set; }
        public List<string>? CrmNames { get; set; }
        public RawRange? Arr { get; set; }
        public string? Default { get; set; }
        public string? CsChannel { get; set; }
        public string? CsLead { get; set; }
        public Dictionary<string, RawField>? Fields { get; set; }
        public Dictionary<string, string>? Sla { get; set; }
    }

    private sealed class RawRange
    {
        public string? Min { get; set; }
        public string? Max { get; set; }
    }
#pragma warning restore CA1812, CA2227, CA1002
}
