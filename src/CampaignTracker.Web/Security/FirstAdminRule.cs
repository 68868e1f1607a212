namespace CampaignTracker.Web.Security;

/// <summary>
/// Whether the first admin needs Bootstrap:AdminPassword (README, Production). A web server starting in Production
/// without a terminal would print its generated password into a container or service log, where it is lost or read
/// by others, so there it refuses to start without one. At a terminal, and for the operator commands, a generated
/// password printed once stays the default.
/// </summary>
public sealed record FirstAdminRule(bool PasswordRequired)
{
    public static FirstAdminRule For(bool production, bool serving, bool interactive) => new(production && serving && !interactive);
}
