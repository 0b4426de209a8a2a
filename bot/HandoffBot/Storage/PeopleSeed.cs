using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using HandoffBot.Core.People;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HandoffBot.Storage;

/// <summary>
/// Reads the directory seed (YAML: a "people:" list; CSV: email,name,roles,managerEmail,timeZone,platform
/// with roles separated by ';') and adds the people whose email is not in the directory yet.
/// </summary>
public static class PeopleSeed
{
    public sealed record Result(int Added, int Skipped, IReadOnlyList<string> Problems);

    public static async Task<Result> ApplyAsync(string path, IPeopleDirectory directory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var (inputs, problems) = Read(path);
        var added = 0;
        var skipped = 0;
        var all = problems.ToList();
        foreach (var (input, where) in inputs)
        {
            if (input.Email is not null && await directory.FindAsync(input.Email, ct) is not null)
            {
                skipped++;
                continue;
            }

            var (person, errors) = PersonFactory.Create(input, null);
            if (person is null)
            {
                all.AddRange(errors.Select(e => $"{where}: {e.Field}: {e.Message}"));
                continue;
            }

            await directory.UpsertAsync(person, ct);
            added++;
        }

        return new Result(added, skipped, all);
    }

    public static (IReadOnlyList<(PersonInput Input, string Where)> People, IReadOnlyList<string> Problems) Read(string path)
    {
        if (!File.Exists(path))
        {
            return ([], [$"{path}: file not found"]);
        }

        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path) : ReadYaml(path);
    }

    private static (IReadOnlyList<(PersonInput, string)>, IReadOnlyList<string>) ReadYaml(string path)
    {
        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<SeedFile>(File.ReadAllText(path));
            var list = (file?.People ?? []).Select((p, i) => (new PersonInput(p.Email, p.Name, p.Roles, p.ManagerEmail ?? p.Manager, p.TimeZone, p.Platform), $"{path} people[{i}]")).ToList();
            return (list, []);
        }
        catch (YamlException ex)
        {
            return ([], [$"{path} line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}"]);
        }
    }

    private static (IReadOnlyList<(PersonInput, string)>, IReadOnlyList<string>) ReadCsv(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null, HeaderValidated = null };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        var list = new List<(PersonInput, string)>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var roles = (csv.GetField("roles") ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            list.Add((new PersonInput(csv.GetField("email"), csv.GetField("name"), roles, csv.GetField("manageremail"), csv.GetField("timezone"), NullIfEmpty(csv.GetField("platform"))),
                $"{path} line {csv.Parser.RawRow}"));
        }

        return (list, []);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

#pragma warning disable CA1812, CA2227, CA1002 // filled by YamlDotNet
    private sealed class SeedFile
    {
        public List<SeedPerson>? People { get; set; }
    }

    private sealed class SeedPerson
    {
        public string? Email { get; set; }
        public string? Name { get; set; }
        public List<string>? Roles { get; set; }
        public string? Manager { get; set; }
        public string? ManagerEmail { get; set; }
        public string? TimeZone { get; set; }
        public string? Platform { get; set; }
    }
#pragma warning restore CA1812, CA2227, CA1002
}
