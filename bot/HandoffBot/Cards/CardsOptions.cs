namespace HandoffBot.Cards;

/// <summary>Section "Cards": card templates that replace the shipped ones without a rebuild.</summary>
public sealed class CardsOptions
{
    public const string Section = "Cards";

    /// <summary>
    /// A folder of templates laid out like cards/ (<c>teams/brief.json</c>, <c>slack/digest.json</c>…);
    /// each one replaces the shipped card of that name once it passes the same checks CI runs. Unset: the shipped cards.
    /// </summary>
    public string? OverridePath { get; set; }

    /// <summary>Reload the overrides when a file in the folder changes (an invalid one is refused and logged).</summary>
    public bool WatchOverrides { get; set; } = true;
}
