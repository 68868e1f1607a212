namespace CampaignTracker.Web.Data;

/// <summary>Issue 15: Draft → Submitted → Approved → Paid; Draft or Submitted → Cancelled.</summary>
public enum PayoutRunState { Draft, Submitted, Approved, Paid, Cancelled }

/// <summary>
/// A payout run (issue 15): what is paid for a period and optionally a brand. Its lines are computed once, at creation,
/// and stored: a later upload changes the dashboard, not a run. People are kept as their e-mail, as the audit log keeps them;
/// times are UTC DateTimes, as the audit log's (SQLite compares and sorts them as text).
/// </summary>
public class PayoutRun
{
    /// <summary>The run's number, as people name it ("run #3").</summary>
    public int Id { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int? BrandId { get; set; }
    public PayoutRunState State { get; set; }

    public string PreparedBy { get; set; } = "";
    public DateTime PreparedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SubmitNote { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApproveNote { get; set; }
    public string? PaidBy { get; set; }
    public DateTime? PaidAt { get; set; }
    public string? PaidNote { get; set; }

    /// <summary>The payment of the whole run; null when each line carries its own.</summary>
    public string? PaymentReference { get; set; }
    public DateOnly? PaymentDate { get; set; }
    public string? CancelledBy { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>
    /// Optimistic concurrency token, incremented by every transition: an int rather than a rowversion because SQLite has
    /// none, so both providers check it the same way (two concurrent approvals: exactly one saves).
    /// </summary>
    public int Version { get; set; }

    public List<PayoutRunLine> Lines { get; set; } = [];
}

/// <summary>One influencer of a run, frozen at creation (PayoutRunLines computes it).</summary>
public class PayoutRunLine
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public int InfluencerId { get; set; }
    public PayoutBasis Basis { get; set; }
    public decimal Rate { get; set; }
    public long Orders { get; set; }
    public long Posts { get; set; }
    public decimal Earned { get; set; }

    /// <summary>The payouts file's total_payout: the contract's whole declared amount (the file has no dates); null without one.</summary>
    public decimal? Declared { get; set; }

    /// <summary>Declared − earned; null without a declared amount.</summary>
    public decimal? Difference { get; set; }

    /// <summary>What is paid: earned unless the preparer overrode it, with <see cref="OverrideReason"/>.</summary>
    public decimal Amount { get; set; }
    public string? OverrideReason { get; set; }

    /// <summary>Ticked one by one by the approver (overrides and differences beyond tolerance must be).</summary>
    public bool Ticked { get; set; }

    /// <summary>This line's own payment, when the run was not paid as a whole.</summary>
    public string? PaymentReference { get; set; }
    public DateOnly? PaymentDate { get; set; }

    public bool IsOverride => OverrideReason is not null;

    /// <summary>Beyond the reconciliation tolerance (Kpis/Reconciliation: ₹1 and 1%).</summary>
    public bool BeyondTolerance => Declared is { } declared && new Kpis.Reconciliation(Earned, declared).Flagged;

    /// <summary>Issue 15: overrides and lines beyond tolerance are approved one by one.</summary>
    public bool MustBeTicked => IsOverride || BeyondTolerance;
}
