using System.Globalization;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Grammar;

/// <summary>
/// The chat form's submitted values (Teams Adaptive Card inputs, Slack modal state; the same ids):
/// plain inputs by id, and the repeating rows <c>list.N.part</c> grouped by list, then row, in row order.
/// </summary>
public sealed partial class ContextFormInputs
{
    /// <summary>Row indexes at or past this are ignored (the form shows at most <see cref="ContextGrammar.MaxItems"/> rows plus blanks).</summary>
    public const int MaxRows = 200;

    private readonly IReadOnlyDictionary<string, string?> inputs;
    private readonly Dictionary<string, SortedDictionary<int, Dictionary<string, string>>> rows = new(StringComparer.Ordinal);

    public ContextFormInputs(IReadOnlyDictionary<string, string?> inputs)
    {
        this.inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        foreach (var (key, value) in inputs)
        {
            if (key.Length > 100 || RowId().Match(key) is not { Success: true } m
                || !int.TryParse(m.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= MaxRows)
            {
                continue;
            }

            var list = m.Groups["list"].Value;
            if (!rows.TryGetValue(list, out var byIndex))
            {
                rows[list] = byIndex = [];
            }

            if (!byIndex.TryGetValue(index, out var row))
            {
                byIndex[index] = row = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            row[m.Groups["part"].Value] = value?.Trim() ?? "";
        }
    }

    public bool Has(string id) => inputs.ContainsKey(id);

    /// <summary>The input's trimmed text; null when absent or blank.</summary>
    public string? Value(string id) => inputs.TryGetValue(id, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public bool HasRows(string list) => rows.ContainsKey(list);

    /// <summary>The list's rows with at least one value, in row order.</summary>
    public IReadOnlyList<(int Index, IReadOnlyDictionary<string, string> Parts)> FilledRows(string list) =>
        rows.TryGetValue(list, out var byIndex)
            ? [.. byIndex.Where(r => r.Value.Values.Any(v => v.Length > 0)).Select(r => (r.Key, (IReadOnlyDictionary<string, string>)r.Value))]
            : [];

    /// <summary>Whether an input id is a row of some list (<c>stakeholders.0.name</c>).</summary>
    public static bool IsRowId(string id) => id.Length <= 100 && RowId().IsMatch(id);

    [GeneratedRegex(@"^(?<list>[a-z][a-zA-Z]{0,40})\.(?<index>\d{1,3})\.(?<part>[a-zA-Z]{1,20})$", RegexOptions.CultureInvariant)]
    private static partial Regex RowId();
}
