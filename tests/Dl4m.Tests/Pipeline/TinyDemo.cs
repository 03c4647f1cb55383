using Dl4m.Generation;
using Dl4m.Pipeline;
using Dl4m.Training;

namespace Dl4m.Tests.Pipeline;

/// <summary>The demo pipeline with the original model run once at a tiny size; its dataset and model serve the original generation tests.</summary>
public sealed class TinyDemo : IDisposable
{
    private readonly TempFolder _folder = new();

    public TinyDemo()
    {
        Result = DemoPipeline.Run(new DemoOptions
        {
            Output = _folder.Combine("demo"), Model = ModelKind.Original, Songs = 40, Epochs = 1, MaxWindows = 400, Hidden = 8, Notes = 40, Threads = 1, Wav = false,
        });
    }

    public DemoResult Result { get; }

    public string NewFolder(string name)
    {
        string path = _folder.Combine(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
