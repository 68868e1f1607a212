using CampaignTracker.Web.Pages;

namespace CampaignTracker.Tests.Pages;

public class ChartDataTests
{
    sealed record Result(int[] Values);

    [Fact]
    public void A_result_is_serialized_once_per_variant()
    {
        var result = new Result([1, 2]);
        var shapes = 0;
        object Shape(Result r) { shapes++; return new { values = r.Values }; }

        var first = ChartData.Of(result, "", Shape);
        Assert.Equal("""{"values":[1,2]}""", first);
        Assert.Same(first, ChartData.Of(result, "", Shape));
        Assert.Equal(1, shapes);
        Assert.Equal("""{"weekly":[1,2]}""", ChartData.Of(result, "week", r => new { weekly = r.Values }));
    }

    [Fact]
    public void Equal_results_that_are_not_the_same_object_are_serialized_apart()
    {
        int[] values = [3];
        var shapes = 0;
        ChartData.Of(new Result(values), "", r => { shapes++; return r.Values; });
        ChartData.Of(new Result(values), "", r => { shapes++; return r.Values; });
        Assert.Equal(2, shapes);
    }
}
