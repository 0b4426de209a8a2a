using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// The Bot Framework's identity side on loopback HTTPS, so the real SDK validates real tokens: the
/// channel's OpenID metadata and signing keys (endorsed for <c>msteams</c>), the emulator's (no
/// endorsements, AAD issuers), and an OAuth token endpoint for the bot's own outgoing calls. The TLS
/// certificate is made here and trusted only by the bot process the test starts (SSL_CERT_FILE);
/// the signing key is made here too, so only this fake can issue a token the bot accepts.
/// </summary>
public sealed class FakeBotFrameworkIdentity : IAsyncDisposable
{
    /// <summary>The public cloud's channel issuer (what Teams' tokens carry as <c>iss</c>).</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    /// <summary>The Bot Framework tenant's AAD v1 issuer: what an emulator token carries.</summary>
    public const string EmulatorIssuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";

    public const string KeyId = "fake-channel-key";

    private readonly WebApplication app;
    private readonly RSA signingKey = RSA.Create(2048);

    private FakeBotFrameworkIdentity(WebApplication app, X509Certificate2 certificate, string certificateFile)
    {
        this.app = app;
        Certificate = certificate;
        CertificateFile = certificateFile;
    }

    /// <summary>https://127.0.0.1:port (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    public X509Certificate2 Certificate { get; }

    /// <summary>PEM file with the TLS certificate: the bot process trusts it through SSL_CERT_FILE.</summary>
    public string CertificateFile { get; }

    /// <summary>Access tokens handed to the bot for its calls to the connector.</summary>
    public ConcurrentQueue<string> IssuedAccessTokens { get; } = new();

    public ConcurrentQueue<string> Unexpected { get; } = new();

    public string ChannelMetadataUrl => Url + "/channel/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => Url + "/emulator/.well-known/openid-configuration";

    /// <summary>
    /// The bot's login authority. An ADFS-shaped path, because for an AAD-shaped one (…/botframework.com)
    /// MSAL asks login.microsoftonline.com for instance discovery even with ValidateAuthority=false, and
    /// that host is not reachable from a test; for ADFS it posts the client credentials straight to
    /// {this}/oauth2/token. The SDK code that asks is the same either way.
    /// </summary>
    public string LoginUrl => Url + "/adfs";

    /// <summary>
    /// The bot process's environment for this fake: the SDK's own settings (root names, as in its samples)
    /// that point it here instead of login.botframework.com and login.microsoftonline.com, and the trust
    /// for this fake's TLS certificate. Everything else is the production code path.
    /// </summary>
    public IDictionary<string, string?> BotEnvironment() => new Dictionary<string, string?>
    {
        ["ToBotFromChannelOpenIdMetadataUrl"] = ChannelMetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = ChannelIssuer,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = EmulatorMetadataUrl,
        ["ToChannelFromBotLoginUrl"] = LoginUrl,
        ["ToChannelFromBotOAuthScope"] = ChannelIssuer,
        ["ValidateAuthority"] = "false",
        ["SSL_CERT_FILE"] = CertificateFile,
    };

    public static async Task<FakeBotFrameworkIdentity> StartAsync()
    {
        var certificate = SelfSigned();
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var pem = Path.Combine(folder, "fake-identity.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFrameworkIdentity(app, certificate, pem);
        app.MapGet("/channel/.well-known/openidconfiguration", () => Json(fake.Metadata(ChannelIssuer, "/channel/keys")));
        app.MapGet("/channel/keys", () => Json(fake.Keys(endorsements: ["msteams"])));
        app.MapGet("/emulator/.well-known/openid-configuration", () => Json(fake.Metadata(EmulatorIssuer, "/emulator/keys")));
        app.MapGet("/emulator/keys", () => Json(fake.Keys(endorsements: null)));
        app.MapPost("/adfs/oauth2/token", fake.IssueAccessToken);
        app.MapFallback((HttpRequest r) => { fake.Unexpected.Enqueue(r.Method + " " + r.Path + r.QueryString); return Results.NotFound(); });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        fake.Url = $"https://127.0.0.1:{address.Port}";
        return fake;
    }

    /// <summary>
    /// A token as the Bot Connector service sends it to the bot: issuer api.botframework.com, audience the
    /// bot's app id, the serviceurl claim, and no ver/appid claims (with them the SDK would take it for a skill's).
    /// </summary>
    public string ChannelToken(string appId, string? serviceUrl, RSA? signWith = null)
    {
        var claims = new List<Claim>();
        if (serviceUrl is not null)
        {
            claims.Add(new Claim("serviceurl", serviceUrl));
        }

        return Sign(ChannelIssuer, appId, claims, signWith);
    }

    /// <summary>A token the way the Emulator path takes it: an AAD token whose appid is the bot's own, no serviceurl claim.</summary>
    public string EmulatorToken(string appId) =>
        Sign(EmulatorIssuer, "https://api.botframework.com", [new("appid", appId), new("ver", "1.0")], null);

    private string Sign(string issuer, string audience, IEnumerable<Claim> claims, RSA? signWith) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: issuer,
            audience: audience,
            claims: claims,
            notBefore: DateTime.UtcNow.AddMinutes(-1),
            expires: DateTime.UtcNow.AddMinutes(30),
            signingCredentials: new SigningCredentials(new RsaSecurityKey(signWith ?? signingKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256)));

    private JObject Metadata(string issuer, string keysPath) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = Url + "/authorize",
        ["jwks_uri"] = Url + keysPath,
        ["id_token_signing_alg_values_supported"] = new JArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JArray("private_key_jwt"),
    };

    private JObject Keys(string[]? endorsements)
    {
        var parameters = signingKey.ExportParameters(false);
        var key = new JObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements is not null)
        {
            key["endorsements"] = new JArray(endorsements);
        }

        return new JObject { ["keys"] = new JArray(key) };
    }

    private IResult IssueAccessToken(HttpRequest request)
    {
        var token = "fake-access-" + Guid.NewGuid().ToString("N");
        IssuedAccessTokens.Enqueue(token);
        return Json(new JObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["ext_expires_in"] = 3600, ["access_token"] = token });
    }

    private static IResult Json(JObject body) => Results.Text(body.ToString(), "application/json");

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Kestrel on Linux wants a certificate whose key it can use for TLS: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
        signingKey.Dispose();
    }
}
