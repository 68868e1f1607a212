using CampaignTracker.Web.Security;

namespace CampaignTracker.Tests.Security;

public class FirstAdminRuleTests
{
    [Theory]
    [InlineData(true, true, false, true)]     // a Production web server without a terminal: a container
    [InlineData(true, true, true, false)]     // at a terminal the generated password is seen once
    [InlineData(true, false, false, false)]   // operator commands keep their behaviour
    [InlineData(false, true, false, false)]   // Development and tests
    public void Only_a_production_web_server_without_a_terminal_requires_the_admin_password(bool production, bool serving, bool interactive, bool required) =>
        Assert.Equal(required, FirstAdminRule.For(production, serving, interactive).PasswordRequired);
}
