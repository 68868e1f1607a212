using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Ingestion;

/// <summary>Reads one row of each dataset through <see cref="Fields"/>, which records every bad value.</summary>
public static class DatasetRows
{
    public static InfluencerInput Influencer(Fields f) =>
        new(f.Label("id", 100), f.Label("name", 200), Labels.Normalize(f.Label("category", 100)),
            f.OptionalLabel("gender", 100) is { } g ? Labels.Normalize(g) : null, f.Count("follower_count"), Labels.Normalize(f.Label("platform", 100)));

    public static PostInput Post(Fields f) =>
        new(f.Row, f.Text("influencer_id", 100), Labels.Normalize(f.Label("platform", 100)), f.Date("date"), f.Text("url", 400),
            f.OptionalText("caption", 2000), f.Count("reach"), f.Count("likes"), f.Count("comments"), f.OptionalLabel("post_id", 100));

    public static TrackingInput Tracking(Fields f) =>
        new(f.Row, f.OptionalLabel("source", 200), f.Label("campaign", 200), f.Text("influencer_id", 100), f.OptionalLabel("user_id", 100),
            f.Label("product", 200), f.OptionalLabel("brand", 200), f.Date("date"), f.SmallCount("orders", min: 1), f.Money("revenue", 2),
            f.OptionalLabel("tracking_id", 100));

    public static PayoutInput Payout(Fields f)
    {
        var basis = f.Optional("basis")?.ToLowerInvariant() switch
        {
            "post" => PayoutBasis.Post,
            "order" => PayoutBasis.Order,
            var other => f.Fail("basis", other, "'post' or 'order'", PayoutBasis.Post),
        };
        return new(f.Row, f.Text("influencer_id", 100), basis, f.Money("rate", 4), f.OptionalSmallCount("orders"), f.Money("total_payout", 2));
    }

    public static CatalogueInput Catalogue(Fields f) => new(f.Row, f.Label("product", 200), f.Label("brand", 200));
}
