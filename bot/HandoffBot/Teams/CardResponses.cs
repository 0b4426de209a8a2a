using HandoffBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Teams;

/// <summary>Rendered cards as Teams activities and invoke responses. The card JSON itself always comes from <see cref="ICardRenderer"/>.</summary>
public static class CardResponses
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public static JObject Content(RenderedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return JObject.Parse(card.Payload.ToJsonString());
    }

    /// <summary>A message carrying only the card (text plus a card would show as two messages); the text is the notification preview.</summary>
    public static Activity Activity(RenderedCard card)
    {
        var activity = MessageFactory.Attachment(new Attachment { ContentType = AdaptiveCardType, Content = Content(card) });
        activity.Summary = card.Text;
        return (Activity)activity;
    }

    /// <summary>Universal Actions: the card replaces the one the person acted on.</summary>
    public static InvokeResponse Card(RenderedCard card) => new()
    {
        Status = 200,
        Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCardType, Value = Content(card) },
    };

    /// <summary>A short message shown to the person who acted; the card stays as it was.</summary>
    public static InvokeResponse Message(string text) => new()
    {
        Status = 200,
        Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = MessageType, Value = text },
    };
}
