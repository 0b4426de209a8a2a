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

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

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
}
