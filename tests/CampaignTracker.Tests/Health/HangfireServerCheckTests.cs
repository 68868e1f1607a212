using CampaignTracker.Web.Health;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CampaignTracker.Tests.Health;

public class HangfireServerCheckTests
{
    static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    static ServerDto Server(string name, DateTime? heartbeat) => new() { Name = name, Heartbeat = heartbeat, Queues = ["default"] };

    [Fact]
    public void This_process_server_with_a_recent_heartbeat_is_healthy()
    {
        var result = HangfireServerCheck.Assess([Server("host-1a2b3c4d:77:9f0e", Now.AddSeconds(-20))], "HOST-1a2b3c4d", Now);

        Assert.Equal((HealthStatus.Healthy, "running, last heartbeat 20 s ago"), (result.Status, result.Description));
    }

    [Fact]
    public void Another_instance_server_does_not_count_for_this_process() =>
        Assert.Equal(HealthStatus.Unhealthy,
            HangfireServerCheck.Assess([Server("host-99999999:12:9f0e", Now)], "host-1a2b3c4d", Now).Status);

    [Fact]
    public void A_heartbeat_older_than_three_beats_is_unhealthy()
    {
        var result = HangfireServerCheck.Assess([Server("host-1a2b3c4d:77:9f0e", Now.AddSeconds(-91))], "host-1a2b3c4d", Now);

        Assert.Equal((HealthStatus.Unhealthy, "last heartbeat 91 s ago, more than 90 s"), (result.Status, result.Description));
    }
}
