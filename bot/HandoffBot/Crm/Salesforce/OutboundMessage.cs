using System.Xml;
using System.Xml.Linq;
using HandoffBot.Core.Crm;

namespace HandoffBot.Crm.Salesforce;

/// <summary>One notification of an Outbound Message: its id, the sObject's type, record id and the fields sent.</summary>
public sealed record OutboundNotification(string NotificationId, string ObjectType, string? RecordId, IReadOnlyDictionary<string, string?> Fields);

/// <summary>A Salesforce Outbound Message (SOAP 1.1 <c>notifications</c>).</summary>
public sealed record OutboundMessage(string OrganizationId, string? ActionId, IReadOnlyList<OutboundNotification> Notifications);

/// <summary>
/// Reads an Outbound Message safely: no DTD (so no entity expansion or external entities), no
/// resolver, bounded size and nesting depth. Elements are matched by local name, so any prefix and
/// namespace spelling Salesforce (or a proxy) uses is accepted; a BOM and CRLF line ends are fine.
/// </summary>
public static class OutboundMessageParser
{
    public const int MaxDepth = 32;
    public const int MaxNotifications = 100;

    public static (OutboundMessage? Message, string? Problem) Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = (body.Length * 2L) + 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };

        XDocument document;
        try
        {
            // First pass streams and bounds the depth, so the tree is only built for a sane document.
            using (var scan = XmlReader.Create(new MemoryStream(body), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                    {
                        return (null, $"The XML is nested deeper than {MaxDepth} levels.");
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            var dtd = ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
            return (null, dtd ? "DTDs and entity declarations are not accepted." : $"Not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.Text.DecoderFallbackException)
        {
            // An encoding the declaration names but .NET cannot decode.
            return (null, "The XML's encoding cannot be read (send UTF-8).");
        }

        var envelope = document.Root;
        if (envelope is null || envelope.Name.LocalName != "Envelope")
        {
            return (null, "Not a SOAP envelope.");
        }

        var notifications = Child(Child(envelope, "Body"), "notifications");
        if (notifications is null)
        {
            return (null, "The SOAP body has no notifications element (is this a Salesforce Outbound Message?).");
        }

        var org = Text(Child(notifications, "OrganizationId"));
        if (string.IsNullOrEmpty(org))
        {
            return (null, "OrganizationId is missing.");
        }

        var items = notifications.Elements().Where(e => e.Name.LocalName == "Notification").ToList();
        if (items.Count > MaxNotifications)
        {
            return (null, $"Too many notifications ({items.Count}; Salesforce sends at most {MaxNotifications}).");
        }

        var parsed = new List<OutboundNotification>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var id = SalesforceId.Normalize(Text(Child(items[i], "Id")));
            if (id is null)
            {
                return (null, $"Notification [{i}] has no valid Id.");
            }

            var sObject = Child(items[i], "sObject");
            if (sObject is null)
            {
                return (null, $"Notification [{i}] has no sObject.");
            }

            var type = sObject.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value ?? "";
            type = type[(type.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var field in sObject.Elements().Where(f => !f.HasElements))
            {
                fields[field.Name.LocalName] = IsNil(field) ? null : field.Value;
            }

            var recordId = fields.GetValueOrDefault("Id") is { } raw ? SalesforceId.Normalize(raw) : null;
            if (fields.ContainsKey("Id") && recordId is null)
            {
                return (null, $"Notification [{i}]: the sObject's Id is not a Salesforce id.");
            }

            parsed.Add(new OutboundNotification(id, type, recordId, fields));
        }

        return (new OutboundMessage(org.Trim(), Text(Child(notifications, "ActionId")), parsed), null);
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static string? Text(XElement? element) => element is null || IsNil(element) ? null : element.Value.Trim();

    private static bool IsNil(XElement element) =>
        element.Attributes().Any(a => a.Name.LocalName == "nil" && a.Value.Trim() is "true" or "1");
}
