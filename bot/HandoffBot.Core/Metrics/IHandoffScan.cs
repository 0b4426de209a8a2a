using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>Reads every handoff once, in no particular order, without holding them all in memory (metrics, re-planning).</summary>
public interface IHandoffScan
{
    IAsyncEnumerable<Handoff> ScanAsync(CancellationToken ct = default);
}
