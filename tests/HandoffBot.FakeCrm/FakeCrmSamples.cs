using System.Text.Json.Nodes;

namespace HandoffBot.FakeCrm;

/// <summary>
/// One won deal in each fake CRM (Acme Logistics), matching the people in bot/HandoffBot/people.yaml,
/// plus HubSpot's default pipeline and a custom one whose won stage is a GUID (as in the shared
/// dj-hubspot sample). Used by the tests and by the standalone fakes.
/// </summary>
public static class FakeCrmSamples
{
    public const string HubSpotPortal = "5799819";
    public const string DefaultPipelineDeal = "697680835";
    public const string CustomPipelineDeal = "741141656";
    public const string CustomWonStage = "1f4f1ec1-8174-49f3-a112-4eaa4748e38e";
    public const string CustomOpenStage = "3c5e2a10-0000-4000-8000-000000000001";
    public const string OpenDeal = "555000111";

    public const string SalesforceOrg = "00DD0000000muCUMAY";
    public const string Opportunity = "0061N00000WD1shQAD";
    public const string OpenOpportunity = "0061N00000WD1siQAD";

    public static void Seed(FakeHubSpotServer hubspot)
    {
        ArgumentNullException.ThrowIfNull(hubspot);
        hubspot.Pipelines = new JsonArray(
            Pipeline("default", "Sales Pipeline", ("appointmentscheduled", "Appointment scheduled", false, "0.2"), ("closedwon", "Closed won", true, "1.0"), ("closedlost", "Closed lost", true, "0.0")),
            Pipeline("12345678", "Renewals", (CustomOpenStage, "Negotiation", false, "0.6"), (CustomWonStage, "Signed", true, "1.0")));
        hubspot.AddOwner("111", "avery.ae@example.com", "Avery", "Brooks");
        hubspot.AddOwner("222", "casey.csm@example.com", "Casey", "Lin");
        // A deactivated user: HubSpot returns the owner only with archived=true.
        hubspot.AddOwner("333", "avery.ae@example.com", "Avery", "Brooks (old account)", archived: true);
        hubspot.AddObject("companies", "5001", new Dictionary<string, string?> { ["name"] = "Acme Logistics", ["domain"] = "acme.example", ["customer_time_zone"] = "America/Chicago" });
        hubspot.AddObject("contacts", "701", new Dictionary<string, string?> { ["firstname"] = "Dana", ["lastname"] = "Ruiz", ["email"] = "dana@acme.example", ["jobtitle"] = "VP Operations", ["hs_buying_role"] = "CHAMPION;INFLUENCER" });
        hubspot.AddObject("contacts", "702", new Dictionary<string, string?> { ["firstname"] = "Lee", ["lastname"] = "Park", ["email"] = "lee.park@acme.example", ["jobtitle"] = "CFO", ["hs_buying_role"] = "BUDGET_HOLDER" });
        hubspot.AddObject("contacts", "703", new Dictionary<string, string?> { ["firstname"] = "Sam", ["lastname"] = "Woo", ["email"] = "sam.woo@acme.example", ["jobtitle"] = "IT Lead" });
        hubspot.AddObject("line_items", "9001", new Dictionary<string, string?> { ["name"] = "Route Planner", ["quantity"] = "250", ["price"] = "400", ["amount"] = "100000" });
        hubspot.AddObject("line_items", "9002", new Dictionary<string, string?> { ["name"] = "Analytics module", ["quantity"] = "1", ["price"] = "20000", ["amount"] = "20000" });

        var deal = new Dictionary<string, string?>
        {
            ["dealname"] = "Acme Logistics - Route Planner",
            ["pipeline"] = "default",
            ["dealstage"] = "closedwon",
            ["hs_is_closed_won"] = "true",
            ["amount"] = "120000",
            ["hs_arr"] = "0",
            ["deal_currency_code"] = "USD",
            ["closedate"] = "2026-10-30T15:00:00.000Z",
            ["hubspot_owner_id"] = "111",
            ["csm_owner"] = "222",
            ["segment"] = "Enterprise",
            ["success_criteria"] = "Late deliveries below 3% by March\nDispatchers plan every route in it",
            ["description"] = "Champion is Dana. Go-live before the peak season.",
        };
        hubspot.AddDeal(DefaultPipelineDeal, deal, ["5001"], ["701", "702", "703"], ["9001", "9002"]);
        // Sam has no buying role; the deal's association label says what he is on this deal.
        hubspot.LabelContact(DefaultPipelineDeal, "703", "Technical evaluator");
        // The custom pipeline's won stage is a GUID and no hs_is_closed_won is sent: the stage metadata decides.
        hubspot.AddDeal(CustomPipelineDeal, new Dictionary<string, string?>(deal)
        {
            ["dealname"] = "Acme Logistics - Renewal",
            ["pipeline"] = "12345678",
            ["dealstage"] = CustomWonStage,
            ["hs_is_closed_won"] = null,
            ["hubspot_owner_id"] = "333",
        }, ["5001"], ["701"], ["9001"]);
        hubspot.AddDeal(OpenDeal, new Dictionary<string, string?>(deal) { ["dealstage"] = "appointmentscheduled", ["hs_is_closed_won"] = "false" }, ["5001"]);
    }

    public static void Seed(FakeSalesforceServer salesforce)
    {
        ArgumentNullException.ThrowIfNull(salesforce);
        salesforce.Add(Opp(Opportunity, won: true));
        salesforce.Add(Opp(OpenOpportunity, won: false));
    }

    private static JsonObject Opp(string id, bool won) => new()
    {
        ["__type"] = "Opportunity",
        ["Id"] = id,
        ["Name"] = "Acme Logistics - Route Planner",
        ["IsWon"] = won,
        ["IsClosed"] = won,
        ["StageName"] = won ? "Closed Won" : "Negotiation/Review",
        ["Amount"] = 120000.0,
        ["CloseDate"] = "2026-10-30",
        ["Type"] = "New Customer",
        ["Description"] = "Champion is Dana. Go-live before the peak season.",
        ["Success_Criteria__c"] = "Late deliveries below 3% by March\nDispatchers plan every route in it",
        ["AccountId"] = "0015e00000AbCdEAAV",
        ["Account"] = new JsonObject { ["__type"] = "Account", ["Id"] = "0015e00000AbCdEAAV", ["Name"] = "Acme Logistics", ["Website"] = "https://acme.example", ["Industry"] = "Transportation", ["Customer_Time_Zone__c"] = "America/Chicago" },
        ["OwnerId"] = "00558000001N0KeAAK",
        ["Owner"] = new JsonObject { ["__type"] = "User", ["Id"] = "00558000001N0KeAAK", ["Name"] = "Avery Brooks", ["Email"] = "avery.ae@example.com" },
        ["CSM__c"] = "00558000001N0KfAAK",
        ["CSM__r"] = new JsonObject { ["__type"] = "User", ["Id"] = "00558000001N0KfAAK", ["Name"] = "Casey Lin", ["Email"] = "casey.csm@example.com" },
        ["OpportunityContactRoles"] = new JsonArray(
            Role("00K5e00000Aa001EAA", "003G000001SUbc4IAD", "Dana", "Ruiz", "dana@acme.example", "VP Operations", "Influencer", primary: true),
            Role("00K5e00000Aa002EAA", "003G000001SUbc5IAD", "Lee", "Park", "lee.park@acme.example", "CFO", "Economic Buyer", primary: false),
            Role("00K5e00000Aa003EAA", "003G000001SUbc6IAD", "Sam", "Woo", "sam.woo@acme.example", "IT Lead", "Technical Buyer", primary: false)),
        ["OpportunityLineItems"] = new JsonArray(
            Item("00k5e00000Bb001AAA", "Route Planner", 250, 400),
            Item("00k5e00000Bb002AAA", "Analytics module", 1, 20000)),
    };

    private static JsonObject Role(string id, string contactId, string first, string last, string email, string title, string role, bool primary) => new()
    {
        ["__type"] = "OpportunityContactRole",
        ["Id"] = id,
        ["ContactId"] = contactId,
        ["Role"] = role,
        ["IsPrimary"] = primary,
        ["Contact"] = new JsonObject { ["__type"] = "Contact", ["Id"] = contactId, ["FirstName"] = first, ["LastName"] = last, ["Email"] = email, ["Title"] = title },
    };

    private static JsonObject Item(string id, string product, int quantity, double unitPrice) => new()
    {
        ["__type"] = "OpportunityLineItem",
        ["Id"] = id,
        ["Quantity"] = (double)quantity,
        ["UnitPrice"] = unitPrice,
        ["TotalPrice"] = quantity * unitPrice,
        ["Product2"] = new JsonObject { ["__type"] = "Product2", ["Id"] = "01t5e00000Cc" + id[^6..], ["Name"] = product, ["ProductCode"] = product.ToUpperInvariant().Replace(' ', '-') },
        ["PricebookEntry"] = new JsonObject { ["__type"] = "PricebookEntry", ["Id"] = "01u5e00000Dd" + id[^6..], ["Name"] = product },
    };

    private static JsonObject Pipeline(string id, string label, params (string Id, string Label, bool Closed, string Probability)[] stages) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["stages"] = new JsonArray([.. stages.Select((s, i) => (JsonNode)new JsonObject
        {
            ["id"] = s.Id,
            ["label"] = s.Label,
            ["displayOrder"] = i,
            ["metadata"] = new JsonObject { ["isClosed"] = s.Closed ? "true" : "false", ["probability"] = s.Probability },
        })]),
    };
}
