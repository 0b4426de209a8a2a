using System.Text;
using HandoffBot.Crm.HubSpot;
using Microsoft.AspNetCore.Http;

namespace HandoffBot.Tests.Crm;

/// <summary>HubSpot's own test vectors (INTEGRATIONS.md §1a.4, from HubSpot's SDKs and docs) and the URI-decoding rule.</summary>
public sealed class HubSpotSignatureTests
{
    private const string Secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private const string Uri = "https://www.example.com/webhook_uri";

    [Theory]
    [InlineData("v1", "", "{'example_field':'example_value'}", "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750")]
    [InlineData("v2", "GET", "", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e")]
    [InlineData("v2", "POST", "{\"example_field\":\"example_value\"}", "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900")]
    [InlineData("v2", "POST", "{'example_field':'example_value'}", "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383")]
    public void V1AndV2_HubSpotVectors_Match(string version, string method, string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var actual = version == "v1" ? HubSpotSignature.V1(Secret, bytes) : HubSpotSignature.V2(Secret, method, Uri, bytes);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void V1_TheSharedNodeSdkFixture_MatchesTheDocumentedHash()
    {
        var body = CrmWorld.FixtureBytes("hubspot_webhook_hubspot-api-nodejs_v1_signature_vector.json");
        Assert.Equal("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", HubSpotSignature.V1(Secret, body));
    }

    [Fact]
    public void V3_HubSpotVector_Matches()
    {
        var body = Encoding.UTF8.GetBytes("{'example_field':'example_value'}");
        Assert.Equal("K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=", HubSpotSignature.V3(Secret, "POST", Uri, body, "1693657560000"));
    }

    [Fact]
    public void V3_VectorThroughVerify_ValidWithinFiveMinutesStaleAfter()
    {
        var body = Encoding.UTF8.GetBytes("{'example_field':'example_value'}");
        var headers = new HeaderDictionary
        {
            [HubSpotSignature.V3Header] = "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=",
            [HubSpotSignature.TimestampHeader] = "1693657560000",
        };
        var sent = DateTimeOffset.FromUnixTimeMilliseconds(1693657560000);
        var tolerance = TimeSpan.FromMinutes(5);
        Assert.Equal(HubSpotSignatureCheck.Valid, HubSpotSignature.Verify(Secret, headers, "POST", Uri, body, sent.AddMinutes(4), tolerance));
        Assert.Equal(HubSpotSignatureCheck.Stale, HubSpotSignature.Verify(Secret, headers, "POST", Uri, body, sent.AddMinutes(5).AddMilliseconds(1), tolerance));
        Assert.Equal(HubSpotSignatureCheck.Mismatch, HubSpotSignature.Verify(Secret, headers, "POST", Uri, Encoding.UTF8.GetBytes("{'example_field':'other'}"), sent, tolerance));
        Assert.Equal(HubSpotSignatureCheck.Mismatch, HubSpotSignature.Verify("another-secret", headers, "POST", Uri, body, sent, tolerance));
        Assert.Equal(HubSpotSignatureCheck.NoSecretConfigured, HubSpotSignature.Verify("", headers, "POST", Uri, body, sent, tolerance));
    }

    [Fact]
    public void V1_DocumentedHeaderThroughVerify_Valid_AndRefusedWhenV3IsRequired()
    {
        var body = CrmWorld.FixtureBytes("hubspot_webhook_hubspot-api-nodejs_v1_signature_vector.json");
        var headers = new HeaderDictionary
        {
            [HubSpotSignature.LegacyHeader] = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
            [HubSpotSignature.VersionHeader] = "v1",
        };
        Assert.Equal(HubSpotSignatureCheck.Valid, HubSpotSignature.Verify(Secret, headers, "POST", Uri, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal(HubSpotSignatureCheck.VersionTooOld, HubSpotSignature.Verify(Secret, headers, "POST", Uri, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), minVersion: 3));
    }

    [Fact]
    public void V3WrongForThisUrl_ButTheV1HubSpotSendsAlongsideMatches_Valid_UnlessV3IsRequiredOrStale()
    {
        var body = CrmWorld.FixtureBytes("hubspot_webhook_hubspot-api-nodejs_v1_signature_vector.json");
        var sent = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var headers = new HeaderDictionary
        {
            [HubSpotSignature.V3Header] = HubSpotSignature.V3(Secret, "POST", "https://public.example/hook", body, "1790000000000"),
            [HubSpotSignature.TimestampHeader] = "1790000000000",
            [HubSpotSignature.LegacyHeader] = HubSpotSignature.V1(Secret, body),
            [HubSpotSignature.VersionHeader] = "v1",
        };
        var tolerance = TimeSpan.FromMinutes(5);
        Assert.Equal(HubSpotSignatureCheck.Valid, HubSpotSignature.Verify(Secret, headers, "POST", "http://10.0.0.5:8080/hook", body, sent, tolerance));
        Assert.Equal(HubSpotSignatureCheck.Mismatch, HubSpotSignature.Verify(Secret, headers, "POST", "http://10.0.0.5:8080/hook", body, sent, tolerance, minVersion: 3));
        Assert.Equal(HubSpotSignatureCheck.Stale, HubSpotSignature.Verify(Secret, headers, "POST", "https://public.example/hook", body, sent.AddMinutes(6), tolerance));
        headers[HubSpotSignature.LegacyHeader] = new string('0', 64);
        Assert.Equal(HubSpotSignatureCheck.Mismatch, HubSpotSignature.Verify(Secret, headers, "POST", "http://10.0.0.5:8080/hook", body, sent, tolerance));
    }

    [Theory]
    [InlineData(null, "http://10.0.0.5:8080/api/crm/hubspot?t=a%3Ab")]
    [InlineData("https://bot.example.com", "https://bot.example.com/api/crm/hubspot?t=a%3Ab")]
    [InlineData("https://bot.example.com/", "https://bot.example.com/api/crm/hubspot?t=a%3Ab")]
    [InlineData("https://bot.example.com/api/crm/hubspot", "https://bot.example.com/api/crm/hubspot?t=a%3Ab")]
    [InlineData("https://example.com/handoffbot", "https://example.com/handoffbot/api/crm/hubspot?t=a%3Ab")]
    public void PublicUri_ConfiguredBaseOrTheRequestsOwn_PathAndQueryAsSent(string? publicUrl, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("10.0.0.5:8080");
        http.Request.Path = "/api/crm/hubspot";
        http.Request.QueryString = new QueryString("?t=a%3Ab");
        Assert.Equal(expected, HubSpotEndpoint.PublicUri(http.Request, publicUrl));
    }

    [Theory]
    [InlineData("https://x.example/hook?name=a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm", "https://x.example/hook?name=a:b/c?d@e!f$g'h(i)j*k,l;m")]
    [InlineData("https://x.example/hook?q=%3a%2f", "https://x.example/hook?q=:/")]
    [InlineData("https://x.example/hook?q=a%20b%2Bc%25d%26e%3D", "https://x.example/hook?q=a%20b%2Bc%25d%26e%3D")]
    [InlineData("https://x.example/hook?q=%", "https://x.example/hook?q=%")]
    public void DecodeUri_OnlyHubSpotsListedEscapes(string sent, string signed) => Assert.Equal(signed, HubSpotSignature.DecodeUri(sent));

    [Fact]
    public void V3_QueryWithEncodedCharacters_SignedOverTheDecodedUri()
    {
        var body = Encoding.UTF8.GetBytes("[]");
        var sent = "https://bot.example.com/api/crm/hubspot?tenant=acme%3Aeu&note=a%20b";
        var expected = HubSpotSignature.V3(Secret, "POST", "https://bot.example.com/api/crm/hubspot?tenant=acme:eu&note=a%20b", body, "1");
        Assert.Equal(expected, HubSpotSignature.V3(Secret, "POST", sent, body, "1"));
    }
}
