using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Security;
using YamlDotNet.RepresentationModel;

namespace CampaignTracker.Tests.Deployment;

/// <summary>
/// No Docker engine runs here (README, Docker and SQL Server): docker/compose.yaml, docker/Dockerfile and the nginx
/// template are read and checked against the code, so that they cannot drift from it: the settings the app reads, the
/// data folder's volume, the ports, the health check, the user, the proxy and its certificate.
/// </summary>
public class ContainerFilesTests
{
    static readonly string Root = CampaignTracker.Tests.Integration.TestFiles.RepositoryRoot();
    static readonly YamlMappingNode Compose = LoadCompose();
    static readonly Dockerfile Image = Dockerfile.Parse(File.ReadAllText(Path.Combine(Root, "docker", "Dockerfile")));

    static YamlMappingNode Services => Map(Compose, "services");
    static YamlMappingNode App => Map(Services, "app");
    static YamlMappingNode Proxy => Map(Services, "proxy");
    static YamlMappingNode Certs => Map(Services, "certs");

    [Fact]
    public void Every_setting_the_app_service_gives_is_one_the_app_reads()
    {
        var known = ConfigurationKeysOfTheApp();
        foreach (var (name, _) in Environment(App))
        {
            var key = name.Replace("__", ":");
            Assert.True(known.Contains(key), $"compose.yaml gives the app {name}, but no code or appsettings.json reads '{key}'");
        }
    }

    [Fact]
    public void The_app_service_names_its_database_its_connection_and_the_first_admin()
    {
        var env = Environment(App);
        Assert.Equal("SqlServer", env["Database__Provider"]);
        var connection = env["ConnectionStrings__CampaignTracker"];
        var server = Regex.Match(connection, "Server=([^;,]+)").Groups[1].Value;
        Assert.True(Services.Children.ContainsKey(server), $"the connection string names server '{server}', which is no service of compose.yaml");
        Assert.Contains("condition: service_healthy", DependsOn(App, server));
        // Production refuses to start without the admin's password when no admin exists and nobody reads the console:
        // compose refuses first, with its own message (${VAR:?...}).
        Assert.Matches(@"^\$\{BOOTSTRAP_ADMIN_PASSWORD:\?[^}]+\}$", env["Bootstrap__AdminPassword"]);
        Assert.Contains("Bootstrap__AdminEmail", env.Keys);
    }

    [Fact]
    public void The_image_runs_the_app_in_production_as_a_non_root_user_with_a_health_check_on_healthz()
    {
        var runtime = Image.LastStage;
        Assert.Equal("Production", runtime.Env["ASPNETCORE_ENVIRONMENT"]);
        Assert.DoesNotMatch(@"^(root|0)(:|$)", runtime.Single("USER"));
        Assert.Contains($"\"{typeof(Program).Assembly.GetName().Name}.dll\"", runtime.Single("ENTRYPOINT"));

        var healthCheck = runtime.Single("HEALTHCHECK");
        Assert.Contains($"/dev/tcp/127.0.0.1/{AppPort}", healthCheck);
        Assert.Contains("GET /healthz ", healthCheck);
        Assert.Contains("app.MapHealthChecks(\"/healthz\"", File.ReadAllText(Path.Combine(Root, "src", "CampaignTracker.Web", "Program.cs")));
        Assert.Contains(AppPort.ToString(), Sequence(App, "expose").Select(Scalar));
    }

    [Fact]
    public void The_data_folder_is_a_named_volume_at_the_path_the_app_writes_and_the_app_user_owns()
    {
        var dataFolder = Path.Combine(Image.LastStage.Single("WORKDIR"), AppSettings("Storage:DataDirectory"));   // relative to the content root
        Assert.Equal("/app/App_Data", dataFolder);
        AssertNamedVolumeAt(App, dataFolder);
        Assert.Contains(Image.LastStage.All("RUN"), run => run.Contains($"mkdir -p {dataFolder}") || run.Contains(dataFolder) && run.Contains("chown \"$APP_UID\""));
    }

    [Fact]
    public void The_proxy_template_gets_every_value_it_uses_and_forwards_to_the_app_port()
    {
        var mount = Sequence(Proxy, "volumes").Select(Scalar).Single(v => v.Contains("templates/"));
        var template = File.ReadAllText(Path.Combine(Root, "docker", mount.Split(':')[0]));
        Assert.EndsWith(".template:ro", mount);   // the nginx image renders /etc/nginx/templates/*.template into conf.d

        var env = Environment(Proxy);
        var used = Regex.Matches(string.Join('\n', template.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), @"\$\{([A-Z_]+)\}")
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(env.ContainsKey(name), $"the template uses ${{{name}}}, which the proxy service does not set"));
        Assert.Equal($"app:{AppPort}", env["APP_UPSTREAM"]);

        var published = Sequence(Proxy, "ports").Select(Scalar).ToList();
        Assert.Contains($"{env["PROXY_PORT"]}:{env["PROXY_PORT"]}", published);
        Assert.Contains($"{env["HTTP_PORT"]}:{env["HTTP_PORT"]}", published);
        Assert.False(App.Children.ContainsKey("ports"), "the app's plain-HTTP port is published: browsers must come through the TLS proxy");
        // The address the files tell people to browse to is the proxy's.
        Assert.Contains($"https://localhost:{env["PROXY_PORT"]}", File.ReadAllText(Path.Combine(Root, "docker", "compose.yaml")));
        Assert.Contains($"https://localhost:{env["PROXY_PORT"]}", File.ReadAllText(Path.Combine(Root, "README.md")));
    }

    [Fact]
    public void The_app_trusts_forwarded_headers_from_the_proxy_address_only()
    {
        var proxyAddress = IPAddress.Parse(Scalar(Map(Map(Proxy, "networks"), "backend"), "ipv4_address"));
        var subnet = System.Net.IPNetwork.Parse(Scalar((YamlMappingNode)Sequence(Map(Map(Map(Compose, "networks"), "backend"), "ipam"), "config")[0], "subnet"));
        Assert.True(subnet.Contains(proxyAddress), $"the proxy's address {proxyAddress} is outside its network {subnet}");
        Assert.Equal(proxyAddress.ToString(), Environment(App)["ForwardedHeaders__KnownProxies"]);
        Assert.Contains("backend", Sequence(App, "networks").Select(Scalar));
        Assert.False(Environment(App).ContainsKey("Security__RequireHttps"), "the app behind the proxy keeps HTTPS required (the Production default)");
    }

    [Fact]
    public void The_certificate_the_proxy_reads_is_the_one_tls_cert_writes_at_first_start()
    {
        var command = Sequence(Certs, "command").Select(Scalar).ToList();
        Assert.Equal("tls-cert", command[0]);
        Assert.Contains("args is [\"tls-cert\"", File.ReadAllText(Path.Combine(Root, "src", "CampaignTracker.Web", "Program.cs")));
        var written = command[command.IndexOf("--out") + 1];
        var volume = AssertNamedVolumeAt(Certs, written);
        Assert.Contains(Image.LastStage.All("RUN"), run => run.Contains(written) && run.Contains("chown"));   // the non-root user writes it

        var env = Environment(Proxy);
        var readAt = Sequence(Proxy, "volumes").Select(Scalar).Single(v => v.StartsWith(volume + ":")).Split(':')[1];
        Assert.Equal($"{readAt}/{TlsCertCommand.CertificateFile}", env["TLS_CERT"]);
        Assert.Equal($"{readAt}/{TlsCertCommand.KeyFile}", env["TLS_KEY"]);
        Assert.Contains("condition: service_completed_successfully", DependsOn(App, "certs"));
        Assert.Contains("condition: service_healthy", DependsOn(Proxy, "app"));
        Assert.Equal(Scalar(App, "image"), Scalar(Certs, "image"));
    }

    static int AppPort => new Uri(Image.LastStage.Env["ASPNETCORE_URLS"].Replace("+", "localhost")).Port;

    /// <summary>The named volume (declared at the top level) that <paramref name="service"/> mounts at <paramref name="path"/>.</summary>
    static string AssertNamedVolumeAt(YamlMappingNode service, string path)
    {
        var mount = Sequence(service, "volumes").Select(Scalar).SingleOrDefault(v => v.Split(':') is [_, var at, ..] && at == path);
        Assert.True(mount is not null, $"no volume is mounted at {path}");
        var name = mount.Split(':')[0];
        Assert.True(Map(Compose, "volumes").Children.ContainsKey(name), $"{name} is not a named volume of compose.yaml");
        return name;
    }

    /// <summary>Keys in appsettings.json and every "Section:Key" string literal of the app's code.</summary>
    static HashSet<string> ConfigurationKeysOfTheApp()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Flatten(JsonElement element, string prefix)
        {
            if (element.ValueKind != JsonValueKind.Object) { keys.Add(prefix); return; }
            foreach (var property in element.EnumerateObject()) Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}");
        }
        Flatten(JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "CampaignTracker.Web", "appsettings.json"))).RootElement, "");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src", "CampaignTracker.Web"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), "\"([A-Za-z]+:[A-Za-z][A-Za-z:]*)\""))
                keys.Add(m.Groups[1].Value);
        return keys;
    }

    static string AppSettings(string key)
    {
        var element = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "CampaignTracker.Web", "appsettings.json"))).RootElement;
        foreach (var part in key.Split(':')) element = element.GetProperty(part);
        return element.GetString()!;
    }

    static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Map(service, "environment").Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value));

    static string DependsOn(YamlMappingNode service, string other) =>
        string.Join(", ", Map(Map(service, "depends_on"), other).Children.Select(c => $"{Scalar(c.Key)}: {Scalar(c.Value)}"));

    static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlMappingNode map ? map : throw new Xunit.Sdk.XunitException($"compose.yaml: no mapping '{key}'");

    static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlSequenceNode list ? list : throw new Xunit.Sdk.XunitException($"compose.yaml: no list '{key}'");

    static string Scalar(YamlMappingNode node, string key) => Scalar(node.Children[key]);

    static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    static YamlMappingNode LoadCompose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker", "compose.yaml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>A Dockerfile's instructions per stage, continuation lines joined.</summary>
    sealed record Dockerfile(List<Stage> Stages)
    {
        public Stage LastStage => Stages[^1];

        public static Dockerfile Parse(string text)
        {
            var stages = new List<Stage>();
            var joined = Regex.Replace(text, @"\\\r?\n", " ");
            foreach (var line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var (instruction, rest) = (line.Split(' ', 2)[0].ToUpperInvariant(), line.Split(' ', 2).ElementAtOrDefault(1) ?? "");
                if (instruction == "FROM") stages.Add(new Stage([]));
                stages[^1].Instructions.Add((instruction, Regex.Replace(rest, @"\s+", " ").Trim()));
            }
            return new Dockerfile(stages);
        }
    }

    sealed record Stage(List<(string Instruction, string Arguments)> Instructions)
    {
        public IEnumerable<string> All(string instruction) => Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

        public string Single(string instruction) => Assert.Single(All(instruction));

        /// <summary>ENV NAME=value pairs (the form this Dockerfile uses).</summary>
        public Dictionary<string, string> Env =>
            All("ENV").SelectMany(e => Regex.Matches(e, @"([A-Za-z_][A-Za-z0-9_]*)=(\S*)")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }
}
