using PuppeteerSharp;

namespace Dl4m.Tests.Studio;

/// <summary>
/// Debian's chromium, driven headless by PuppeteerSharp over the DevTools protocol. Nothing here downloads a browser
/// (PuppeteerSharp's BrowserFetcher is never called): without the executable the tests fail, saying how to install it.
/// </summary>
internal static class Chromium
{
    /// <summary>Where Debian's chromium package puts the browser; DL4M_CHROMIUM overrides it.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("DL4M_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts a headless browser with a fresh profile in <paramref name="profile"/>; a 1280×900 page is the usual first step.</summary>
    public static async Task<IBrowser> LaunchAsync(string profile)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"the studio's browser tests need chromium at {Executable}: apt-get install -y chromium (.ci/run installs it; DL4M_CHROMIUM names another executable)");
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            UserDataDir = profile,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
            Timeout = 60_000,
        });
    }
}
