using System.Globalization;
using HandoffBot.Core.Application;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Brief;

/// <summary>
/// When a handoff opens, the CRM sends it again or a transcript is added, a durable <see cref="Draft"/> job drafts the brief
/// with the offline extractor, so intake never waits for it and a crash mid-draft is retried. It is
/// due a moment before the AE's context request (planned from the same save), and the job runner
/// takes due jobs in due order, so the card is sent with the draft on it. With an LLM configured,
/// each offline draft is followed by a <see cref="Refine"/> job that asks the LLM; a slow or failing
/// LLM only delays that job (retried with backoff), while the offline draft already stands.
/// </summary>
public sealed class BriefPlanner(bool refineWithLlm) : IJobPlanner
{
    public const string Draft = "brief.draft";
    public const string Refine = "brief.refine";

    public IEnumerable<ScheduledJob> Plan(Handoff handoff, IReadOnlyList<AuditEntry> newEntries, int firstIndex, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(newEntries);
        if (!BriefJobHandler.Drafts(handoff))
        {
            yield break;
        }

        for (var i = 0; i < newEntries.Count; i++)
        {
            var index = (firstIndex + i).ToString(CultureInfo.InvariantCulture);
            switch (newEntries[i].Event)
            {
                case "handoff.opened" or "deal.updated" or "transcript.added" when handoff.SourceCount > 0:
                    yield return ScheduledJob.Create(Draft, handoff.Id, now.AddMilliseconds(-1), $"{handoff.Id}:{Draft}:{index}", now);
                    break;
                case "brief.drafted" when refineWithLlm && handoff.Draft?.Extractor == OfflineBriefExtractor.ExtractorName:
                    yield return ScheduledJob.Create(Refine, handoff.Id, now, $"{handoff.Id}:{Refine}:{index}", now);
                    break;
            }
        }
    }
}

/// <summary>Runs the drafting jobs. Sources that changed while a job ran are left to the job their change planned.</summary>
public sealed class BriefJobHandler(HandoffService handoffs, IPeopleDirectory directory, OfflineBriefExtractor offline, IBriefExtractor? llm = null) : IJobHandler
{
    /// <summary>Payload of a requested re-draft: draft even when the sources did not change.</summary>
    public const string Force = "force";

    public IReadOnlyCollection<string> Kinds { get; } = [BriefPlanner.Draft, BriefPlanner.Refine];

    /// <summary>Drafts are suggestions someone can still act on: while context is captured or CS reviews it.</summary>
    public static bool Drafts(Handoff handoff) => handoff?.Stage is Stage.ContextCapture or Stage.CsReview;

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var handoff = await handoffs.GetAsync(job.HandoffId ?? "", ct)
            ?? throw new PermanentJobFailure($"Handoff {job.HandoffId} no longer exists.");
        if (!Drafts(handoff) || handoff.SourceCount == 0)
        {
            return;
        }

        var sellers = await SellerNamesAsync(handoff, ct);
        var request = BriefRequest.For(handoff, sellers);
        var fingerprint = request.Fingerprint();
        BriefDraft draft;
        if (job.Kind == BriefPlanner.Refine)
        {
            if (llm is null || (handoff.Draft is { } current && current.Extractor != OfflineBriefExtractor.ExtractorName && current.SourceFingerprint == fingerprint))
            {
                return;
            }

            draft = await llm.ExtractAsync(request, ct); // throws when the LLM is unavailable: retried, the offline draft stands meanwhile
        }
        else
        {
            if (handoff.Draft?.SourceFingerprint == fingerprint && job.Payload != Force)
            {
                return;
            }

            draft = offline.Extract(request, ct);
        }

        await handoffs.ExecuteAsync(handoff.Id, (h, clock) =>
        {
            if (Drafts(h) && BriefRequest.For(h, sellers).Fingerprint() == fingerprint)
            {
                h.AttachDraft(KeepDecided(draft, h.Draft, h.DraftDecisions), clock);
            }
        }, ct);
    }

    /// <summary>Items the AE already accepted or discarded stay on the card even when a new draft no longer proposes them.</summary>
    public static BriefDraft KeepDecided(BriefDraft fresh, BriefDraft? old, IReadOnlyDictionary<string, DraftDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(decisions);
        if (old is null || decisions.Count == 0)
        {
            return fresh;
        }

        return ContextGrammar.Drafted.Aggregate(fresh, (draft, field) => field.KeepDecided(draft, old, decisions));
    }

    /// <summary>Our side's names (the AE, the AE-stage owner, the CSM) from the directory: their words are ours, not the customer's.</summary>
    private async Task<List<string>> SellerNamesAsync(Handoff handoff, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var email in new[] { handoff.Deal.AeEmail, handoff.Routing.AeOwnerEmail, handoff.Deal.CsmEmail }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await directory.FindAsync(email, ct) is { } person)
            {
                names.Add(person.Name);
            }
        }

        return names;
    }
}
