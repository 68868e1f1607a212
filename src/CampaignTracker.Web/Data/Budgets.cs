namespace CampaignTracker.Web.Data;

/// <summary>
/// What a brand, or one campaign of it, may spend over a period (issue 15). Its status (spent, committed, paid,
/// remaining, pace) is computed when shown: Payouts/BudgetStatus.
/// </summary>
public class Budget
{
    public int Id { get; set; }
    public int BrandId { get; set; }

    /// <summary>null: the whole brand; otherwise the campaign's name as the tracking data spells it.</summary>
    public string? Campaign { get; set; }

    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public decimal Amount { get; set; }
}
