using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace HandoffBot.Chaos;

/// <summary>What the chaos runs feed the bot: the people directory and complete Enterprise deals.</summary>
internal static class ChaosData
{
    public static string AccountName(int i) => $"Chaos Account {i:D3}";

    /// <summary>Deal <paramref name="i"/>, complete (the AE only has to press "Send to CS"), for one of <paramref name="aes"/> AEs.</summary>
    public static JsonObject Deal(int i, int aes)
    {
        return new JsonObject
        {
            ["crmId"] = $"CHAOS-{i:D4}",
            ["accountName"] = AccountName(i),
            ["arr"] = 50_000 + i,
            ["currency"] = "USD",
            ["segment"] = "Enterprise",
            ["closeDate"] = "2026-10-30",
            ["aeEmail"] = $"ae{(i % aes) + 1}@example.com",
            ["csmEmail"] = "casey.csm@example.com",
            ["customerTimeZone"] = "America/Chicago",
            ["crmUrl"] = $"https://crm.example.com/deals/CHAOS-{i:D4}",
            ["context"] = new JsonObject
            {
                ["whatWasSold"] = new JsonArray(new JsonObject { ["product"] = "Route Planner", ["seats"] = 100 + i }),
                ["commitments"] = new JsonArray(new JsonObject { ["what"] = "SSO before go-live", ["due"] = "2026-12-15", ["promisedBy"] = "ae1@example.com" }),
                ["goals"] = new JsonArray("Cut late deliveries"),
                ["successCriteria"] = new JsonArray("Late deliveries below 3% by March"),
                ["stakeholders"] = new JsonArray(new JsonObject { ["name"] = "Dana Ruiz", ["email"] = "dana@customer.example", ["role"] = "champion" }),
                ["risks"] = new JsonArray(new JsonObject { ["category"] = "timeline", ["severity"] = "medium", ["description"] = "Peak season freeze" }),
                ["specialTerms"] = new JsonArray(new JsonObject { ["kind"] = "discount", ["text"] = "10% year one" }),
                ["expansionPotential"] = "More depots",
                ["targetGoLive"] = "2027-01-15",
            },
        };
    }

    public static string People(int aes)
    {
        var yaml = new StringBuilder("people:\n");
        void Person(string email, string name, string roles, string? manager = null) =>
            yaml.Append(CultureInfo.InvariantCulture, $"  - email: {email}\n    name: {name}\n    roles: [{roles}]\n")
                .Append(manager is null ? "" : $"    managerEmail: {manager}\n")
                .Append("    timeZone: America/New_York\n    platform: slack\n");
        for (var i = 1; i <= aes; i++)
        {
            Person($"ae{i}@example.com", $"Account Exec {i}", "ae", "cs-lead@example.com");
        }

        Person("casey.csm@example.com", "Casey Lin", "csm", "cs-lead@example.com");
        Person("cs-lead@example.com", "Jordan Patel", "cs_lead, manager");
        Person("revops@example.com", "Sam Okafor", "revops_admin");
        return yaml.ToString();
    }
}
