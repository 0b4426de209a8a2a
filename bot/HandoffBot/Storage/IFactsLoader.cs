using HandoffBot.Core.Metrics;

namespace HandoffBot.Storage;

/// <summary>
/// Writes facts without their handoffs, in bulk: for benchmarks and tests that measure or check the
/// metrics over a generated portfolio. The bot itself writes facts only with their handoff.
/// </summary>
public interface IFactsLoader
{
    Task LoadAsync(IReadOnlyList<HandoffFacts> facts, CancellationToken ct = default);
}
