using HandoffBot.Core.Brief.Learned;

namespace HandoffBot.Ai;

/// <summary>
/// The one <see cref="MiniLmEncoder"/> of the process, built on first use. Building the ONNX session
/// costs about half a second and a few hundred MB and the session is thread-safe, so every host in the
/// process shares it (the test run builds hundreds of hosts; a container's lifetime would build one each).
/// Not disposable on purpose: no container owns it.
/// </summary>
public sealed class SharedMiniLm : ISentenceEncoder
{
    private static readonly Lazy<MiniLmEncoder> Encoder = new(() => new MiniLmEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name => MiniLmEncoder.ModelName;

    public int Dimensions => 384;

    public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default) => Encoder.Value.Encode(sentences, ct);
}
