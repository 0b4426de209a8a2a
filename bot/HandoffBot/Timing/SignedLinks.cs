using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Timing;
using HandoffBot.Options;
using HandoffBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HandoffBot.Timing;

/// <summary>
/// Links the cards carry (kickoff .ics, digest chart): the browser opening them has no admin key,
/// so each link carries an expiry and an HMAC over everything that decides what it opens (kind, id,
/// the .ics slot) and the expiry; anything else is refused.
/// </summary>
public sealed class SignedLinks : IPublicLinks
{
    private readonly Lazy<byte[]> key;
    private readonly TimingOptions options;
    private readonly TimeProvider time;

    public SignedLinks(IOptions<TimingOptions> options, ISettingsStore settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        this.options = options.Value;
        this.time = time;
        var configured = this.options.LinkSigningKey;
        key = new Lazy<byte[]>(() => string.IsNullOrEmpty(configured) ? StoredKey(settings) : Encoding.UTF8.GetBytes(configured));
    }

    public string? Ics(string handoffId, int slot = 0) =>
        Link($"links/ics/{Uri.EscapeDataString(handoffId)}", IcsSubject(handoffId, slot), $"slot={slot.ToString(CultureInfo.InvariantCulture)}&");

    public string? Chart(string chartId) => Link($"links/charts/{Uri.EscapeDataString(chartId)}.png", ChartSubject(chartId), "");

    /// <summary>
    /// The .ics link for this handoff and slot (no slot: 0), unexpired. Links signed before the slot was
    /// (over "ics:{id}" and the expiry only) were only ever issued for slot 0, so they still open slot 0
    /// until they expire, and nothing else.
    /// </summary>
    public bool VerifyIcs(string handoffId, int? slot, long expires, string? signature)
    {
        ArgumentNullException.ThrowIfNull(handoffId);
        var index = slot ?? 0;
        return Verify(IcsSubject(handoffId, index), expires, signature)
            || (index == 0 && Verify("ics:" + handoffId, expires, signature));
    }

    public bool VerifyChart(string chartId, long expires, string? signature) => Verify(ChartSubject(chartId), expires, signature);

    /// <summary>"ics2" keeps these apart from the older "ics:{id}" subjects; the id is escaped so no ':' inside it can shift a field.</summary>
    private static string IcsSubject(string handoffId, int slot) =>
        $"ics2:{Uri.EscapeDataString(handoffId)}:slot={slot.ToString(CultureInfo.InvariantCulture)}";

    private static string ChartSubject(string chartId) => "chart:" + chartId;

    /// <summary>True when <paramref name="signature"/> is ours for <paramref name="subject"/> and has not expired.</summary>
    private bool Verify(string subject, long expires, string? signature)
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
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes($"{subject}:{expires.ToString(CultureInfo.InvariantCulture)}")));

    /// <summary>A random key made once and kept in the store: every instance on a shared database signs alike.</summary>
    private static byte[] StoredKey(ISettingsStore settings) =>
        Convert.FromBase64String(settings.GetOrAddAsync("linkKey", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).GetAwaiter().GetResult());
}
