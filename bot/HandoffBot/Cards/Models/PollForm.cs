using System.Globalization;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>The post-sale poll's four questions (and a comment), in the input ids the poll action reads.</summary>
public static class PollForm
{
    public static IEnumerable<CardInput> Inputs() =>
    [
        new CardInput("choice", ActionInputs.PollMatch, "Did the deal match what was sold?") { Choices = Formats.Choices<DealMatch>(), Optional = false },
        new CardInput("choice", ActionInputs.PollExpectations, "Were expectations realistic? (1–5)") { Choices = [.. Enumerable.Range(1, 5).Select(i => new Choice(i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture)))], Optional = false },
        new CardInput("date", ActionInputs.PollFirstValue, "First value reached on (if it was)"),
        new CardInput("choice", ActionInputs.PollChurnRisk, "Churn risk") { Choices = Formats.Choices<Severity>(), Optional = false },
        new CardInput("text", ActionInputs.PollComment, "Anything else?") { Multiline = true, MaxLength = 1000 },
    ];
}
