namespace CampaignTracker.Web.Payouts;

/// <summary>What a payout run transition did, or why the rule refused it: a refusal is an answer, not an exception.</summary>
public sealed record RunOutcome(bool Done, string Message, int? RunId = null)
{
    public static RunOutcome Refused(string message) => new(false, message);

    public static RunOutcome Ok(int runId, string message) => new(true, message, runId);
}

/// <summary>One line's own payment, when a run is not paid as a whole.</summary>
public sealed record LinePayment(int LineId, string Reference, DateOnly Date);
