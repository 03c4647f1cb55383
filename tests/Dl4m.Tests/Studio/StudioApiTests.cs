using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dl4m.Cli.Studio;
using Dl4m.Generation;
using Dl4m.Music;

namespace Dl4m.Tests.Studio;

/// <summary>dl4m studio's HTTP API without a browser: the same library call as the CLI, the bounds, the error answers.</summary>
public sealed class StudioApiTests
{
    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private static HttpClient Client(StudioServer server, string tab = "tab-0123456789")
    {
        var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Add(StudioApi.TabHeader, tab);
        return client;
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task Generate_writes_the_file_the_cli_library_call_writes_for_the_same_settings()
    {
        using var folder = new TempFolder();
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0 });
        Assert.StartsWith("http://127.0.0.1:", server.Url); // bound to the local interface by default
        using var client = Client(server);
        var response = await client.PostAsync("api/generate", Form(("notes", "80"), ("temperature", "0.9"), ("topK", "20"), ("topP", "0.95"),
            ("label", "melody"), ("key", "G major"), ("seed", "5"), ("bpm", "100")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var song = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(80, song.GetProperty("notes").GetArrayLength());
        Assert.Equal("melody", song.GetProperty("label").GetString());
        byte[] studio = await client.GetByteArrayAsync(song.GetProperty("midi").GetString()!.TrimStart('/'));

        var cli = SongWriter.Run(new GenerationRequest
        {
            Output = folder.Combine("cli.mid"),
            Options = new GenerationOptions { Notes = 80, Temperature = 0.9, TopK = 20, TopP = 0.95, Seed = 5 },
            Label = "melody",
            Key = MusicalKey.Parse("G major"),
            Bpm = 100,
        });
        Assert.Equal(File.ReadAllBytes(cli[0].Midi), studio);
    }

    [Fact]
    public async Task Requests_beyond_the_bounds_get_one_line_errors()
    {
        using var folder = new TempFolder();
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0, Limits = new StudioLimits { MaxUploadBytes = 10_000 } });
        using var client = Client(server);

        var big = Form();
        big.Add(new ByteArrayContent(new byte[200_000]), "primer", "huge.mid");
        var response = await client.PostAsync("api/generate", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("request refused: Request body too large", await ErrorOf(response));

        var justOver = Form();
        justOver.Add(new ByteArrayContent(new byte[10_001]), "primer", "over.mid");
        response = await client.PostAsync("api/generate", justOver);
        Assert.Equal("primer 'over.mid': 10,001 bytes, the studio takes MIDI files up to 10,000 bytes", await ErrorOf(response));

        response = await client.PostAsync("api/generate", Form(("notes", "5001")));
        Assert.Equal("notes 5001: the studio writes 1–5000 notes per song", await ErrorOf(response));
        response = await client.PostAsync("api/generate", Form(("temperature", "warm")));
        Assert.Equal("temperature 'warm': not a number", await ErrorOf(response));
        response = await client.PostAsync("api/generate", Form(("label", "jazz")));
        Assert.Equal("--label jazz: unknown label; the model knows (root), chords, melody", await ErrorOf(response));

        using var noTab = new HttpClient { BaseAddress = new Uri(server.Url) };
        response = await noTab.PostAsync("api/generate", Form());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(StudioApi.TabHeader, await ErrorOf(response));

        string broken = folder.Combine("broken-model");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "encoding.json"), "{}");
        response = await client.GetAsync($"api/model?folder={Uri.EscapeDataString(broken)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"model folder '{broken}' has no config.json: not a categorical model folder written by dl4m train (or training never reached a checkpoint)", await ErrorOf(response));

        response = await client.GetAsync("api/files/..%2F..%2Fetc/passwd");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Directory.GetDirectories(server.SongFolder)); // failed requests leave no song folder behind
    }

    [Fact]
    public async Task A_broken_model_option_fails_before_the_server_listens()
    {
        using var folder = new TempFolder();
        var e = await Assert.ThrowsAsync<Dl4mException>(() => StudioServer.StartAsync(new StudioSettings { Port = 0, Model = folder.Combine("nothing") }));
        Assert.Equal($"model folder '{folder.Combine("nothing")}' does not exist", e.Message);
    }

    [Fact]
    public void One_generation_per_tab_and_at_most_the_machine_limit_overall()
    {
        var gate = new TabGate(maxConcurrent: 2);
        Assert.True(gate.TryEnter("tab-a", out _));
        Assert.False(gate.TryEnter("tab-a", out string again));
        Assert.Equal("this tab is already generating a song: wait for it or cancel it", again);
        Assert.True(gate.TryEnter("tab-b", out _));
        Assert.False(gate.TryEnter("tab-c", out string full));
        Assert.Equal("the studio is busy with other tabs' songs: try again in a moment", full);
        gate.Exit("tab-a");
        Assert.True(gate.TryEnter("tab-c", out _));
        Assert.True(gate.TryEnter("tab-a", out _) is false); // the machine is full again (b and c)
    }
}
