using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>A person the CRM already knows on the customer's side.</summary>
public sealed record ContactHint(string Name, string? Title = null, string? Email = null, StakeholderRole? Role = null);

/// <summary>
/// What the deal itself tells the extractor: who is on our side (their promises are commitments,
/// their names are not stakeholders), the customer's known contacts, and the date that relative
/// expressions ("by Friday") count from when a source has no date of its own.
/// </summary>
public sealed record DealHints
{
    public static DealHints None { get; } = new();

    public string? AccountName { get; init; }

    public IReadOnlyList<string> SellerNames { get; init; } = [];

    public IReadOnlyList<ContactHint> Contacts { get; init; } = [];

    public DateOnly? ReferenceDate { get; init; }

    /// <summary>Hints for a handoff: the CRM's stakeholders as contacts, the AE (and CSM) as our side.</summary>
    public static DealHints For(Deal deal, DealContext context, IEnumerable<string> sellerNames)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(context);
        return new DealHints
        {
            AccountName = deal.AccountName,
            SellerNames = [.. sellerNames.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase)],
            Contacts = [.. context.Stakeholders.Select(s => new ContactHint(s.Name, s.Title, s.Email, s.Role))],
            ReferenceDate = deal.CloseDate == default ? null : deal.CloseDate,
        };
    }
}

/// <summary>One deal's sources and hints: everything an extractor may see (and all an LLM is sent).</summary>
public sealed record BriefRequest(IReadOnlyList<BriefSource> Sources, DealHints Hints)
{
    public static BriefRequest For(Handoff handoff, IEnumerable<string> sellerNames)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        return new BriefRequest(
            [.. handoff.Notes.Select(BriefSource.From), .. handoff.Transcripts.Select(BriefSource.From)],
            DealHints.For(handoff.Deal, handoff.Context, sellerNames));
    }

    /// <summary>Identifies the sources' content (stable across processes): unchanged sources need no new draft.</summary>
    public string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var source in Sources.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{source.Id}\u001f{source.Kind}\u001f{source.Format}\u001f{source.Content.Length}\u001f"));
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(source.Content));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }
}

/// <summary>Drafts deal context from a deal's own notes and transcripts.</summary>
public interface IBriefExtractor
{
    /// <summary>"offline", or the LLM model name: shown with every draft.</summary>
    string Name { get; }

    Task<BriefDraft> ExtractAsync(BriefRequest request, CancellationToken ct);
}
