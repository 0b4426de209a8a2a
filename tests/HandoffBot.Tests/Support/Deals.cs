using System.Text.Json.Nodes;

namespace HandoffBot.Tests.Support;

/// <summary>Deal payloads as a CRM would send them. Names match the seeded people (tests/Defaults/people.yaml).</summary>
public static class Deals
{
    public const string Ae = "avery.ae@example.com";
    public const string Csm = "casey.csm@example.com";
    public const string CsLead = "cs-lead@example.com";
    public const string RevOps = "revops@example.com";

    public static JsonObject Minimal(string crmId = "CRM-1001") => new()
    {
        ["crmId"] = crmId,
        ["accountName"] = "Acme Logistics",
        ["arr"] = 120000,
        ["currency"] = "USD",
        ["segment"] = "Enterprise",
        ["closeDate"] = "2026-10-30",
        ["aeEmail"] = Ae,
    };

    public static JsonObject Complete(string crmId = "CRM-1001")
    {
        var deal = Minimal(crmId);
        deal["crmUrl"] = "https://crm.example.com/deals/" + crmId;
        deal["csmEmail"] = Csm;
        deal["customerTimeZone"] = "America/Chicago";
        deal["context"] = new JsonObject
        {
            ["whatWasSold"] = new JsonArray(new JsonObject { ["product"] = "Route Planner", ["seats"] = 250, ["modules"] = new JsonArray("Analytics") }),
            ["commitments"] = new JsonArray(new JsonObject { ["what"] = "SSO live before go-live", ["due"] = "2026-12-15", ["promisedBy"] = Ae }),
            ["goals"] = new JsonArray("Cut late deliveries"),
            ["successCriteria"] = new JsonArray("Late deliveries below 3% by March"),
            ["stakeholders"] = new JsonArray(new JsonObject { ["name"] = "Dana Ruiz", ["email"] = "dana@acme.example", ["role"] = "champion", ["title"] = "VP Operations" }),
            ["risks"] = new JsonArray(new JsonObject { ["category"] = "timeline", ["severity"] = "medium", ["description"] = "Peak season freeze in December" }),
            ["specialTerms"] = new JsonArray(new JsonObject { ["kind"] = "discount", ["text"] = "15% year-one discount" }),
            ["expansionPotential"] = "Two more depots next year",
            ["targetGoLive"] = "2027-01-15",
        };
        deal["notes"] = new JsonArray(new JsonObject { ["id"] = "n-1", ["author"] = Ae, ["createdAt"] = "2026-10-20T15:04:05Z", ["text"] = "Champion is Dana." });
        return deal;
    }
}
