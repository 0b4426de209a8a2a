using System.Globalization;
using System.Text;
using System.Text.Json;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Grammar;

namespace HandoffBot.Ai;

/// <summary>
/// What the LLM is told and shown: the rules (the same labelling rules as docs/ai-brief.md), and
/// the deal's own sources as "Speaker: words" lines — no timings, so quotes are copied from words
/// only; speaker and time are recovered from the source by the grounding check.
/// </summary>
internal static class BriefPrompt
{
    public const string System = """
        You extract deal context for a sales-to-customer-success handoff from the deal's CRM notes and call transcripts.
        Answer with one JSON object that matches the schema, nothing else.

        Evidence rules (items that break them are discarded):
        - "quote": words copied exactly, character for character, from ONE source: a sentence or clause of 6 to 40 words.
          Never paraphrase, translate, fix typos, join distant sentences or shorten with "...". Do not include the "Speaker:" label.
        - "source": the id of the source the quote is from.
        - "confidence": 0 to 1.

        What to extract:
        - commitments: promises OUR side (the seller) made to the customer: what, due (yyyy-MM-dd or null), promisedBy (who promised).
          Not the customer's own plans, not hypotheticals ("if you sign by Friday we could…"), refusals, questions,
          or routine follow-ups (sending slides, a recap, an invite).
        - goals: what the customer wants to achieve ("text": a short paraphrase; the quote stays verbatim).
        - successCriteria: measurable tests of success the customer stated (a number, threshold or date).
        - stakeholders: the CUSTOMER's people with a role: champion | economic_buyer | user | technical; name, title if said.
          Never list people from our side.
        - risks: concerns that could hurt the account, with category budget | timeline | competitor | champion_change |
          technical_fit | legal | scope_creep_oversell and severity low | medium | high. Skip concerns that are resolved later in the
          same source, and competitors that are mentioned only as past or rejected options.
        - specialTerms: contract terms agreed for this deal: kind discount | payment | sla | termination | other.
          Not offers that were refused, hypothetical or "standard terms".
        Return empty arrays when a source has nothing of a kind.
        """;

    /// <summary>The user message for one batch of sources (whole utterances; a long source may span batches).</summary>
    public static string User(DealHints hints, IEnumerable<(ParsedSource Source, int From, int To)> parts)
    {
        var sb = new StringBuilder();
        sb.Append("Deal: ").Append(hints.AccountName ?? "(unnamed)").Append('\n');
        sb.Append("Our side (the seller): ").Append(hints.SellerNames.Count > 0 ? string.Join(", ", hints.SellerNames) : "the account executive and colleagues").Append('\n');
        foreach (var (source, from, to) in parts)
        {
            var date = source.Source.Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown";
            sb.Append("\n=== SOURCE id=").Append(JsonSerializer.Serialize(source.Id)).Append(" kind=").Append(source.Kind == SourceKind.Note ? "note" : "transcript")
                .Append(" date=").Append(date).Append(source.Source.Author is { } a ? " author=" + JsonSerializer.Serialize(a) : "").Append(" ===\n");
            for (var i = from; i < to; i++)
            {
                var u = source.Utterances[i];
                if (source.Kind == SourceKind.Transcript && u.Speaker is { } speaker)
                {
                    sb.Append(speaker).Append(": ");
                }

                sb.Append(source.TextOf(u)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Splits the sources into batches of at most <paramref name="maxChars"/> characters, between utterances.</summary>
    public static List<List<(ParsedSource Source, int From, int To)>> Batches(IReadOnlyList<ParsedSource> sources, int maxChars)
    {
        var batches = new List<List<(ParsedSource, int, int)>>();
        var current = new List<(ParsedSource, int, int)>();
        var size = 0;
        foreach (var source in sources)
        {
            var from = 0;
            for (var i = 0; i < source.Utterances.Count; i++)
            {
                var length = source.Utterances[i].Length + (source.Utterances[i].Speaker?.Length ?? 0) + 3;
                if (size + length > maxChars && (size > 0 || i > from))
                {
                    if (i > from)
                    {
                        current.Add((source, from, i));
                    }

                    batches.Add(current);
                    current = [];
                    size = 0;
                    from = i;
                }

                size += length;
            }

            if (source.Utterances.Count > from)
            {
                current.Add((source, from, source.Utterances.Count));
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    /// <summary>The drafted fields, as the context grammar names them (a field added there without a schema item below fails <see cref="Schema"/>).</summary>
    private static readonly string[] Kinds = [.. ContextGrammar.Drafted.Select(f => f.Key)];

    /// <summary>The answer's JSON schema (strict-mode friendly: every property required, nullable ones typed as such).</summary>
    public static JsonElement Schema()
    {
        static object Item(params (string Name, object Type)[] fields)
        {
            var props = fields.Concat([("quote", (object)"string"), ("source", "string"), ("confidence", "number")])
                .ToDictionary(f => f.Item1, f => f.Item2 is string t ? (object)new { type = t } : new { type = f.Item2 });
            return new { type = "object", additionalProperties = false, properties = props, required = props.Keys.ToArray() };
        }

        string[] nullable = ["string", "null"];
        var items = new Dictionary<string, object>
        {
            ["commitments"] = Item(("what", "string"), ("due", nullable), ("promisedBy", nullable)),
            ["goals"] = Item(("text", "string")),
            ["successCriteria"] = Item(("text", "string")),
            ["stakeholders"] = Item(("name", "string"), ("title", nullable), ("role", "string")),
            ["risks"] = Item(("category", "string"), ("severity", "string"), ("description", "string")),
            ["specialTerms"] = Item(("kind", "string"), ("text", "string")),
        };
        var schema = new
        {
            type = "object",
            additionalProperties = false,
            properties = Kinds.ToDictionary(k => k, k => (object)new { type = "array", items = items[k] }),
            required = Kinds,
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
