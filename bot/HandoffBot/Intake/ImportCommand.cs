using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Intake;

/// <summary>
/// `import deals.csv`: each row becomes the same JSON the webhook takes and goes through the same
/// checks, so a row is imported exactly as the webhook would take it in (idempotent by crmId).
/// Columns: the webhook's top-level fields; list fields (goals, successCriteria, whatWasSold) are
/// separated by ';'; a "notes" column becomes one note. The handoff service (and with it the data
/// file and its lock) is only taken when the import runs.
/// </summary>
public sealed class ImportCommand(Lazy<HandoffService> handoffs) : ICliCommand
{
    private static readonly string[] ScalarColumns =
        ["crmId", "accountName", "arr", "currency", "segment", "closeDate", "crmUrl", "aeEmail", "csmEmail", "customerTimeZone"];

    private static readonly string[] ListColumns = ["goals", "successCriteria", "whatWasSold"];

    public string Name => "import";

    public string Usage => "import <deals.csv>        take in closed-won deals from a CSV file";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 1)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        if (!File.Exists(args[0]))
        {
            await error.WriteLineAsync($"{args[0]}: file not found.");
            return 2;
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
            DetectDelimiter = true,
        };
        using var reader = new StreamReader(args[0]);
        using var csv = new CsvReader(reader, config);
        if (!await csv.ReadAsync() || !csv.ReadHeader())
        {
            await error.WriteLineAsync($"{args[0]}: empty file (expected a header row).");
            return 2;
        }

        var headers = csv.HeaderRecord!.Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var created = 0;
        var updated = 0;
        var failed = 0;
        var refusedRows = 0;
        while (await csv.ReadAsync())
        {
            var line = csv.Parser.RawRow;
            var row = ToJson(csv, headers);
            var (intake, errors) = DealIntakeParser.Parse(JsonSerializer.SerializeToElement(row));
            if (intake is null)
            {
                failed++;
                foreach (var e in errors)
                {
                    await error.WriteLineAsync($"line {line}: {e.Field}: {e.Message}");
                }

                continue;
            }

            IntakeResult result;
            try
            {
                result = await handoffs.Value.IntakeAsync(intake, ct);
            }
            catch (DomainException ex)
            {
                failed++;
                await error.WriteLineAsync($"line {line}: {intake.Deal.CrmId}: {ex.Message}");
                continue;
            }

            if (result.Created) created++;
            else updated++;
            await output.WriteLineAsync($"line {line}: {intake.Deal.CrmId} → {result.Handoff.Id} ({(result.Created ? "created" : "updated")})");
            foreach (var source in result.Refused)
            {
                await error.WriteLineAsync($"line {line}: {(source.Kind == SourceKind.Note ? "note" : "transcript")} {source.Id} refused "
                    + $"({source.Characters.ToString("N0", CultureInfo.InvariantCulture)} characters): over the limit of {handoffs.Value.SourceLimit.Describe()} (Intake__MaxSourceCharsPerDeal); the deal itself was {(result.Created ? "created" : "updated")}");
            }

            refusedRows += result.Refused.Count > 0 ? 1 : 0;
        }

        var refusedNote = refusedRows > 0 ? $", {refusedRows} with notes refused" : "";
        await output.WriteLineAsync($"{created} created, {updated} updated, {failed} failed{refusedNote}");
        return failed == 0 && refusedRows == 0 ? 0 : 1;
    }

    private static JsonObject ToJson(CsvReader csv, HashSet<string> headers)
    {
        var row = new JsonObject();
        foreach (var column in ScalarColumns.Where(headers.Contains))
        {
            if (csv.GetField(column) is { Length: > 0 } value)
            {
                row[column] = value;
            }
        }

        var context = new JsonObject();
        foreach (var column in ListColumns.Where(headers.Contains))
        {
            if (csv.GetField(column) is { Length: > 0 } value)
            {
                context[column] = new JsonArray([.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode)v)]);
            }
        }

        foreach (var column in new[] { "expansionPotential", "targetGoLive" }.Where(headers.Contains))
        {
            if (csv.GetField(column) is { Length: > 0 } value)
            {
                context[column] = value;
            }
        }

        if (context.Count > 0)
        {
            row["context"] = context;
        }

        if (headers.Contains("notes") && csv.GetField("notes") is { Length: > 0 } notes)
        {
            row["notes"] = new JsonArray(new JsonObject { ["id"] = "csv-import", ["text"] = notes });
        }

        return row;
    }
}
