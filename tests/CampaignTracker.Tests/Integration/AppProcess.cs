using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// The built app as a real process, `dotnet CampaignTracker.Web.dll ARGS`, run from the tests' output folder
/// (the project reference puts the app's dll, runtimeconfig, deps and appsettings.json there) or from another build's
/// folder, such as the Release build the browser tests run; the working directory is its content root. Every output
/// line is kept, for waits and for failure messages.
/// </summary>
public sealed class AppProcess : IDisposable
{
    readonly Process process;
    readonly List<string> lines = [];

    AppProcess(Process process) => this.process = process;

    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartIn(AppContext.BaseDirectory, environment, args);

    public static AppProcess StartIn(string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(folder, "CampaignTracker.Web.dll");
        foreach (var needed in new[] { dll, Path.ChangeExtension(dll, ".runtimeconfig.json"), Path.Combine(folder, "appsettings.json") })
            Assert.True(File.Exists(needed), $"the app is not beside the tests: {needed} is missing");

        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,   // for commands that read it (users add); the web server never does
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var app = new AppProcess(new Process { StartInfo = info });
        app.process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app.process.Start();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        return app;
    }

    // The muxer that runs the tests (set by the dotnet CLI), else the one on PATH.
    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    void Keep(string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
    }

    public string Output
    {
        get { lock (lines) return string.Join('\n', lines); }
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails with the output on time-out or exit.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        Match? match = null;
        await WaitUntilAsync(() => (match = Find(pattern)) is not null, $"a line matching /{pattern}/", timeout, TimeSpan.FromMilliseconds(10));
        return match!;
    }

    public Match? Find(Regex pattern)
    {
        lock (lines) return lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
    }

    /// <summary>Polls <paramref name="condition"/> while the process runs; fails with the output on time-out or exit.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                process.WaitForExit();   // the rest of the output
                if (condition()) return;
                Assert.Fail($"the app exited with code {process.ExitCode} before {what}. Output:\n{Output}");
            }
            if (deadline.Elapsed > timeout)
                Assert.Fail($"waited {timeout.TotalSeconds:F0} s for {what} in vain. Output:\n{Output}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Writes <paramref name="text"/> to the app's standard input and closes it.</summary>
    public void Input(string text)
    {
        process.StandardInput.Write(text);
        process.StandardInput.Close();
    }

    /// <summary>Waits for a command to finish; fails with the output on time-out.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { Assert.Fail($"the command did not finish within {timeout.TotalSeconds:F0} s. Output:\n{Output}"); }
        process.WaitForExit();   // the rest of the output
        return process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer ends it: no shutdown code, no rollback, no finally block runs.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        try { Kill(); }
        catch (InvalidOperationException) { }   // never started
        process.Dispose();
    }
}
