using System.Text.Json;
using Dl4m.Cli.Studio;
using Dl4m.Midi;
using Dl4m.Plotting;
using PuppeteerSharp;

namespace Dl4m.Tests.Studio;

/// <summary>
/// dl4m studio in a real browser (headless Debian chromium): the page loads, generates with the built-in model, draws
/// the piano roll of exactly the notes of the MIDI file the server wrote, downloads that file, and shows errors.
/// DL4M_STUDIO_SCREENSHOT=path saves a screenshot of the page with two songs side by side (docs/studio.png is made so).
/// </summary>
public sealed class StudioBrowserTests
{
    private const string RollNotes =
        "[...document.querySelectorAll('article.song')[0].querySelectorAll('rect.note')].map(r => [Number(r.dataset.pitch), Number(r.dataset.start), Number(r.dataset.duration)])";

    [Fact]
    public async Task Generate_draws_the_notes_of_the_written_midi_file_and_downloads_it()
    {
        using var folder = new TempFolder();
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0 });
        await using var browser = await Chromium.LaunchAsync(folder.Combine("profile"));
        var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url, WaitUntilNavigation.Networkidle0);
        Assert.Contains("built-in model", await page.EvaluateExpressionAsync<string>("document.getElementById('model-about').textContent"));

        await SetAsync(page, "#notes", "120");
        await SetAsync(page, "#seed", "7");
        await page.ClickAsync("#generate");
        await page.WaitForSelectorAsync("article.song svg rect.note", new WaitForSelectorOptions { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('progress').hidden && !document.getElementById('generate').disabled");
        Assert.Equal("none", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.getElementById('progress')).display"));

        // the piano roll is drawn from the notes: one rect per note of the file the server wrote
        string id = await page.EvaluateExpressionAsync<string>("document.querySelector('article.song').dataset.id");
        string written = Path.Combine(server.SongFolder, id, SongStore.MidiName);
        var fileNotes = Sorted(PianoRoll.NotesOf(MidiReader.ReadFile(written)).Select(n => new[] { (double)n.Pitch, n.StartSeconds, n.DurationSeconds }));
        var drawn = Sorted(await page.EvaluateExpressionAsync<double[][]>(RollNotes));
        Assert.Equal(120, drawn.Count);
        Assert.Equal(fileNotes.Count, drawn.Count);
        for (int i = 0; i < drawn.Count; i++)
        {
            Assert.Equal(fileNotes[i][0], drawn[i][0]);
            Assert.Equal(fileNotes[i][1], drawn[i][1], 1e-4); // the page gets them rounded to 0.1 ms
            Assert.Equal(fileNotes[i][2], drawn[i][2], 1e-4);
        }

        // the MIDI link downloads that very file
        string downloads = folder.Combine("downloads");
        Directory.CreateDirectory(downloads);
        await page.Client.SendAsync("Browser.setDownloadBehavior", new Dictionary<string, object> { ["behavior"] = "allow", ["downloadPath"] = downloads });
        await page.ClickAsync("article.song a.midi");
        string downloaded = await WaitForFileAsync(downloads, "*.mid");
        Assert.Equal(File.ReadAllBytes(written), File.ReadAllBytes(downloaded));
        Assert.Equal(120, PianoRoll.NotesOf(MidiReader.ReadFile(downloaded)).Count);

        if (Environment.GetEnvironmentVariable("DL4M_STUDIO_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await SetAsync(page, "#seed", "8");
            await SetAsync(page, "#temperature", "0.8");
            await page.SelectAsync("#label", "melody");
            await page.SelectAsync("#key", "D major");
            await page.ClickAsync("#generate");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('article.song').length === 2 && document.getElementById('progress').hidden");
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 600 }); // the page grows to fit: no empty space below
            await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        }
    }

    [Fact]
    public async Task Bad_upload_and_too_many_notes_show_one_line_errors_on_the_page()
    {
        using var folder = new TempFolder();
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0 });
        await using var browser = await Chromium.LaunchAsync(folder.Combine("profile"));
        var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url, WaitUntilNavigation.Networkidle0);

        string bad = folder.Write("not-midi.mid", "hello, not a MIDI file"u8.ToArray());
        await page.SelectAsync("#primer-kind", "upload");
        var input = await page.QuerySelectorAsync("#primer");
        await input.UploadFileAsync(bad);
        await page.ClickAsync("#generate");
        string error = await ErrorAsync(page);
        Assert.Contains("primer 'not-midi.mid'", error);
        Assert.Contains("MThd", error);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('article.song').length"));

        await page.SelectAsync("#primer-kind", "builtin");
        await SetAsync(page, "#notes", "999999");
        await page.EvaluateExpressionAsync("document.getElementById('error').hidden = true");
        await page.EvaluateExpressionAsync("document.getElementById('controls').noValidate = true"); // let the server refuse it, as it would a script
        await page.ClickAsync("#generate");
        Assert.Equal("notes 999999: the studio writes 1–5000 notes per song", await ErrorAsync(page));
    }

    [Fact]
    public async Task While_generating_the_page_shows_progress_and_cancel_abandons_the_request()
    {
        using var folder = new TempFolder();
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0 });
        await using var browser = await Chromium.LaunchAsync(folder.Combine("profile"));
        var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url, WaitUntilNavigation.Networkidle0);
        // hold every generate request in the browser, so "while generating" lasts as long as the test needs
        await page.SetRequestInterceptionAsync(true);
        page.Request += (_, e) =>
        {
            if (!e.Request.Url.Contains("/api/generate", StringComparison.Ordinal)) _ = e.Request.ContinueAsync();
        };

        await page.ClickAsync("#generate");
        await page.WaitForFunctionAsync("() => !document.getElementById('progress').hidden");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('generate').disabled"));
        await page.WaitForFunctionAsync("() => /generating… \\d+\\.\\d s/.test(document.getElementById('progress-text').textContent)");

        await page.ClickAsync("#cancel");
        Assert.Equal("generation cancelled", await ErrorAsync(page));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('progress').hidden && !document.getElementById('generate').disabled"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('article.song').length"));
    }

    private static async Task SetAsync(IPage page, string selector, string value) =>
        await page.EvaluateFunctionAsync("(s, v) => { const e = document.querySelector(s); e.value = v; e.dispatchEvent(new Event('input')); }", selector, value);

    private static async Task<string> ErrorAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => !document.getElementById('error').hidden", new WaitForFunctionOptions { Timeout = 60_000 });
        return await page.EvaluateExpressionAsync<string>("document.getElementById('error').textContent");
    }

    private static List<double[]> Sorted(IEnumerable<double[]> notes) =>
        notes.OrderBy(n => Math.Round(n[1], 2)).ThenBy(n => n[0]).ThenBy(n => n[2]).ToList();

    private static async Task<string> WaitForFileAsync(string folder, string pattern)
    {
        for (int i = 0; i < 300; i++)
        {
            var done = Directory.GetFiles(folder, pattern);
            if (done.Length > 0) return done[0];
            await Task.Delay(100);
        }
        throw new TimeoutException($"no {pattern} downloaded into {folder} in 30 s (files: {JsonSerializer.Serialize(Directory.GetFiles(folder))})");
    }
}
