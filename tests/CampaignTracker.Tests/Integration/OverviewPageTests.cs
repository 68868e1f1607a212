using System.Text.RegularExpressions;

namespace CampaignTracker.Tests.Integration;

/// <summary>The overview's revenue vs payout chart (its table twin) on the hand-made data set.</summary>
[Collection(AppCollection.Name)]
public class OverviewPageTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<string> PageAsync(string query) =>
        Regex.Replace(await (await app.AdminAsync()).GetStringAsync("/" + query), @">\s+<", "><");

    static string Row(string date, string revenue, string payout) =>
        $"<tr><td>{date}</td><td class=\"text-end\">{revenue}</td><td class=\"text-end\">{payout}</td></tr>";

    [Fact]
    public async Task Earned_payout_sits_on_the_days_of_the_orders_and_posts()
    {
        var html = await PageAsync("");

        Assert.Contains(Row("2025-06-01", "₹1,000.00", "₹20.00"), html);    // Asha: 2 orders × 10
        Assert.Contains(Row("2025-06-02", "₹900.00", "₹530.00"), html);     // Asha 3 × 10; Bala's post 500
        Assert.Contains(Row("2025-06-03", "₹400.00", "₹500.00"), html);     // Bala's second post
    }

    [Fact]
    public async Task Declared_payout_sits_on_the_days_of_the_revenue()
    {
        var html = await PageAsync("?cost=declared");

        Assert.Contains(Row("2025-06-01", "₹1,000.00", "₹92.31"), html);    // Asha's 120 × 1,000 / 1,300
        Assert.Contains(Row("2025-06-02", "₹900.00", "₹327.69"), html);     // 120 × 300 / 1,300 + Bala's 500 × 600 / 1,000
        Assert.Contains(Row("2025-06-03", "₹400.00", "₹200.00"), html);
    }

    [Fact]
    public async Task Weeks_start_on_monday()
    {
        var html = await PageAsync("?interval=week");

        Assert.Contains("Revenue vs payout per week", html);
        Assert.Contains(Row("2025-05-26", "₹1,000.00", "₹20.00"), html);    // Sunday 1 June
        Assert.Contains(Row("2025-06-02", "₹1,300.00", "₹1,030.00"), html);
        Assert.Contains("<input type=\"hidden\" name=\"interval\" value=\"week\" />", html);   // the filter form keeps it
    }
}
