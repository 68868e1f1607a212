using System.Diagnostics;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Mail;

/// <summary>The whole way, with Hangfire's server running: an upload, its alert evaluation, the mail job after it, a mail in the SMTP server.</summary>
[Collection(AppCollection.Name)]
public sealed class MailPipelineTests : IAsyncLifetime
{
    readonly LoopbackSmtp smtp = new();
    readonly AppFactory app;

    public MailPipelineTests()
    {
        app = new AppFactory { RunJobs = true };
        MailApp.SendTo(app.Settings, smtp);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_upload_that_opens_alerts_mails_them_through_the_jobs_without_anyone_running_anything()
    {
        await app.AdminAsync();   // starts the app (and Hangfire's server)
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var admin = await db.Users.SingleAsync(u => u.Email == AppFactory.AdminEmail);
            await scope.ServiceProvider.GetRequiredService<Recipients>().ChangeAsync(admin.Id, p =>
                (p.Critical, p.Warning, p.Info, p.Digest) = (Delivery.Immediately, Delivery.Immediately, Delivery.Immediately, false), default);
        }

        await Ingest.FilesAsync(app, HandMadeData.Files());   // enqueues the evaluation, and the mail job after it

        var clock = Stopwatch.StartNew();
        while (smtp.To(AppFactory.AdminEmail).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
        var (to, mail) = Assert.Single(smtp.To(AppFactory.AdminEmail));
        Assert.Equal([AppFactory.AdminEmail], to);
        Assert.Contains("Payout discrepancy", mail.TextBody ?? "");
        Assert.Contains("Asha Rao (A1)", mail.TextBody ?? "");
        Assert.Contains($"{MailApp.PublicUrl}/Alerts?id=", mail.TextBody ?? "");
        var sent = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.AsNoTracking().Single());
        Assert.Equal((OutboxState.Sent, 1, MailKind.Alert), (sent.State, sent.Attempts, sent.Kind));
    }
}
