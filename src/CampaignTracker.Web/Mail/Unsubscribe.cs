using System.Security.Cryptography;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CampaignTracker.Web.Mail;

/// <summary>What one unsubscribe link stops: immediate alert mails, the daily alert summary, or the weekly digest.</summary>
public enum MailStream { Alerts, DailySummary, Digest }

/// <summary>
/// Signed one-click unsubscribe links (issue 16): the token names the user and the stream, signed with the app's data
/// protection keys (in the database, shared by every instance), so it works without signing in and cannot be forged or
/// turned into another user's link.
/// </summary>
public class UnsubscribeLinks(IDataProtectionProvider protection, EmailSettings settings)
{
    const string Purpose = "CampaignTracker.Mail.Unsubscribe.v1";
    IDataProtector Protector => protection.CreateProtector(Purpose);

    public string UrlFor(string userId, MailStream stream) =>
        settings.Link("/Unsubscribe?token=" + Uri.EscapeDataString(Protector.Protect($"{stream}|{userId}")));

    /// <summary>The user and stream of a token; null for a token that was not made here or was altered.</summary>
    public (string UserId, MailStream Stream)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var parts = Protector.Unprotect(token).Split('|', 2);
            return parts.Length == 2 && Enum.TryParse<MailStream>(parts[0], out var stream) ? (parts[1], stream) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Turns the stream off in <paramref name="preference"/>; false when it was off already.</summary>
    public static bool Apply(NotificationPreference preference, MailStream stream)
    {
        switch (stream)
        {
            case MailStream.Digest:
                if (!preference.Digest) return false;
                preference.Digest = false;
                return true;
            default:
                var from = stream == MailStream.Alerts ? Delivery.Immediately : Delivery.Daily;
                var changed = false;
                if (preference.Critical == from) { preference.Critical = Delivery.Never; changed = true; }
                if (preference.Warning == from) { preference.Warning = Delivery.Never; changed = true; }
                if (preference.Info == from) { preference.Info = Delivery.Never; changed = true; }
                return changed;
        }
    }

    public static string Describe(MailStream stream) => stream switch
    {
        MailStream.Alerts => "immediate alert mails",
        MailStream.DailySummary => "the daily alert summary",
        _ => "the weekly digest",
    };
}
