using HandoffBot.Cards.Models;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Data;

/// <summary>Builds the shared pieces (<see cref="DealData"/>, <see cref="ClockData"/>, …) from the domain.</summary>
public static class Pieces
{
    public static DealData Deal(CardContext ctx, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        var d = h.Deal;
        return new DealData(
            h.Id,
            ctx.Md(d.AccountName, 200),
            ctx.Plain(d.AccountName, 120),
            Formats.Money(d.Arr, d.Currency),
            ctx.Md(d.Segment ?? h.Segment, 100),
            CardContext.Date(d.CloseDate),
            ctx.Md(d.CrmId, 100),
            CardContext.Url(d.CrmUrl),
            d.CustomerTimeZone is { } zone && Core.Playbooks.TimeZones.TryFind(zone, out var tz) ? Times.ZoneName(tz, ctx.Now) : "");
    }

    public static ClockData Clock(CardContext ctx, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        return new ClockData(h.Stage.Display(), ctx.Person(h.Owner.Email, Formats.Role(h.Owner.Role)), ctx.Time(h.DueAt), h.DueAt is not null, h.DueAt < ctx.Now);
    }

    public static CompletenessData Completeness(Completeness c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var missing = c.Missing.Select(f => f.Label()).ToList();
        return new CompletenessData(c.Score, Formats.Meter(c.Score), c.IsComplete, missing, string.Join(", ", missing.Select(m => m.ToLowerInvariant())));
    }

    /// <summary>"from the call of 3 May, 11:05 in — Dana Ruiz, VP Operations: “…”".</summary>
    public static EvidenceData Evidence(CardContext ctx, Evidence e, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(h);
        var transcript = h.Transcripts.FirstOrDefault(t => t.Id == e.SourceId);
        var note = h.Notes.FirstOrDefault(n => n.Id == e.SourceId);
        var start = e.SourceDate ?? transcript?.RecordedAt ?? note?.CreatedAt;
        var day = start is { } s ? " of " + Times.ShortDate(s, ctx.Zone, ctx.Now) : "";
        var source = transcript is not null
            ? "the call" + day + (e.Offset is { } o ? ", " + Times.Offset(o) : "")
            : note is not null ? "the notes" + day : "source " + e.SourceId;
        var speaker = "";
        if (e.Speaker is { Length: > 0 } name)
        {
            var title = h.Context.Stakeholders.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))?.Title
                ?? h.Draft?.Stakeholders.FirstOrDefault(x => string.Equals(x.Value.Name, name, StringComparison.OrdinalIgnoreCase))?.Value.Title;
            speaker = name + (title is { Length: > 0 } ? ", " + title : "");
        }

        var quote = e.Quote.Length > 160 ? e.Quote[..159].TrimEnd() + "…" : e.Quote;
        var line = $"from {source}{(speaker.Length > 0 ? " — " + speaker : "")}: “{quote}”";
        return new EvidenceData(ctx.Md(e.Quote, 400), ctx.Md(source, 200), ctx.Md(speaker, 200), ctx.Md(line, 400));
    }

    /// <summary>The deal context field by field, each item with the evidence of the suggestion it came from.</summary>
    public static ContextData Context(CardContext ctx, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        var c = h.Context;
        var d = h.Draft;
        EvidenceData? Ev<T>(IEnumerable<Drafted<T>>? items, T value) =>
            items?.FirstOrDefault(x => Equals(x.Value, value)) is { } hit ? Evidence(ctx, hit.Evidence, h) : null;

        FieldData Field<T>(ContextField field, IEnumerable<T> values, Func<T, string> text, Func<T, EvidenceData?> evidence)
        {
            var items = values.Take(12).Select(v => new ItemData(ctx.Md(text(v), 1000), evidence(v))).ToList();
            var status = items.Count > 0 ? "given" : c.ConfirmedNone.Contains(field) ? "none" : "missing";
            return new FieldData(field.Label(), status, items, Bullets(items));
        }

        return new ContextData(
            Field(ContextField.WhatWasSold, c.WhatWasSold, Formats.Sold, _ => null),
            Field(ContextField.Commitments, c.Commitments, x => Commitment(ctx, x), x => Ev(d?.Commitments, x)),
            Field(ContextField.Goals, c.Goals, x => x, x => Ev(d?.Goals, x)),
            Field(ContextField.SuccessCriteria, c.SuccessCriteria, x => x, x => Ev(d?.SuccessCriteria, x)),
            Field(ContextField.Stakeholders, c.Stakeholders, Formats.Stakeholder, x => Ev(d?.Stakeholders, x)),
            Field(ContextField.Risks, c.Risks.OrderByDescending(r => r.Severity), Formats.Risk, x => Ev(d?.Risks, x)),
            Field(ContextField.SpecialTerms, c.SpecialTerms, Formats.Term, x => Ev(d?.SpecialTerms, x)),
            ctx.Md(c.ExpansionPotential, 1000),
            c.TargetGoLive is { } go ? CardContext.Date(go) : "");
    }

    /// <summary>"• item" lines, each with its evidence in italics below; cut (with "…") before Slack's 3,000 characters.</summary>
    public static string Bullets(IReadOnlyList<ItemData> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var text = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            var line = "• " + item.Text + (item.Evidence is { } e ? "\n      _" + e.Line + "_" : "");
            if (text.Length + line.Length > 2800)
            {
                text.Append("\n…");
                break;
            }

            text.Append(text.Length > 0 ? "\n" : "").Append(line);
        }

        return text.ToString();
    }

    /// <summary>"SSO live before go-live — due 15 Dec 2026 (promised by Avery Brooks)": the promiser by name.</summary>
    public static string Commitment(CardContext ctx, Commitment c)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(c);
        var by = c.PromisedBy is { Length: > 0 } p ? $" (promised by {(p.Contains('@', StringComparison.Ordinal) ? ctx.PersonPlain(p) : p)})" : "";
        return c.What + (c.Due is { } due ? $" — due {Times.Date(due)}" : "") + by;
    }

    public static QuestionData Question(CardContext ctx, Question q)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(q);
        return new QuestionData(
            q.Id,
            ctx.Md(q.Text, 1000),
            ctx.Person(q.AskedBy),
            ctx.Time(q.AskedAt),
            q.IsOpen,
            ctx.Md(q.Answer, 2000),
            q.IsOpen ? null : ctx.Person(q.AnsweredBy),
            ctx.Time(q.AnsweredAt));
    }

    public static IReadOnlyList<ChoiceData> Choices<TEnum>()
        where TEnum : struct, Enum => [.. Formats.Choices<TEnum>().Select(c => new ChoiceData(c.Title, c.Value))];
}
