namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Whose side a speaker is on, as far as the source itself says: Gong's party affiliation
/// (Internal / External), a recorder's "is_external" flag, a participants NOTE in a WebVTT file.
/// Unknown when the source is silent; the extractor then decides from what is said.
/// </summary>
public enum SpeakerSide
{
    Unknown = 0,

    /// <summary>Our company: the seller's side (Gong "Internal").</summary>
    Ours,

    /// <summary>The customer's side (Gong "External").</summary>
    Customer,
}

/// <summary>A person the source lists, with what it says about them.</summary>
public sealed record Participant(string Name, SpeakerSide Side, string? Email = null, string? Title = null);

/// <summary>The words sources use for a side.</summary>
internal static class SideNames
{
    public static SpeakerSide Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "INTERNAL" or "OURS" or "OUR SIDE" or "US" or "SELLER" or "VENDOR" or "OUR COMPANY" => SpeakerSide.Ours,
        "EXTERNAL" or "CUSTOMER" or "CUSTOMER SIDE" or "PROSPECT" or "CLIENT" or "BUYER" => SpeakerSide.Customer,
        _ => SpeakerSide.Unknown,
    };
}
