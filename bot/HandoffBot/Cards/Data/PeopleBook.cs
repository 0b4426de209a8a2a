using System.Collections.Frozen;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Cards.Data;

/// <summary>The people directory as one render sees it: names, roles and time zones by email.</summary>
public sealed class PeopleBook
{
    private readonly FrozenDictionary<string, Person> byEmail;

    public PeopleBook(IEnumerable<Person> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        byEmail = people.GroupBy(p => Emails.Normalize(p.Email), StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public static PeopleBook Empty { get; } = new([]);

    public Person? Find(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : byEmail.GetValueOrDefault(Emails.Normalize(email));
}

/// <summary>
/// Reads the directory for the cards. The directory hands out an immutable list that changes only
/// when someone is added or edited, so the book is rebuilt only when that list is a new one.
/// </summary>
public sealed class CardPeople(IPeopleDirectory directory)
{
    private volatile Cached? cached;

    public async Task<PeopleBook> BookAsync(CancellationToken ct)
    {
        var people = await directory.ListAsync(ct);
        var last = cached;
        if (last is not null && ReferenceEquals(last.Source, people))
        {
            return last.Book;
        }

        var book = new PeopleBook(people);
        cached = new Cached(people, book);
        return book;
    }

    private sealed record Cached(IReadOnlyList<Person> Source, PeopleBook Book);
}
