using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// With Teams:MicrosoftAppId set, only requests carrying a valid Bot Connector token get in. (Valid tokens,
/// with keys served over HTTPS as the SDK requires, are in <see cref="TeamsSignedTokenTests"/>.)
/// </summary>
public sealed class TeamsAuthTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync(new Dictionary<string, string?>
    {
        ["Teams:MicrosoftAppId"] = AppId,
        ["Teams:MicrosoftAppPassword"] = "not-a-real-secret",
        // Signing keys are fetched from here; a loopback http URL cannot serve them (https is required), so no key ever validates.
        ["Teams:ToBotFromChannelOpenIdMetadataUrl"] = "http://127.0.0.1:9/openid",
    });

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task NoToken_401_AndNothingSent()
    {
        var response = await world.PostAsync(world.Message("29:avery", "help"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(world.Connector.Calls);
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task GarbageToken_401(string authorization)
    {
        var response = await world.PostAsync(world.Message("29:avery", "help"), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("https://api.botframework.com")]
    [InlineData("https://evil.example.com")]
    public async Task ForgedToken_SignedWithSomeoneElsesKey_401(string issuer)
    {
        using var key = RSA.Create(2048);
        var token = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: issuer,
            audience: AppId,
            claims: [new Claim("serviceurl", world.Connector.Url), new Claim("appid", AppId)],
            notBefore: DateTime.UtcNow.AddMinutes(-1),
            expires: DateTime.UtcNow.AddMinutes(30),
            signingCredentials: new SigningCredentials(new RsaSecurityKey(key) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256)));

        var response = await world.PostAsync(world.Message("29:avery", "help"), "Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(world.Connector.Calls);
    }
}
