using System.Text.Json;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// One kind's decision: the threshold on its softmax probability, chosen on cross-validation folds of
/// sources written by others (docs/ai-brief.md), and the calibration that turns the probability into
/// the confidence shown (Platt: sigmoid(A·logit(p) + B), fitted on out-of-fold predictions).
/// </summary>
public sealed record KindModel(string Kind, double Threshold, double CalibrationA = 1, double CalibrationB = 0)
{
    /// <summary>
    /// Commitments only (round 5): when above zero, a commitment is shown only where the structural finder
    /// (<c>CommitmentFinder</c>) has a promise of at least this confidence, and <see cref="Threshold"/> is then
    /// the model's commitment probability that sentence also needs (0: the finder alone, unless the sentence is shown as a term).
    /// </summary>
    public double RuleConfidence { get; init; }

    public double Calibrate(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        var z = (CalibrationA * Math.Log(q / (1 - q))) + CalibrationB;
        return 1 / (1 + Math.Exp(-z));
    }
}

/// <summary>
/// The trained weights of the offline brief's learned layer (Brief/Learned/brief-model.json, embedded):
/// which encoder they expect, the feature names in order, one softmax over <see cref="Classes"/>
/// ("none" first, then the kinds), each kind's calibration and threshold, and what the model scored
/// on cross-validation when it was trained. Retrain with
/// `dotnet run --project bot/HandoffBot -- train-brief` (docs/ai-brief.md).
/// </summary>
public sealed record BriefModel(string Encoder, int Dimensions, string[] Features, string[] Classes, float[][] Weights, float[] Bias, IReadOnlyList<KindModel> Kinds, string TrainedOn)
{
    public const string ResourceName = "HandoffBot.Core.Brief.Learned.brief-model.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Cross-validated scores per kind at the chosen thresholds (for the docs; not used to decide anything).</summary>
    public IReadOnlyList<string> CrossValidation { get; init; } = [];

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
        try
        {
            return Deserialize(reader.ReadToEnd());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when this model was trained for this encoder, these features and these classes.</summary>
    public bool Fits(ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return Encoder == encoder.Name && Dimensions == encoder.Dimensions && Features is not null && Features.SequenceEqual(SentenceFeatures.Names)
            && Classes is not null && Classes.SequenceEqual(LearnedLayer.Classes) && Weights?.Length == Classes.Length && Bias?.Length == Classes.Length;
    }

    public KindModel? For(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind);
}
