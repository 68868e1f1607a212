using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;

namespace CampaignTracker.Web.Security;

/// <summary>
/// Issue 13, HTTPS explicitly: <c>Security:RequireHttps</c> (default true outside Development). When true, cookies are
/// Secure and a plain-HTTP request is redirected to HTTPS where an HTTPS port is known, else answered with a 400 page
/// that names the two ways out. When false, cookies follow the request's scheme (a loopback demo, a private network).
/// </summary>
public sealed class Https(bool required)
{
    public const string RequireKey = "Security:RequireHttps";

    public bool Required { get; } = required;

    public static Https From(IConfiguration config, IHostEnvironment env) =>
        new(config.GetValue(RequireKey, !env.IsDevelopment()));

    public CookieSecurePolicy CookiePolicy => Required ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>
    /// Plain HTTP when HTTPS is required: a redirect to the known HTTPS port, else the 400 page. <c>/healthz</c> stays
    /// reachable over plain HTTP: container and load-balancer probes ask the app's own port, not the proxy's.
    /// </summary>
    public static Task RedirectOrRefuseAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/healthz")) return next(context);

        if (HttpsPort(context) is { } port)
        {
            var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
            // 307 keeps the method and body; not permanent, so a changed set-up is not cached by browsers.
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = $"https://{host}{request.PathBase}{request.Path}{request.QueryString}";
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(RequiredPage);
    }

    /// <summary>The page a plain-HTTP request gets when no HTTPS port is known: what is wrong and the two ways out.</summary>
    public const string RequiredPage =
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>HTTPS required - CampaignTracker</title></head>
        <body>
        <h1>This server requires HTTPS</h1>
        <p>CampaignTracker was reached over plain HTTP, and its setting <code>Security:RequireHttps</code> is <code>true</code>:
        sign-in cookies are only sent over HTTPS, so no page is served over HTTP.</p>
        <p>Two ways out:</p>
        <ol>
        <li>Put a TLS-terminating reverse proxy (nginx, Caddy, a load balancer) in front of the app that sends
        <code>X-Forwarded-Proto: https</code>, from an address listed in <code>ForwardedHeaders:KnownProxies</code> or
        <code>ForwardedHeaders:KnownNetworks</code> (default: loopback only), and browse to the proxy's https:// address.</li>
        <li>Or, for a loopback demo or a private network only, set <code>Security:RequireHttps=false</code>
        (environment variable <code>Security__RequireHttps=false</code>).</li>
        </ol>
        </body></html>
        """;

    /// <summary>
    /// The HTTPS port to redirect to: <c>HttpsRedirection:HttpsPort</c>, <c>https_port</c> (ASPNETCORE_HTTPS_PORT),
    /// the first of <c>https_ports</c> (ASPNETCORE_HTTPS_PORTS), or an https:// address Kestrel listens on. None: null.
    /// </summary>
    static int? HttpsPort(HttpContext context)
    {
        var config = context.RequestServices.GetRequiredService<IConfiguration>();
        foreach (var text in new[] { config["HttpsRedirection:HttpsPort"], config["https_port"], config["https_ports"]?.Split(';')[0] })
            if (int.TryParse(text, out var port) && port > 0) return port;
        var addresses = context.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            if (address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && BindingAddress.Parse(address).Port is > 0 and var port)
                return port;
        return null;
    }

    /// <summary>
    /// X-Forwarded-For, -Proto and -Host are honoured only from trusted proxies: <c>ForwardedHeaders:KnownProxies</c>
    /// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR), each a list or a comma-separated value. Either set
    /// replaces the default, loopback only.
    /// </summary>
    public static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfiguration config)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        var proxies = List(config, "ForwardedHeaders:KnownProxies");
        var networks = List(config, "ForwardedHeaders:KnownNetworks");
        if (proxies.Count == 0 && networks.Count == 0) return;   // ASP.NET's default: 127.0.0.0/8 and ::1

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}'; expected an IP address such as 10.0.0.5"));
        foreach (var network in networks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}'; expected a network in CIDR form such as 172.18.0.0/16"));
    }

    static List<string> List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        IEnumerable<string?> values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value);
        return values.SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }
}
