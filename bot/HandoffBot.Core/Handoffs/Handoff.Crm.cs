using HandoffBot.Core.Grammar;

namespace HandoffBot.Core.Handoffs;

public sealed partial class Handoff
{
    /// <summary>The CRM sent the same deal again (see the overload), within the default <see cref="SourceLimit"/>.</summary>
    public IReadOnlyList<string> ApplyCrmUpdate(Deal incoming, DealContext context, IEnumerable<Note> newNotes, IEnumerable<Transcript> newTranscripts, IStageClock clock) =>
        ApplyCrmUpdate(incoming, context, newNotes, newTranscripts, clock, SourceLimit.Default, out _);

    /// <summary>
    /// The CRM sent the same deal again. Deal attributes follow the CRM; context only fills fields
    /// still empty (the AE's edits win); new notes and transcripts are added by id as far as they
    /// fit under <paramref name="limit"/> — the others come back in <paramref name="refused"/> (and
    /// into the audit trail once) while the rest of the update is still applied. Returns the names
    /// of what changed (empty: nothing did).
    /// </summary>
    public IReadOnlyList<string> ApplyCrmUpdate(Deal incoming, DealContext context, IEnumerable<Note> newNotes, IEnumerable<Transcript> newTranscripts, IStageClock clock, SourceLimit limit, out IReadOnlyList<RefusedSource> refused)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(clock);
        if (!string.Equals(incoming.CrmId, Deal.CrmId, StringComparison.Ordinal))
        {
            throw new HandoffRuleException("crm-id-mismatch", "The update is for a different CRM deal.");
        }

        var changed = new List<string>();
        var merged = Deal with
        {
            AccountName = incoming.AccountName,
            Arr = incoming.Arr,
            Currency = incoming.Currency,
            Segment = incoming.Segment ?? Deal.Segment,
            CloseDate = incoming.CloseDate,
            CrmUrl = incoming.CrmUrl ?? Deal.CrmUrl,
            CustomerTimeZone = incoming.CustomerTimeZone ?? Deal.CustomerTimeZone,
            AeEmail = incoming.AeEmail,
            // An assigned CSM is CS's decision; the CRM only fills it while it is empty.
            CsmEmail = Deal.CsmEmail ?? incoming.CsmEmail,
        };
        if (merged.AccountName != Deal.AccountName) changed.Add("accountName");
        if (merged.Arr != Deal.Arr) changed.Add("arr");
        if (merged.Currency != Deal.Currency) changed.Add("currency");
        if (merged.Segment != Deal.Segment) changed.Add("segment");
        if (merged.CloseDate != Deal.CloseDate) changed.Add("closeDate");
        if (merged.CrmUrl != Deal.CrmUrl) changed.Add("crmUrl");
        if (merged.CustomerTimeZone != Deal.CustomerTimeZone) changed.Add("customerTimeZone");
        if (merged.AeEmail != Deal.AeEmail) changed.Add("aeEmail");
        if (merged.CsmEmail != Deal.CsmEmail) changed.Add("csmEmail");

        var mergedContext = IsAccepted ? Context : ContextGrammar.Merge(Context, context);
        changed.AddRange(ContextGrammar.ChangedFields(Context, mergedContext).Select(f => f.Key()));

        var (addedNotes, addedTranscripts, notAdded) = Fit(newNotes, newTranscripts, limit);
        refused = notAdded;
        if (addedNotes.Count > 0) changed.Add("notes");
        if (addedTranscripts.Count > 0) changed.Add("transcripts");
        var now = clock.Now;
        if (changed.Count == 0)
        {
            RecordRefused(notAdded, limit, now);
            return changed;
        }

        var previousAe = Deal.AeEmail;
        Deal = merged;
        Context = mergedContext;
        notes.AddRange(addedNotes);
        transcripts.AddRange(addedTranscripts);
        Record(now, Actor.SystemEmail, "deal.updated", "CRM update: " + string.Join(", ", changed) + ".");
        RecordRefused(notAdded, limit, now);

        if (merged.AeEmail != previousAe && string.Equals(Routing.AeOwnerEmail, previousAe, StringComparison.Ordinal))
        {
            Routing = Routing with { AeOwnerEmail = merged.AeEmail, AeOwnerRole = OwnerRole.AccountExecutive };
            if (Owner.Role == OwnerRole.AccountExecutive && string.Equals(Owner.Email, previousAe, StringComparison.Ordinal))
            {
                TransferOwner(new Owner(merged.AeEmail, OwnerRole.AccountExecutive, now), Actor.SystemEmail, "AE changed in the CRM");
            }
        }

        if (Owner.Role == OwnerRole.CsLead && merged.CsmEmail is { } csm)
        {
            TransferOwner(new Owner(csm, OwnerRole.Csm, now), Actor.SystemEmail, "CSM set in the CRM");
        }

        return changed;
    }
}
