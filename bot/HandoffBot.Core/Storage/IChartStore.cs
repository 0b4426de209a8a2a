namespace HandoffBot.Core.Storage;

/// <summary>Digest charts (PNG and the numbers behind them as CSV), served at signed links for as long as a card may show them.</summary>
public interface IChartStore
{
    /// <summary>Stores a chart and removes charts created before <paramref name="purgeBefore"/>.</summary>
    Task SaveAsync(string id, byte[] png, string csv, DateTimeOffset created, DateTimeOffset purgeBefore, CancellationToken ct = default);

    Task<byte[]?> FindPngAsync(string id, CancellationToken ct = default);

    Task<string?> FindCsvAsync(string id, CancellationToken ct = default);
}
