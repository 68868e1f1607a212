using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CampaignTracker.Web.Pages;

/// <summary>
/// A page's chart data as JSON, serialized once per cached result (results are immutable and shared by every request
/// of the same view): a warm request of the insights page no longer serializes its 1,000 scatter points. The JSON
/// lives as long as the result it was made from.
/// </summary>
public static class ChartData
{
    static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, string>> Json = new();

    /// <param name="result">The cached result the chart shows.</param>
    /// <param name="variant">What else the shape depends on (e.g. "week"); "" when nothing.</param>
    /// <param name="shape">The chart's data from the result.</param>
    public static string Of<T>(T result, string variant, Func<T, object> shape) where T : class =>
        Json.GetValue(result, _ => new ConcurrentDictionary<string, string>())
            .GetOrAdd(variant, _ => JsonSerializer.Serialize(shape(result)));
}
