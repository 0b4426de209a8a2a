namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// Remembers the vectors of sentences it has encoded (training: every cross-validation fold drafts the
/// same sentences again). Sentences not seen yet are still encoded in one batch per call. Not for the
/// product, where every deal's sentences are new: the cache would only grow.
/// </summary>
public sealed class CachingEncoder(ISentenceEncoder inner) : ISentenceEncoder
{
    private readonly Dictionary<string, float[]> cache = new(StringComparer.Ordinal);

    public string Name => inner.Name;

    public int Dimensions => inner.Dimensions;

    public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var missing = sentences.Where(s => !cache.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var vectors = inner.Encode(missing, ct);
            for (var i = 0; i < missing.Count; i++)
            {
                cache[missing[i]] = vectors[i];
            }
        }

        return [.. sentences.Select(s => cache[s])];
    }

    /// <summary>Loads vectors saved by <see cref="Save"/> (retraining with the same encoder skips encoding).</summary>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != Name || reader.ReadInt32() != Dimensions)
        {
            return;
        }

        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var text = reader.ReadString();
            var v = new float[Dimensions];
            for (var j = 0; j < v.Length; j++)
            {
                v[j] = reader.ReadSingle();
            }

            cache[text] = v;
        }
    }

    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Name);
        writer.Write(Dimensions);
        writer.Write(cache.Count);
        foreach (var (text, v) in cache.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            writer.Write(text);
            foreach (var x in v)
            {
                writer.Write(x);
            }
        }
    }
}
