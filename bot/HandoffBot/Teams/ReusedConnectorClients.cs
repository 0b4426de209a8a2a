using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace HandoffBot.Teams;

/// <summary>
/// The SDK's authentication with one change: connector clients are reused per service URL, audience
/// and bot identity instead of built per turn. Each new <see cref="ConnectorClient"/> builds fresh
/// Newtonsoft settings and re-reflects the Activity types on its first send, which made a reply turn
/// cost ~15 ms of CPU. Credentials inside a client refresh their own tokens, so reuse is safe; the
/// adapter disposes the client after every turn, so it gets a wrapper whose Dispose does nothing.
/// </summary>
public sealed class ReusedConnectorClients(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IConnectorClient>>> clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<UserTokenClient>>> tokenClients = new(StringComparer.Ordinal);

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        result.ConnectorFactory = new Factory(this, result.ConnectorFactory, IdentityKey(result.ClaimsIdentity));
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);
        result.ConnectorFactory = new Factory(this, result.ConnectorFactory, IdentityKey(result.ClaimsIdentity));
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new Factory(this, inner.CreateConnectorFactory(claimsIdentity), IdentityKey(claimsIdentity));

    /// <summary>
    /// The adapter builds a user-token (OAuth) client on every turn, and building one costs as much as a
    /// connector client; this bot never signs users in. So each turn gets a stand-in that creates the real
    /// client (once per bot identity, then shared) only if a token method is ever called.
    /// </summary>
    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var key = IdentityKey(claimsIdentity);
        return Task.FromResult<UserTokenClient>(new DeferredUserTokenClient(() => GetTokenClientAsync(key, claimsIdentity)));
    }

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private static string IdentityKey(ClaimsIdentity? identity) =>
        string.Join('|', (identity?.Claims ?? []).Where(c => c.Type is "appid" or "azp" or "aud" or "ver").OrderBy(c => c.Type, StringComparer.Ordinal).Select(c => c.Type + "=" + c.Value));

    private async Task<IConnectorClient> GetAsync(ConnectorFactory factory, string key, string serviceUrl, string audience)
    {
        var cacheKey = key + "|" + serviceUrl + "|" + audience;
        var lazy = clients.GetOrAdd(cacheKey, _ => new Lazy<Task<IConnectorClient>>(() => factory.CreateAsync(serviceUrl, audience, CancellationToken.None)));
        try
        {
            return new Shared(await lazy.Value);
        }
        catch
        {
            // A failed creation (e.g. a token endpoint down) is not remembered.
            clients.TryRemove(new KeyValuePair<string, Lazy<Task<IConnectorClient>>>(cacheKey, lazy));
            throw;
        }
    }

    private async Task<UserTokenClient> GetTokenClientAsync(string key, ClaimsIdentity identity)
    {
        var lazy = tokenClients.GetOrAdd(key, _ => new Lazy<Task<UserTokenClient>>(() => inner.CreateUserTokenClientAsync(identity, CancellationToken.None)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            tokenClients.TryRemove(new KeyValuePair<string, Lazy<Task<UserTokenClient>>>(key, lazy));
            throw;
        }
    }

    private sealed class Factory(ReusedConnectorClients owner, ConnectorFactory inner, string identity) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.GetAsync(inner, identity, serviceUrl, audience);
    }

    /// <summary>The shared client, handed to one turn: the turn's Dispose leaves it open for the next.</summary>
    private sealed class Shared(IConnectorClient client) : IConnectorClient
    {
        public Uri BaseUri
        {
            get => client.BaseUri;
            set => client.BaseUri = value;
        }

        public JsonSerializerSettings SerializationSettings => client.SerializationSettings;

        public JsonSerializerSettings DeserializationSettings => client.DeserializationSettings;

        public ServiceClientCredentials Credentials => client.Credentials;

        public IAttachments Attachments => client.Attachments;

        public IConversations Conversations => client.Conversations;

        public void Dispose()
        {
        }
    }

    /// <summary>A turn's user-token client: the shared real one, made on first use; the turn's Dispose leaves it open.</summary>
    private sealed class DeferredUserTokenClient(Func<Task<UserTokenClient>> real) : UserTokenClient
    {
        public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            await (await real()).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            await (await real()).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            await (await real()).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            await (await real()).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            await (await real()).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            await (await real()).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
