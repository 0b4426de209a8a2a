using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HandoffBot.Security;

public enum SignatureCheck
{
    Valid,
    NoSecretConfigured,
    Missing,
    BadTimestamp,
    Stale,
    Mismatch,
}

/// <summary>
/// Slack-style request signatures: "{version}=" + hex(HMAC-SHA256(secret, "{version}:{timestamp}:{raw body}")).
/// Used by the CRM intake (v1) and Slack (v0). Computed over the raw body bytes, timestamp checked
/// against the injected clock, compared in constant time, and closed when no secret is configured.
/// </summary>
public static class RequestSignature
{
    public static SignatureCheck Verify(
        string? secret,
        string version,
        string? timestampHeader,
        string? signatureHeader,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureCheck.NoSecretConfigured;
        }

        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253_402_300_799)
        {
            return SignatureCheck.BadTimestamp;
        }

        var skew = Math.Abs(now.ToUnixTimeSeconds() - seconds);
        if (skew > tolerance.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        var expected = Compute(secret, version, timestampHeader, body);
        var given = Encoding.ASCII.GetBytes(signatureHeader.Trim());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given)
            ? SignatureCheck.Valid
            : SignatureCheck.Mismatch;
    }

    public static string Compute(string secret, string version, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes($"{version}:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return version + "=" + Convert.ToHexStringLower(mac);
    }
}
