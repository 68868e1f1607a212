using CampaignTracker.Web.Alerts;

namespace CampaignTracker.Tests.Alerts;

public class RobustStatsTests
{
    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_value_and_of_an_even_count_the_mean_of_the_two()
    {
        Assert.Equal(2, RobustStats.Median([3, 1, 2]));
        Assert.Equal(2.5, RobustStats.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void The_mad_ignores_one_wild_value() =>
        // median 3; deviations 2, 1, 0, 1, 97 → median 1
        Assert.Equal(1, RobustStats.Mad([1, 2, 3, 4, 100]));

    [Fact]
    public void The_band_is_median_plus_or_minus_k_mads_of_the_history()
    {
        // sorted: 9 9 10 10 10 10 11 11 11 12 12 12 13 13 → median 11; |x − 11| sorted: 0 0 0 1 1 1 1 1 1 1 2 2 2 2 → MAD 1
        var band = RobustStats.BandOf([10, 12, 11, 13, 9, 10, 12, 11, 10, 11, 12, 13, 9, 10], k: 4, minDays: 14);
        Assert.True(band.Exists);
        Assert.Equal((11, 1, 7, 15), (band.Median, band.Mad, band.Low, band.High));
    }

    [Fact]
    public void Too_little_history_gives_no_band_and_says_why()
    {
        var band = RobustStats.BandOf(Enumerable.Range(1, 13).Select(d => (double)d).ToArray(), k: 4, minDays: 14);
        Assert.False(band.Exists);
        Assert.Equal("13 days of history, fewer than the 14 needed", band.Reason);
    }

    [Fact]
    public void A_history_without_spread_gives_no_band_rather_than_flagging_every_change()
    {
        var band = RobustStats.BandOf(Enumerable.Repeat(5.0, 20).ToArray(), k: 4, minDays: 14);
        Assert.False(band.Exists);
        Assert.Equal("no spread in its history (MAD = 0)", band.Reason);
    }

    [Fact]
    public void The_robust_z_is_measured_on_the_log_scale_in_normal_units()
    {
        double[] peers = [Math.Exp(0), Math.Exp(1), Math.Exp(2), Math.Exp(3), Math.Exp(4)];   // logs 0..4: median 2, MAD 1
        Assert.Equal((4 - 2) / 1.4826, RobustStats.LogRobustZ(Math.Exp(4), peers)!.Value, precision: 9);
        Assert.Equal((10 - 2) / 1.4826, RobustStats.LogRobustZ(Math.Exp(10), peers)!.Value, precision: 9);   // 5.40: beyond 3.5
        Assert.Null(RobustStats.LogRobustZ(2, [2, 2, 2]));
    }

    [Fact]
    public void A_share_is_a_percentage_of_the_whole_and_nothing_of_nothing()
    {
        Assert.Equal(31m, RobustStats.SharePercent(31, 100));
        Assert.Equal(0m, RobustStats.SharePercent(0, 0));
    }
}

public class HeavyHittersTests
{
    [Fact]
    public void A_buyer_above_a_quarter_of_the_orders_stays_a_candidate_among_many_small_ones()
    {
        // 35 of 100 orders by "heavy", interleaved with 65 buyers of one order each; 3 counters keep everyone above 1/4.
        var hitters = new HeavyHitters(3);
        for (var i = 0; i < 65; i++)
        {
            hitters.Add($"user_{i}", 1);
            if (i % 2 == 0) hitters.Add("heavy", 1);
        }
        hitters.Add("heavy", 2);
        Assert.Contains("heavy", hitters.Users);
        Assert.True(hitters.Users.Count() <= 3);
    }

    [Fact]
    public void Weights_count_as_many_items()
    {
        var hitters = new HeavyHitters(1);
        hitters.Add("a", 5);
        hitters.Add("b", 3);   // a: 5 − 3 = 2
        hitters.Add("c", 4);   // a is cut to 0 and drops; c keeps 4 − 2
        Assert.Equal(["c"], hitters.Users);
    }
}

public class HeavyHittersBoundTests
{
    [Fact]
    public void Forty_different_buyers_of_one_order_cannot_hold_30_percent()
    {
        // Each new buyer past 3 cuts every counter by 1: counters end at most 1; undercount (40 − Σc) ÷ 4 ≤ 10; 1 + 10 ≤ 12.
        var hitters = new HeavyHitters(3);
        for (var i = 0; i < 40; i++) hitters.Add($"user_{i}", 1);
        Assert.Equal(40, hitters.Total);
        Assert.False(hitters.MayExceed(0.30m * 40));
    }

    [Fact]
    public void A_buyer_of_more_than_30_percent_may_exceed_it()
    {
        var hitters = new HeavyHitters(3);
        for (var i = 0; i < 28; i++) hitters.Add($"user_{i}", 1);
        hitters.Add("heavy", 13);   // 13 of 41 = 31.7%
        Assert.True(hitters.MayExceed(0.30m * 41));
    }
}
