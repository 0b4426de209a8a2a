using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Playbooks;

/// <summary>
/// The RevOps-owned rules of the handoff: which fields each segment needs, the clock on each stage,
/// the business calendar, where briefs go, when polls and digests happen. Loaded from YAML by
/// <see cref="PlaybookLoader"/>, which refuses an invalid file naming the key and the problem.
/// </summary>
public sealed record Playbook
{
    public required BusinessCalendar Calendar { get; init; }

    /// <summary>Owns whatever has no known owner (an AE not in the directory, an owner who left).</summary>
    public required string RevOpsFallback { get; init; }

    /// <summary>The CS lead for segments that name none.</summary>
    public required string CsLead { get; init; }

    public required IReadOnlyDictionary<Stage, SlaRule> Sla { get; init; }
    public required ReminderPolicy Reminders { get; init; }
    public required IntroSettings Intro { get; init; }
    public required PollSchedule Polls { get; init; }
    public required DigestSettings Digest { get; init; }

    /// <summary>In match order; exactly one is the default.</summary>
    public required IReadOnlyList<Segment> Segments { get; init; }

    /// <summary>
    /// The segment a deal belongs to: the first whose CRM names include the deal's segment, else
    /// the first whose ARR range holds the deal's ARR, else the default segment.
    /// </summary>
    public Segment SegmentFor(Deal deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        if (!string.IsNullOrWhiteSpace(deal.Segment))
        {
            var byName = Segments.FirstOrDefault(s =>
                s.CrmNames.Contains(deal.Segment.Trim(), StringComparer.OrdinalIgnoreCase)
                || string.Equals(s.Name, deal.Segment.Trim(), StringComparison.OrdinalIgnoreCase));
            if (byName is not null)
            {
                return byName;
            }
        }

        return Segments.FirstOrDefault(s => s.ArrRange is { } range && range.Contains(deal.Arr))
            ?? Segments.First(s => s.IsDefault);
    }

    public Segment SegmentNamed(string name) =>
        Segments.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Segments.First(s => s.IsDefault);

    /// <summary>The clock of a stage in a segment (segment override, else playbook default), or null.</summary>
    public SlaRule? SlaFor(string segment, Stage stage)
    {
        var seg = SegmentNamed(segment);
        return seg.Sla.TryGetValue(stage, out var rule) ? rule : Sla.GetValueOrDefault(stage);
    }
}

public sealed record Segment
{
    public required string Name { get; init; }
    public IReadOnlyList<string> CrmNames { get; init; } = [];
    public ArrRange? ArrRange { get; init; }
    public bool IsDefault { get; init; }

    /// <summary>Where the CS brief is posted for this segment; null: to the CS lead directly.</summary>
    public ChannelAddress? CsChannel { get; init; }

    public string? CsLead { get; init; }
    public required IReadOnlyList<FieldRule> Fields { get; init; }
    public IReadOnlyDictionary<Stage, SlaRule> Sla { get; init; } = new Dictionary<Stage, SlaRule>();
}

public sealed record ArrRange(decimal? Min, decimal? Max)
{
    /// <summary>Min inclusive, max exclusive, so adjacent ranges never overlap.</summary>
    public bool Contains(decimal arr) => (Min is null || arr >= Min) && (Max is null || arr < Max);
}

/// <summary>A Teams channel (conversation id "19:…@thread.tacv2") or a Slack channel ("C…").</summary>
public sealed record ChannelAddress(ChatPlatform Platform, string Address);

public enum SlaAnchor
{
    /// <summary>The moment the handoff entered the stage.</summary>
    StageStart,

    /// <summary>The moment CS accepted (e.g. the warm intro: 3 business days after acceptance).</summary>
    Accepted,

    /// <summary>The start of the close date's first working hour (e.g. kickoff: 10 business days after close).</summary>
    Closed,
}

/// <summary>Business time, written in the playbook as "4h" (business hours) or "2d" (business days).</summary>
public readonly record struct BusinessDuration(int Amount, BusinessUnit Unit)
{
    public TimeSpan ToBusinessTime(BusinessCalendar calendar) =>
        Unit == BusinessUnit.Hours ? TimeSpan.FromHours(Amount) : calendar.HoursPerDay * Amount;

    public override string ToString() => Unit == BusinessUnit.Hours ? $"{Amount}h" : $"{Amount}d";

    public static bool TryParse(string? text, out BusinessDuration duration)
    {
        duration = default;
        var t = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(t) || t.Length < 2)
        {
            return false;
        }

        var unit = t[^1] switch { 'h' => BusinessUnit.Hours, 'd' => BusinessUnit.Days, _ => (BusinessUnit?)null };
        if (unit is null || !int.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount) || amount < 0 || amount > 10_000)
        {
            return false;
        }

        duration = new BusinessDuration(amount, unit.Value);
        return true;
    }
}

public enum BusinessUnit
{
    Hours,
    Days,
}

public sealed record SlaRule(BusinessDuration Within, SlaAnchor From);

public enum EscalationTarget
{
    /// <summary>The owner's manager from the directory; the CS lead or RevOps when none.</summary>
    Manager,
    CsLead,
}

public sealed record ReminderPolicy
{
    /// <summary>Percent of the SLA at which the owner is reminded (default 50 and 100).</summary>
    public required IReadOnlyList<int> AtPercent { get; init; }

    /// <summary>Business time after the deadline at which the escalation goes out.</summary>
    public required BusinessDuration EscalateAfter { get; init; }

    public required EscalationTarget EscalateTo { get; init; }

    /// <summary>How long Snooze pushes a clock.</summary>
    public required BusinessDuration Snooze { get; init; }
}

public sealed record IntroSettings
{
    /// <summary>The intro is posted no sooner than this after Accept, at the next working hour in the customer's zone.</summary>
    public required BusinessDuration MinDelay { get; init; }

    /// <summary>How many kickoff slots the intro proposes.</summary>
    public required int KickoffSlots { get; init; }

    public required TimeSpan KickoffLength { get; init; }
}

public sealed record PollSchedule
{
    public required IReadOnlyList<int> DaysAfterKickoff { get; init; }

    /// <summary>Local time of day the poll is sent, in the CSM's zone (next working day if needed).</summary>
    public required TimeOnly SendAt { get; init; }

    /// <summary>How long the CSM has to answer before a reminder.</summary>
    public required BusinessDuration AnswerWindow { get; init; }
}

public sealed record DigestSettings
{
    /// <summary>Cron expression (5 fields), evaluated in each recipient's own time zone.</summary>
    public required string Cron { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }
}
