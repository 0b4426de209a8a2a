using HandoffBot.Cli;
using HandoffBot.Core.Brief.Learned;

namespace HandoffBot.Ai;

/// <summary>
/// `train-brief [--train DIR]... [--dev DIR]... [--out FILE]`: retrains the offline brief's learned
/// layer (docs/ai-brief.md). Defaults: train on tests/brief-devset and tests/brief-corpus/train,
/// thresholds from tests/brief-corpus/dev, written to bot/HandoffBot.Core/Brief/Learned/brief-model.json.
/// Never reads tests/brief-corpus/test. Deterministic: the same folders give the same file.
/// </summary>
public sealed class TrainBriefCommand(MiniLmEncoder encoder) : ICliCommand
{
    public string Name => "train-brief";

    public string Usage => "train-brief [--train DIR]... [--dev DIR]... [--out FILE]   retrain the offline brief classifier";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var train = new List<string>();
        var dev = new List<string>();
        var outPath = "bot/HandoffBot.Core/Brief/Learned/brief-model.json";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--train" when i + 1 < args.Count: train.Add(args[++i]); break;
                case "--dev" when i + 1 < args.Count: dev.Add(args[++i]); break;
                case "--out" when i + 1 < args.Count: outPath = args[++i]; break;
                default:
                    await error.WriteLineAsync("Usage: " + Usage);
                    return 2;
            }
        }

        train = train.Count > 0 ? train : ["tests/brief-devset", "tests/brief-corpus/train"];
        dev = dev.Count > 0 ? dev : ["tests/brief-corpus/dev"];
        if (train.Concat(dev).FirstOrDefault(d => !Directory.Exists(d)) is { } missing)
        {
            await error.WriteLineAsync($"{missing}: folder not found (run from the repository root).");
            return 2;
        }

        if (train.Concat(dev).Any(d => d.Replace('\\', '/').TrimEnd('/').EndsWith("brief-corpus/test", StringComparison.Ordinal)))
        {
            await error.WriteLineAsync("tests/brief-corpus/test is held out: nothing may be trained or tuned on it.");
            return 2;
        }

        var trainExamples = new List<BriefTrainer.Example>();
        foreach (var folder in train)
        {
            trainExamples.AddRange(await BriefTrainer.ExamplesAsync(folder, encoder, ct));
        }

        var devExamples = new List<BriefTrainer.Example>();
        foreach (var folder in dev)
        {
            devExamples.AddRange(await BriefTrainer.ExamplesAsync(folder, encoder, ct));
        }

        await output.WriteLineAsync($"{trainExamples.Count} training sentences ({string.Join(", ", train)}); {devExamples.Count} dev sentences ({string.Join(", ", dev)})");
        var lines = new List<string>();
        var model = BriefTrainer.Train(trainExamples, devExamples, encoder, $"train: {string.Join(", ", train)}; thresholds: out-of-fold + {string.Join(", ", dev)}", l => { lock (lines) { lines.Add(l); } });
        foreach (var line in lines.Order(StringComparer.Ordinal))
        {
            await output.WriteLineAsync(line);
        }

        await File.WriteAllTextAsync(outPath, model.Serialize(), ct);
        await output.WriteLineAsync($"written {outPath}");
        return 0;
    }
}
