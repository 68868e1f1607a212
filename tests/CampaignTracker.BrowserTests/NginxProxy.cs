using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CampaignTracker.BrowserTests;

/// <summary>
/// Debian's nginx (tests/run.sh installs it) as the TLS-terminating proxy of docker/compose.yaml: the same
/// docker/nginx/campaigntracker.conf.template, its ${NAME}s replaced as the nginx image does, inside a main
/// configuration of the test's own (a temporary prefix, no daemon, no access log).
/// It connects to the app from <see cref="ProxyAddress"/>, not 127.0.0.1, so that the app's audit log can show that it
/// recorded the client's forwarded address rather than the proxy's.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public const string ProxyAddress = "127.0.0.3";
    static string NginxPath => Environment.GetEnvironmentVariable("NGINX_EXECUTABLE") is { Length: > 0 } path ? path : "/usr/sbin/nginx";

    readonly Process process;
    readonly string folder;

    public int HttpsPort { get; }
    public int HttpPort { get; }

    NginxProxy(Process process, string folder, int httpsPort, int httpPort) =>
        (this.process, this.folder, HttpsPort, HttpPort) = (process, folder, httpsPort, httpPort);

    public static async Task<NginxProxy> StartAsync(string upstream, string certificate, string key)
    {
        Assert.True(File.Exists(NginxPath), $"no nginx at {NginxPath}: tests/run.sh installs Debian's nginx-light (or set NGINX_EXECUTABLE)");
        var folder = Directory.CreateTempSubdirectory("ct-nginx-").FullName;
        // Workers run as an unprivileged user when the tests run as root: their temp folders must be theirs to write.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        var (httpsPort, httpPort) = (FreePort(), FreePort());

        var server = Render(File.ReadAllText(Path.Combine(Repository.Root, "docker", "nginx", "campaigntracker.conf.template")), new()
        {
            ["PROXY_PORT"] = httpsPort.ToString(),
            ["HTTP_PORT"] = httpPort.ToString(),
            ["APP_UPSTREAM"] = upstream,
            ["TLS_CERT"] = certificate,
            ["TLS_KEY"] = key,
        });
        File.WriteAllText(Path.Combine(folder, "campaigntracker.conf"), server);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"),
            $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                proxy_bind {{ProxyAddress}};
                include {{folder}}/campaigntracker.conf;
            }
            """);

        var info = new ProcessStartInfo(NginxPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" }) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var proxy = new NginxProxy(process, folder, httpsPort, httpPort);
        await proxy.WaitForPortAsync(httpsPort, TimeSpan.FromSeconds(20));
        return proxy;
    }

    /// <summary>As the nginx image's envsubst: every ${NAME} given a value; other $words are nginx's own variables.</summary>
    public static string Render(string template, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values) template = template.Replace("${" + name + "}", value);
        Assert.DoesNotContain("${", template);
        return template;
    }

    public string ErrorLog => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "";

    async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                Assert.Fail($"nginx exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{ErrorLog}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
        process.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>The repository the tests run from: the folder that holds CampaignTracker.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CampaignTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("no CampaignTracker.sln above " + AppContext.BaseDirectory);
    }
}
