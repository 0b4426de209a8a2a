namespace HandoffBot.Core.Brief.Learned;

/// <summary>Turns sentences into fixed-length vectors (the offline brief's learned layer). Batched: one call per source.</summary>
public interface ISentenceEncoder
{
    /// <summary>Identifies the model; the trained weights name the encoder they were trained with.</summary>
    string Name { get; }

    int Dimensions { get; }

    float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default);
}
