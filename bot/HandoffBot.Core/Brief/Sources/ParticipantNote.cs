using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// A WebVTT NOTE block that lists who was on the call and on which side, one of:
/// <code>
/// NOTE
/// Participants:
/// Avery Brooks (internal)
/// Dana Ruiz &lt;dana@acme.example&gt; (external)
/// Raj Patel - customer
///
/// NOTE Internal: Avery Brooks; Sam Lee
/// NOTE External: Dana Ruiz
/// </code>
/// Side words: internal / ours / our side / vendor and external / customer / prospect / client.
/// Names are separated by ";" (or "," when there is no ";"). Any other NOTE says nothing about sides.
/// </summary>
internal static partial class ParticipantNote
{
    public static IEnumerable<Participant> Read(IReadOnlyList<string> block)
    {
        for (var i = 0; i < block.Count; i++)
        {
            var line = i == 0 ? block[0].Trim()["NOTE".Length..].Trim() : block[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var list = SideList().Match(line);
            if (list.Success)
            {
                var side = SideNames.Parse(list.Groups["side"].Value);
                var names = list.Groups["names"].Value;
                foreach (var name in names.Split(names.Contains(';', StringComparison.Ordinal) ? ';' : ',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return new Participant(name, side);
                }

                continue;
            }

            var person = Person().Match(line);
            if (person.Success)
            {
                var email = person.Groups["email"].Success ? person.Groups["email"].Value : null;
                yield return new Participant(person.Groups["name"].Value.Trim(), SideNames.Parse(person.Groups["side"].Value), email);
            }
        }
    }

    private const string Side = @"(?<side>internal|external|ours|our side|vendor|customer|customer side|prospect|client)";

    [GeneratedRegex(@"^" + Side + @"(?:\s+(?:participants?|speakers?|attendees?|side))?\s*:\s*(?<names>\S.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SideList();

    [GeneratedRegex(@"^(?<name>[^()<>\[\]:]{1,80}?)\s*(?:<(?<email>[^<>\s]+@[^<>\s]+)>)?\s*(?:[\(\[]" + Side + @"[\)\]]|[-–—]\s*" + Side + @")\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Person();
}
