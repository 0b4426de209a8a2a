using HandoffBot.Cards.Models;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Data;

/// <summary>The data of the answers to chat commands and of the error card.</summary>
public static class CommandBuilder
{
    public static HelpData Help(CardContext ctx, HelpResult r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        return new HelpData(
            "HandoffBot — what you can ask",
            ctx.Md(r.Problem, 500),
            new CommandData[]
            {
                new("my handoffs", "what you own or are AE/CSM on, open ones first"),
                new("status <account>", "one handoff in detail: stage, owner, clock, brief"),
                new("who owns <account>", "the one accountable owner right now"),
                new("reassign <account> <email>", "CS leads and RevOps: hand the current stage on"),
                new("digest", "sales leaders: the last seven days"),
                new("help", "this card"),
            }.Select(c => new CommandData(ctx.Md(c.Command, 100), ctx.Md(c.What, 300))).ToList());
    }

    public static HandoffListData List(CardContext ctx, HandoffListResult r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        var lines = r.Handoffs.Take(20).Select(l => Line(ctx, l)).ToList();
        return new HandoffListData("Your handoffs", r.Handoffs.Count, r.Truncated || r.Handoffs.Count > 20, lines);
    }

    public static NoMatchData NoMatch(CardContext ctx, NoMatchResult r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        return new NoMatchData(r.Candidates.Count > 0 ? "Which one?" : "No match",
            ctx.Md(r.Query, 200), [.. r.Candidates.Take(10).Select(l => Line(ctx, l))]);
    }

    public static WhoOwnsData WhoOwns(CardContext ctx, OwnerResult r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        var h = r.Handoff;
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        return new WhoOwnsData($"Who owns {h.Deal.AccountName}", Pieces.Deal(ctx, h), Pieces.Clock(ctx, h),
            ctx.Time(h.Owner.Since), ctx.Person(h.Deal.AeEmail, "AE"), BriefBuilder.Csm(ctx, h));
    }

    public static ReassignData Reassign(CardContext ctx, ReassignCommandResult r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        return new ReassignData(r.Result.Message, r.Result.Status is Core.Application.ReassignStatus.Reassigned or Core.Application.ReassignStatus.Unchanged, ctx.Md(r.Result.Message, 1000));
    }

    public static ErrorData Error(CardContext ctx, string message)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return new ErrorData(message, ctx.Md(message, 2000));
    }

    /// <summary>One handoff of a list; what the reader can do from it when the stage is theirs (a per-user view).</summary>
    private static LineData Line(CardContext ctx, HandoffLine l)
    {
        var yours = ctx.ReaderEmail is { } reader && string.Equals(Emails.Normalize(l.OwnerEmail), reader, StringComparison.Ordinal);
        var next = !yours || !ctx.State.ShowActions ? "" : l.Stage switch
        {
            Stage.CsReview => "accept",
            Stage.ContextCapture => "fill",
            _ => "",
        };
        var owner = ctx.Person(l.OwnerEmail);
        if (!owner.Known && l.OwnerName.Length > 0 && !yours)
        {
            owner = owner with { Name = ctx.Md(l.OwnerName, 200), Label = ctx.Md(l.OwnerName, 200) };
        }

        return new LineData(l.Id, ctx.Md(l.AccountName, 200), ctx.Plain(l.AccountName, 120), l.Stage.Display(), owner, ctx.Time(l.DueAt), l.Overdue, l.Completeness, yours, next);
    }
}
