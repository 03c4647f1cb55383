using System.Net.Http.Json;
using System.Text.Json;
using Dl4m.Cli.Studio;
using Dl4m.Generation;
using Dl4m.Tests.Generation;
using Dl4m.Tests.Pipeline;

namespace Dl4m.Tests.Studio;

/// <summary>The studio on a model folder of one's own (a tiny original model from the demo pipeline) with its dataset's songs as primers.</summary>
public sealed class StudioModelFolderTests(TinyDemo demo) : IClassFixture<TinyDemo>
{
    [Fact]
    public async Task A_model_folder_lists_its_dataset_songs_and_generates_from_the_one_picked()
    {
        await using var server = await StudioServer.StartAsync(new StudioSettings { Port = 0, Model = demo.Result.Model });
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Add(StudioApi.TabHeader, "tab-model-folder");

        var info = (await client.GetFromJsonAsync<JsonElement>("api/model")).GetProperty("model");
        Assert.Equal("original", info.GetProperty("kind").GetString());
        Assert.False(info.GetProperty("builtIn").GetBoolean());
        Assert.Equal(40, info.GetProperty("songs").GetInt32());

        var rows = await client.GetFromJsonAsync<JsonElement[]>("api/dataset?q=song-01");
        Assert.NotNull(rows);
        Assert.Equal(10, rows.Length); // song-010 … song-019
        Assert.All(rows, r => Assert.Contains("song-01", r.GetProperty("path").GetString()));
        int index = rows[0].GetProperty("index").GetInt32();

        var form = new MultipartFormDataContent { { new StringContent("30"), "notes" }, { new StringContent(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "song" }, { new StringContent("2"), "seed" } };
        var response = await client.PostAsync("api/generate", form);
        var song = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, song.ToString());
        Assert.Equal($"dataset song {index}: {rows[0].GetProperty("path").GetString()}", song.GetProperty("primer").GetString());
        Assert.Equal(30, song.GetProperty("notes").GetArrayLength());

        // the page names the built-in model "built-in" (or leaves the box empty) to leave the server's --model
        Assert.True((await client.GetFromJsonAsync<JsonElement>("api/model?folder=built-in")).GetProperty("model").GetProperty("builtIn").GetBoolean());
        response = await client.PostAsync("api/generate", new MultipartFormDataContent { { new StringContent(""), "model" }, { new StringContent("5"), "notes" } });
        Assert.Equal(BuiltInModel.Name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());

        response = await client.PostAsync("api/generate", new MultipartFormDataContent { { new StringContent("melody"), "label" } });
        Assert.StartsWith("--label melody: labels apply to categorical models only", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
