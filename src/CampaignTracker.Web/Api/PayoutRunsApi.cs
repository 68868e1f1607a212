using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Api;

/// <summary>GET /api/payout-runs (the runs the caller may see) and /api/payout-runs/{id} (one with its lines): issue 15's JSON twin.</summary>
public static class PayoutRunsApi
{
    public static void MapPayoutRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payout-runs", async (HttpContext http, Reports reports, PayoutRunsQuery runs, CancellationToken ct) =>
        {
            var list = await runs.ListAsync(PayoutRunsQuery.ScopeFor(http.User, await reports.ScopeAsync(http.User, ct)), ct);
            return Results.Ok(new
            {
                runs = list.Select(r => new
                {
                    id = r.Id, from = r.From, to = r.To, brand = r.Brand, state = r.State.ToString(), preparedBy = r.PreparedBy,
                    preparedAt = Utc(r.PreparedAt), lines = r.Lines, earned = r.Earned, amount = r.Amount,
                }),
            });
        });
        app.MapGet("/api/payout-runs/{id:int}", async (int id, HttpContext http, Reports reports, PayoutRunsQuery runs, CancellationToken ct) =>
        {
            // Another brand's run is a 404, as a run that does not exist.
            if (await runs.GetAsync(id, PayoutRunsQuery.ScopeFor(http.User, await reports.ScopeAsync(http.User, ct)), ct) is not { } detail)
                return Results.NotFound();
            var r = detail.Run;
            return Results.Ok(new
            {
                id = r.Id, from = r.From, to = r.To, brand = detail.Brand, state = r.State.ToString(), version = r.Version,
                preparedBy = r.PreparedBy, preparedAt = Utc(r.PreparedAt),
                submittedBy = r.SubmittedBy, submittedAt = Utc(r.SubmittedAt), submitNote = r.SubmitNote,
                approvedBy = r.ApprovedBy, approvedAt = Utc(r.ApprovedAt), approveNote = r.ApproveNote,
                paidBy = r.PaidBy, paidAt = Utc(r.PaidAt), paidNote = r.PaidNote, paymentReference = r.PaymentReference, paymentDate = r.PaymentDate,
                cancelledBy = r.CancelledBy, cancelledAt = Utc(r.CancelledAt), cancelReason = r.CancelReason,
                totals = new { earned = detail.Earned, amount = detail.Amount },
                lines = detail.Lines.Select(l => new
                {
                    id = l.Id, influencerId = l.InfluencerId, name = l.Name, basis = l.Line.Basis.ToString().ToLowerInvariant(), rate = l.Line.Rate,
                    orders = l.Line.Orders, posts = l.Line.Posts, earned = l.Line.Earned, declared = l.Line.Declared, difference = l.Line.Difference,
                    beyondTolerance = l.Line.BeyondTolerance, amount = l.Line.Amount, overrideReason = l.Line.OverrideReason, ticked = l.Line.Ticked,
                    paymentReference = l.Line.PaymentReference, paymentDate = l.Line.PaymentDate,
                }),
            });
        });
    }

    // Stored as UTC without a kind (SQLite): said so, the JSON carries the Z.
    static DateTime? Utc(DateTime? at) => at is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
}
