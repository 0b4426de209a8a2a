using System.Globalization;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>How domain values read on a card (one place, so Teams and Slack say the same thing). Times: <see cref="Data.Times"/>.</summary>
public static class Formats
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", En);

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
        where TEnum : struct, Enum => Choices([.. Enum.GetValues<TEnum>().Select(Snake)]);

    /// <summary>Choices from their snake_case values ("economic_buyer" reads "Economic buyer").</summary>
    public static IReadOnlyList<Choice> Choices(IReadOnlyList<string> snakeValues) =>
        [.. snakeValues.Select(v => new Choice(char.ToUpperInvariant(v[0]) + v[1..].Replace('_', ' '), v))];

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

    /// <summary>As the context form writes it (<see cref="SoldLine"/>): "Fleet Platform, 250 seats (Routing, Telematics)".</summary>
    public static string Sold(SoldItem item) => ContextGrammar.WhatWasSold.Item.ToLine(item);

    public static string Stakeholder(Stakeholder s) =>
        s.Name + (s.Title is { Length: > 0 } t ? $", {t}" : "") + $" — {Words(s.Role)}" + (s.Email is { Length: > 0 } e ? $" ({e})" : "");

    public static string Risk(Risk r) => $"{Words(r.Severity)} · {Words(r.Category)}: {r.Description}";

    public static string Term(SpecialTerm t) => $"{Words(t.Kind)}: {t.Text}";
}
