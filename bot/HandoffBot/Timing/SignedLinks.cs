using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Timing;
using HandoffBot.Options;
using HandoffBot.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace HandoffBot.Timing;

/// <summary>
/// Links the cards carry (kickoff .ics, digest chart): the browser opening them has no admin key,
/// so each link carries an expiry and an HMAC of what it opens; anything else is refused.
/// </summary>
public sealed class SignedLinks : IPublicLinks
{
    private readonly byte[] key;
    private readonly TimingOptions options;
    private readonly TimeProvider time;

    public SignedLinks(IOptions<TimingOptions> options, LiteDbContext db, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(db);
        this.options = options.Value;
        this.time = time;
        key = string.IsNullOrEmpty(this.options.LinkSigningKey) ? StoredKey(db) : Encoding.UTF8.GetBytes(this.options.LinkSigningKey);
    }

    public string? Ics(string handoffId, int slot = 0) => Link($"links/ics/{Uri.EscapeDataString(handoffId)}", $"ics:{handoffId}", $"slot={slot.ToString(CultureInfo.InvariantCulture)}&");

    public string? Chart(string chartId) => Link($"links/charts/{Uri.EscapeDataString(chartId)}.png", $"chart:{chartId}", "");

    /// <summary>True when <paramref name="signature"/> is ours for <paramref name="subject"/> and has not expired.</summary>
    public bool Verify(string subject, long expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(subject, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Link(string path, string subject, string query)
    {
        var expires = time.GetUtcNow().AddDays(options.LinkLifetimeDays).ToUnixTimeSeconds();
        return $"{options.PublicBaseUrl.TrimEnd('/')}/{path}?{query}exp={expires.ToString(CultureInfo.InvariantCulture)}&sig={Sign(subject, expires)}";
    }

    private string Sign(string subject, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{subject}:{expires.ToString(CultureInfo.InvariantCulture)}")));

    private static byte[] StoredKey(LiteDbContext db) => db.Write(() =>
    {
        var settings = db.Collection("settings");
        var doc = settings.FindById("linkKey");
        if (doc is null)
        {
            doc = new BsonDocument { ["_id"] = "linkKey", ["value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            settings.Insert(doc);
        }

        return Convert.FromBase64String(doc["value"].AsString);
    });
}
