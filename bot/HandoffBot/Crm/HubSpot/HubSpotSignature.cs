using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HandoffBot.Crm.HubSpot;

public enum HubSpotSignatureCheck
{
    Valid,
    NoSecretConfigured,
    Missing,
    BadTimestamp,
    Stale,
    Mismatch,
    VersionTooOld,
}

/// <summary>
/// HubSpot's three request signatures, over the raw body bytes:
/// v1 = hex SHA-256(secret + body); v2 = hex SHA-256(secret + method + URI + body);
/// v3 = Base64 HMAC-SHA256(secret, method + URI + body + timestamp) with the timestamp (ms) at most
/// five minutes old and only HubSpot's listed escapes decoded in the URI. Compared in constant time.
/// </summary>
public static class HubSpotSignature
{
    public const string V3Header = "X-HubSpot-Signature-v3";
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";
    public const string LegacyHeader = "X-HubSpot-Signature";
    public const string VersionHeader = "X-HubSpot-Signature-Version";

    // HubSpot's table, exactly: only these escapes are decoded (never a full URL-decode, which would corrupt %2B, %20, …).
    private static readonly (string Escape, char Value)[] Decoded =
    [
        ("%3A", ':'), ("%2F", '/'), ("%3F", '?'), ("%40", '@'), ("%21", '!'), ("%24", '$'),
        ("%27", '\''), ("%28", '('), ("%29", ')'), ("%2A", '*'), ("%2C", ','), ("%3B", ';'),
    ];

    public static string V1(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(SHA256.HashData(Concat(Encoding.UTF8.GetBytes(secret), body, [])));

    public static string V2(string secret, string method, string uri, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(SHA256.HashData(Concat(Encoding.UTF8.GetBytes(secret + method + uri), body, [])));

    public static string V3(string secret, string method, string uri, ReadOnlySpan<byte> body, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Concat(Encoding.UTF8.GetBytes(method + DecodeUri(uri)), body, Encoding.UTF8.GetBytes(timestamp))));

    /// <summary>Decodes only the escapes in HubSpot's table (hex digits in either case); everything else stays as sent.</summary>
    public static string DecodeUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.Contains('%', StringComparison.Ordinal))
        {
            return uri;
        }

        var result = new StringBuilder(uri.Length);
        for (var i = 0; i < uri.Length; i++)
        {
            if (uri[i] == '%' && i + 2 < uri.Length)
            {
                var escape = uri.Substring(i, 3);
                var match = Decoded.FirstOrDefault(d => escape.Equals(d.Escape, StringComparison.OrdinalIgnoreCase));
                if (match.Escape is not null)
                {
                    result.Append(match.Value);
                    i += 2;
                    continue;
                }
            }

            result.Append(uri[i]);
        }

        return result.ToString();
    }

    /// <summary>Checks the strongest signature the request carries: v3 when present, else v1/v2 as the version header says.</summary>
    public static HubSpotSignatureCheck Verify(
        string? secret,
        IHeaderDictionary headers,
        string method,
        string uri,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan tolerance,
        int minVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (string.IsNullOrEmpty(secret))
        {
            return HubSpotSignatureCheck.NoSecretConfigured;
        }

        var v3 = headers[V3Header].ToString();
        if (v3.Length > 0)
        {
            var timestamp = headers[TimestampHeader].ToString().Trim();
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > 253_402_300_799_000)
            {
                return HubSpotSignatureCheck.BadTimestamp;
            }

            // Refused when older than the tolerance, and when as far in the future (a clock can be off either way, a forger's too).
            if (Math.Abs(now.ToUnixTimeMilliseconds() - ms) > tolerance.TotalMilliseconds)
            {
                return HubSpotSignatureCheck.Stale;
            }

            if (Same(V3(secret, method, uri, body, timestamp), v3.Trim()))
            {
                return HubSpotSignatureCheck.Valid;
            }

            // HubSpot also sends the older signature of the same request; it does not cover the URL,
            // so it still holds when a proxy changed what the bot sees. A stale v3 is never rescued.
            if (headers[LegacyHeader].ToString().Trim().Length == 0 || minVersion > 2)
            {
                return HubSpotSignatureCheck.Mismatch;
            }
        }

        var legacy = headers[LegacyHeader].ToString().Trim();
        if (legacy.Length == 0)
        {
            return HubSpotSignatureCheck.Missing;
        }

        if (minVersion > 2)
        {
            return HubSpotSignatureCheck.VersionTooOld;
        }

        var version = headers[VersionHeader].ToString().Trim();
        var v1 = !version.Equals("v2", StringComparison.OrdinalIgnoreCase) && minVersion <= 1 && Same(V1(secret, body), legacy.ToLowerInvariant());
        var v2 = !version.Equals("v1", StringComparison.OrdinalIgnoreCase)
            && (Same(V2(secret, method, uri, body), legacy.ToLowerInvariant()) || Same(V2(secret, method, DecodeUri(uri), body), legacy.ToLowerInvariant()));
        return v1 || v2 ? HubSpotSignatureCheck.Valid : HubSpotSignatureCheck.Mismatch;
    }

    private static bool Same(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var all = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        c.CopyTo(all.AsSpan(a.Length + b.Length));
        return all;
    }
}
