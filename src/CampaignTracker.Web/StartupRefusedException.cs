namespace CampaignTracker.Web;

/// <summary>The app cannot start as configured; the message is the one line that says what to set.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
