using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class RowOrderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(999)]
    [InlineData(5_000)]
    public void Top_gives_what_a_stable_sort_and_take_give(int count)
    {
        // Many ties (values 0..49), so the order among equals (source order) is tested too.
        var random = new Random(7);
        var rows = Enumerable.Range(0, 2_000).Select(i => (Id: i, Value: random.Next(50))).ToList();

        var expected = rows.OrderByDescending(r => r.Value).Take(count).ToList();
        Assert.Equal(expected, RowOrder.Top(rows, count, (a, b) => b.Value.CompareTo(a.Value)));
    }

    [Fact]
    public void Top_of_a_hand_made_list()
    {
        (string Name, int Value)[] rows = [("a", 3), ("b", 9), ("c", 3), ("d", 7), ("e", 9)];
        Assert.Equal(["b", "e", "d"], RowOrder.Top(rows, 3, (x, y) => y.Value.CompareTo(x.Value)).Select(r => r.Name));
        Assert.Equal(["a", "c"], RowOrder.Top(rows, 2, (x, y) => x.Value.CompareTo(y.Value)).Select(r => r.Name));
    }
}
