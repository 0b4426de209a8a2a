using System.Security;

namespace HandoffBot.Crm.Salesforce;

/// <summary>
/// What Salesforce gets back: the <c>notificationsResponse</c> Ack once the notifications are
/// durable, or a SOAP fault that says why not (Salesforce then keeps the message and retries).
/// Faults go with a 4xx status (503 when storage failed), so a refusal is never mistaken for a crash.
/// </summary>
public static class SoapResponses
{
    private const string ContentType = "text/xml; charset=utf-8";

    public static IResult Ack() => Results.Text(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
         <soapenv:Body>
          <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
           <Ack>true</Ack>
          </notificationsResponse>
         </soapenv:Body>
        </soapenv:Envelope>
        """,
        ContentType,
        statusCode: StatusCodes.Status200OK);

    /// <summary>A fault; <paramref name="client"/> says the sender is at fault (soapenv:Client) rather than this server.</summary>
    public static IResult Fault(int status, string message, bool client = true) => Results.Text(
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
         <soapenv:Body>
          <soapenv:Fault>
           <faultcode>soapenv:{(client ? "Client" : "Server")}</faultcode>
           <faultstring>{SecurityElement.Escape(message)}</faultstring>
          </soapenv:Fault>
         </soapenv:Body>
        </soapenv:Envelope>
        """,
        ContentType,
        statusCode: status);
}
