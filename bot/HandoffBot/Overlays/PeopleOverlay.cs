using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Storage;

namespace HandoffBot.Overlays;

/// <summary>
/// The directory seed with its local overlay: <c>People__SeedPath</c> (e.g. the shipped
/// <c>people.yaml</c>) adds the people not in the directory yet, as before; the overlay beside it
/// (<c>people.local.yaml</c>, or <c>.local.csv</c> for a CSV seed; git-ignored) is the admin's own file and
/// wins for the fields it gives: a person it names is added, or updated at every start to what it says
/// (other fields and the Teams/Slack links the adapters learnt are kept). A person only partly given in
/// the overlay (e.g. just <c>email</c> and <c>platform</c>) takes the rest from the seed or the directory.
/// </summary>
public static class PeopleOverlay
{
    public sealed record Result(int Added, int Updated, int Skipped, IReadOnlyList<string> Problems);

    public static async Task<Result> ApplyAsync(string seedPath, IPeopleDirectory directory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var overlayPath = YamlOverlay.PathFor(seedPath);
        var hasOverlay = File.Exists(overlayPath);
        var problems = new List<string>();
        var (seed, seedProblems) = File.Exists(seedPath) || !hasOverlay ? PeopleSeed.Read(seedPath) : ([], []);
        problems.AddRange(seedProblems);
        var (local, localProblems) = hasOverlay ? PeopleSeed.Read(overlayPath) : ([], []);
        problems.AddRange(localProblems);

        var overlayByEmail = new Dictionary<string, PersonInput>(StringComparer.Ordinal);
        foreach (var (input, where) in local)
        {
            if (string.IsNullOrWhiteSpace(input.Email))
            {
                problems.Add($"{where}: email: an email address is required (it says whom the entry is about)");
                continue;
            }

            overlayByEmail[Emails.Normalize(input.Email)] = input;
        }

        int added = 0, updated = 0, skipped = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (input, where) in seed.Concat(local))
        {
            var email = string.IsNullOrWhiteSpace(input.Email) ? null : Emails.Normalize(input.Email);
            if (email is not null && !seen.Add(email))
            {
                continue; // the overlay's entry for a seeded person was merged into the seed's
            }

            var fromOverlay = email is not null && overlayByEmail.TryGetValue(email, out var over) ? over : null;
            var existing = email is null ? null : await directory.FindAsync(email, ct);
            if (existing is not null && fromOverlay is null)
            {
                skipped++;
                continue;
            }

            var merged = Over(fromOverlay, existing is not null ? InputOf(existing) : input);
            var (person, errors) = PersonFactory.Create(merged, existing);
            if (person is null)
            {
                problems.AddRange(errors.Select(e => $"{(fromOverlay is not null ? overlayPath : where)}: {e.Field}: {e.Message}"));
                continue;
            }

            if (existing is not null && Same(existing, person))
            {
                skipped++;
                continue;
            }

            await directory.UpsertAsync(person, ct);
            if (existing is null)
            {
                added++;
            }
            else
            {
                updated++;
            }
        }

        return new Result(added, updated, skipped, problems);
    }

    /// <summary>The seed file and, when there is one, its overlay, for the log.</summary>
    public static string Describe(string seedPath)
    {
        var overlay = YamlOverlay.PathFor(seedPath);
        return File.Exists(overlay) ? $"{seedPath} + {Path.GetFileName(overlay)}" : seedPath;
    }

    private static PersonInput Over(PersonInput? overlay, PersonInput under) => overlay is null
        ? under
        : new PersonInput(
            under.Email ?? overlay.Email,
            Given(overlay.Name) ?? under.Name,
            overlay.Roles is { Count: > 0 } roles ? roles : under.Roles,
            Given(overlay.ManagerEmail) ?? under.ManagerEmail,
            Given(overlay.TimeZone) ?? under.TimeZone,
            Given(overlay.Platform) ?? under.Platform);

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static PersonInput InputOf(Person person) => new(
        person.Email,
        person.Name,
        [.. PersonFactory.RoleNames.Where(w => PersonFactory.TryParseRole(w, out var r) && person.Roles.Contains(r))],
        person.ManagerEmail,
        person.TimeZone,
        person.Platform.ToString().ToLowerInvariant());

    private static bool Same(Person a, Person b) =>
        a.Name == b.Name && a.Roles.SetEquals(b.Roles) && a.ManagerEmail == b.ManagerEmail && a.TimeZone == b.TimeZone && a.Platform == b.Platform;
}
