using System.Globalization;
using System.Text.RegularExpressions;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HandoffBot.Core.Crm;

/// <summary>The CRM mapping file is invalid; every problem is listed as "key: problem".</summary>
public sealed class CrmMappingException(string source, IReadOnlyList<string> problems)
    : Exception($"Invalid CRM mapping {source}:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Reads <c>crm-mapping.yaml</c> and lays it over <see cref="CrmMappingDefaults"/>: a field the
/// file names replaces that field's sources, a field it leaves out keeps the default, <c>[]</c>
/// unmaps it. Every problem is collected and reported at once, like the playbook's.
/// </summary>
public static partial class CrmMappingLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static CrmMapping LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CrmMappingException(path, ["file not found (set Crm__MappingPath to a CRM mapping YAML file)"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static CrmMapping Parse(string yaml, string source = "crm-mapping.yaml")
    {
        RawMapping? raw;
        try
        {
            raw = Yaml.Deserialize<RawMapping>(yaml);
        }
        catch (YamlException ex)
        {
            var unknown = UnknownKey().Match(ex.Message);
            var problem = unknown.Success
                ? $"unknown key '{unknown.Groups[1].Value}' (check its spelling and indentation)"
                : (ex.InnerException?.Message ?? ex.Message);
            throw new CrmMappingException(source, [$"line {ex.Start.Line}, column {ex.Start.Column}: {problem}"]);
        }

        var errors = new List<string>();
        var defaults = CrmMappingDefaults.Mapping;
        var hubspot = Section("hubspot", raw?.Hubspot, defaults.HubSpot, HubSpotSource(), "a HubSpot property (deal.<name>, company.<name>, owner.email, or owner:deal.<name> for an owner id)", errors);
        var salesforce = Section("salesforce", raw?.Salesforce, defaults.Salesforce, SalesforcePath(), "a field path from the Opportunity (e.g. Amount, Account.Name, CSM__r.Email)", errors);
        if (raw?.Salesforce?.Pipelines is not null || raw?.Salesforce?.WonStages is not null)
        {
            errors.Add("salesforce: pipelines and wonStages are HubSpot settings (the Flow decides what Salesforce sends)");
        }

        if (raw?.Salesforce?.Stakeholders?.RoleProperty is not null)
        {
            errors.Add("salesforce.stakeholders.roleProperty: Salesforce roles come from the opportunity's contact roles (Role); only roles can be mapped");
        }

        if (errors.Count > 0)
        {
            throw new CrmMappingException(source, errors);
        }

        return new CrmMapping(hubspot, salesforce);
    }

    private static CrmSourceMapping Section(string key, RawSource? raw, CrmSourceMapping defaults, Regex sourcePattern, string sourceHint, List<string> errors)
    {
        if (raw is null)
        {
            return defaults;
        }

        var fields = new Dictionary<string, IReadOnlyList<string>>(defaults.Fields, StringComparer.Ordinal);
        foreach (var (target, value) in raw.Fields ?? [])
        {
            var path = $"{key}.fields.{target}";
            if (!CrmTargets.All.Contains(target, StringComparer.Ordinal))
            {
                errors.Add($"{path}: not a deal field (use {string.Join(", ", CrmTargets.All)})");
                continue;
            }

            var sources = value switch
            {
                null => [],
                string one => [one],
                IEnumerable<object> many => many.Select(m => m?.ToString() ?? "").ToList(),
                _ => null,
            };
            if (sources is null)
            {
                errors.Add($"{path}: expected a source or a list of sources");
                continue;
            }

            for (var i = 0; i < sources.Count; i++)
            {
                if (!sourcePattern.IsMatch(sources[i]))
                {
                    errors.Add($"{path}[{i}]: '{sources[i]}' is not {sourceHint}");
                }
            }

            fields[target] = sources;
        }

        foreach (var required in CrmTargets.Required.Where(r => fields.GetValueOrDefault(r) is null or { Count: 0 }))
        {
            errors.Add($"{key}.fields.{required}: required (a deal cannot be taken in without it); name at least one source");
        }

        var roles = new Dictionary<string, StakeholderRole>(defaults.Roles, StringComparer.OrdinalIgnoreCase);
        foreach (var (crmValue, role) in raw.Stakeholders?.Roles ?? [])
        {
            if (Role(role) is { } parsed)
            {
                roles[crmValue] = parsed;
            }
            else
            {
                errors.Add($"{key}.stakeholders.roles.{crmValue}: '{role}' is not a stakeholder role (use champion, economic_buyer, user or technical)");
            }
        }

        var defaultRole = defaults.DefaultRole;
        if (raw.Stakeholders?.DefaultRole is { } text)
        {
            if (Role(text) is { } parsed)
            {
                defaultRole = parsed;
            }
            else
            {
                errors.Add($"{key}.stakeholders.defaultRole: '{text}' is not a stakeholder role (use champion, economic_buyer, user or technical)");
            }
        }

        var roleProperty = raw.Stakeholders?.RoleProperty ?? defaults.RoleProperty;
        if (roleProperty is not null && roleProperty.Length > 0 && !PropertyName().IsMatch(roleProperty))
        {
            errors.Add($"{key}.stakeholders.roleProperty: '{roleProperty}' is not a contact property name");
        }

        var currency = raw.DefaultCurrency ?? defaults.DefaultCurrency;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"{key}.defaultCurrency: '{currency}' is not a three-letter ISO 4217 code in capitals (e.g. USD)");
        }

        var pipelines = Ids($"{key}.pipelines", raw.Pipelines, errors) ?? defaults.Pipelines;
        var wonStages = Ids($"{key}.wonStages", raw.WonStages, errors) ?? defaults.WonStages;
        return new CrmSourceMapping
        {
            Fields = fields,
            RoleProperty = string.IsNullOrEmpty(roleProperty) ? null : roleProperty,
            Roles = roles,
            DefaultRole = defaultRole,
            DefaultCurrency = currency,
            Pipelines = pipelines,
            WonStages = wonStages,
        };
    }

    private static List<string>? Ids(string key, List<string>? raw, List<string> errors)
    {
        if (raw is null)
        {
            return null;
        }

        for (var i = 0; i < raw.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(raw[i]) || raw[i].Length > 100)
            {
                errors.Add($"{key}[{i}]: expected an id (as HubSpot shows it under Settings → Objects → Deals → Pipelines)");
            }
        }

        return raw;
    }

    private static StakeholderRole? Role(string text) => EnumText.TryParse<StakeholderRole>(text, out var role) ? role : null;

    [GeneratedRegex("^(?:(?:owner:)?(?:deal|company)\\.[A-Za-z0-9_]{1,100}|owner\\.email)$", RegexOptions.CultureInvariant)]
    private static partial Regex HubSpotSource();

    // Validated strictly: these names are written into a SOQL query.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,79}(?:\\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex SalesforcePath();

    [GeneratedRegex("^[A-Za-z0-9_]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyName();

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex UnknownKey();

    private sealed class RawMapping
    {
        public RawSource? Hubspot { get; set; }

        public RawSource? Salesforce { get; set; }
    }

    private sealed class RawSource
    {
        public Dictionary<string, object?>? Fields { get; set; }

        public RawStakeholders? Stakeholders { get; set; }

        public string? DefaultCurrency { get; set; }

        public List<string>? Pipelines { get; set; }

        public List<string>? WonStages { get; set; }
    }

    private sealed class RawStakeholders
    {
        public string? RoleProperty { get; set; }

        public Dictionary<string, string>? Roles { get; set; }

        public string? DefaultRole { get; set; }
    }
}
