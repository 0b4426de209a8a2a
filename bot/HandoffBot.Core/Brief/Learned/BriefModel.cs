using System.Text.Json;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>One kind's classifier: weights over [embedding, features], bias, and the threshold chosen on held-apart data.</summary>
public sealed record KindModel(string Kind, float[] Weights, float Bias, double Threshold);

/// <summary>
/// The trained weights of the offline brief's learned layer (Brief/Learned/brief-model.json, embedded):
/// which encoder they expect, the feature names in order, one classifier per kind. Retrain with
/// `dotnet run --project bot/HandoffBot -- train-brief` (docs/ai-brief.md).
/// </summary>
public sealed record BriefModel(string Encoder, int Dimensions, string[] Features, IReadOnlyList<KindModel> Kinds, string TrainedOn)
{
    public const string ResourceName = "HandoffBot.Core.Brief.Learned.brief-model.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static BriefModel Deserialize(string json) => JsonSerializer.Deserialize<BriefModel>(json, Json) ?? throw new JsonException("Empty brief model.");

    /// <summary>The model shipped in the assembly, or null when none is (a build before the first training).</summary>
    public static BriefModel? Embedded()
    {
        using var stream = typeof(BriefModel).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return Deserialize(reader.ReadToEnd());
    }

    /// <summary>True when this model was trained for this encoder and these features.</summary>
    public bool Fits(ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return Encoder == encoder.Name && Dimensions == encoder.Dimensions && Features.SequenceEqual(SentenceFeatures.Names);
    }

    public KindModel? For(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind);
}
