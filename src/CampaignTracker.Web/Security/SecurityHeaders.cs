namespace CampaignTracker.Web.Security;

/// <summary>
/// Headers on every response. Scripts and styles come only from our own files (Chart.js, Bootstrap and the
/// page scripts are local; page data travels as JSON in a non-executable script element), nothing may
/// frame the app, and the browser must not guess content types.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-hashes' '" + HiddenValidationSummary + "'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The one inline style allowed: style="display:none", which ASP.NET's validation summary writes when empty.</summary>
    const string HiddenValidationSummary = "sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE=";

    // Hangfire's dashboard sets a few style attributes of its own; its scripts stay as strict as ours.
    static readonly string HangfirePolicy = ContentSecurityPolicy.Replace($"style-src 'self' 'unsafe-hashes' '{HiddenValidationSummary}'", "style-src 'self' 'unsafe-inline'");

    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        var policy = context.Request.Path.StartsWithSegments("/hangfire") ? HangfirePolicy : ContentSecurityPolicy;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";   // frame-ancestors for browsers that predate it
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
