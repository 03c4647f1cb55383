using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dl4m.Categorical;
using Dl4m.Families.Categorical;
using Dl4m.IO;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Generation;

/// <summary>
/// The categorical model that ships inside Dl4m.Core.dll (embedded resources made by tools/train_builtin_model.sh:
/// trained on the Nottingham corpus, GPL-3). <c>dl4m generate</c> and <c>dl4m studio</c> use it when no model folder
/// is given: <see cref="Load"/> reads it straight from the embedded bytes with the same readers a model folder goes
/// through (config, encoding, train.json, safetensors), so it is ready in tens of milliseconds in a fresh process and no
/// file is written. <see cref="Folder"/> writes the same files out as a model folder for whoever wants one.
/// </summary>
public static class BuiltInModel
{
    /// <summary>How the built-in model is named in messages and in the studio.</summary>
    public const string Name = "built-in";

    /// <summary>The model folder's files, embedded as "Dl4m.BuiltInModel.FILE".</summary>
    public static readonly IReadOnlyList<string> Files = ["config.json", "model.safetensors", "encoding.json", "train.json", "provenance.json"];

    /// <summary>The label a built-in tune conditions a labelled model on when no label is asked for: a corpus's root folder.</summary>
    public const string TuneLabel = "(root)";

    private const string ResourcePrefix = "Dl4m.BuiltInModel.";
    private static readonly Lock Gate = new();
    private static string? _folder;

    /// <summary>True when this build of the library carries the model (every file of <see cref="Files"/> is embedded).</summary>
    public static bool IsAvailable => Files.All(f => Assembly.GetManifestResourceInfo(ResourcePrefix + f) is not null);

    /// <summary>Where <see cref="Folder"/> puts the files unless told otherwise: the user's local data folder (~/.local/share/dl4m on Linux), else the temporary folder.</summary>
    public static string DefaultRoot
    {
        get
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "dl4m");
        }
    }

    private static Assembly Assembly => typeof(BuiltInModel).Assembly;

    /// <summary>
    /// The built-in model as a model folder: <paramref name="root"/>/built-in-model-HASH, written (each file atomically)
    /// when missing or when a file there differs from the embedded one. A process's first call compares every file with the
    /// embedded bytes, so an edited or half-written copy is rewritten, never loaded.
    /// </summary>
    /// <exception cref="Dl4mException">This build has no built-in model, or the folder cannot be written.</exception>
    public static string Folder(string? root = null)
    {
        lock (Gate)
        {
            if (root is null && _folder is not null && Files.All(f => File.Exists(Path.Combine(_folder, f)))) return _folder;
            var contents = Files.Select(Read).ToArray();
            string hash = Convert.ToHexStringLower(SHA256.HashData(contents.SelectMany(c => SHA256.HashData(c)).ToArray()))[..16];
            string folder = Path.Combine(root ?? DefaultRoot, $"built-in-model-{hash}");
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Dl4mException($"built-in model: cannot create '{folder}': {e.Message}", e);
            }
            for (int i = 0; i < Files.Count; i++)
            {
                string path = Path.Combine(folder, Files[i]);
                if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(contents[i]))
                    AtomicFile.WriteAllBytes(path, contents[i], "built-in model file");
            }
            if (root is null) _folder = folder;
            return folder;
        }
    }

    /// <summary>
    /// The built-in model ready to generate, read from the embedded bytes (nothing written or compared on disk). The
    /// parsed files are kept for the process, so a later load (one generator per thread, or per studio request) only
    /// copies the weights into a new model.
    /// </summary>
    /// <exception cref="Dl4mException">This build has no built-in model, or its files cannot be read by this dl4m.</exception>
    public static CategoricalGenerator Load(out CategoricalModelInfo info)
    {
        var parsed = Parsed.Value;
        info = parsed.Info;
        var model = ModelStore.Create(parsed.Config, parsed.Tensors, Source(ModelStore.WeightsFileName));
        try
        {
            return new CategoricalGenerator(model, parsed.Encoding, info.Lookback);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static readonly Lazy<ParsedFiles> Parsed = new(Parse);

    /// <summary>How errors name an embedded file: "built-in model encoding.json".</summary>
    private static string Source(string file) => $"{Name} model {file}";

    private static ParsedFiles Parse()
    {
        string encoding = Encoding.UTF8.GetString(Read(CategoricalEncodingJson.FileName));
        string record = Encoding.UTF8.GetString(Read(Trainer.RecordFileName));
        string config = Encoding.UTF8.GetString(Read(ModelStore.ConfigFileName));
        byte[] weights = Read(ModelStore.WeightsFileName);
        try
        {
            return new ParsedFiles(
                CategoricalEncodingJson.Deserialize(encoding, Source(CategoricalEncodingJson.FileName)),
                CategoricalModelInfo.Parse(record, Source(Trainer.RecordFileName)),
                ModelConfigJson.Deserialize(config, Source(ModelStore.ConfigFileName)),
                // no SHA-256 check here (see Safetensors.Deserialize): the tests load these bytes through a folder, checked
                Safetensors.Deserialize(weights, Source(ModelStore.WeightsFileName), checkHash: false));
        }
        catch (Dl4mException e)
        {
            // the files were made by an older dl4m: the fix is a retrain and a rebuild, not anything a user can do
            throw new Dl4mException($"{e.Message} (rerun tools/train_builtin_model.sh and rebuild)", e);
        }
    }

    /// <summary>The built-in model's files, parsed once per process.</summary>
    private sealed record ParsedFiles(CategoricalEncoding Encoding, CategoricalModelInfo Info, ModelConfig Config, IReadOnlyList<NamedTensor> Tensors);

    /// <summary>The embedded bytes of one file of <see cref="Files"/>.</summary>
    /// <exception cref="Dl4mException">This build has no built-in model.</exception>
    public static byte[] Read(string file)
    {
        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new Dl4mException($"built-in model: this build of dl4m has no embedded {file} (train it with tools/train_builtin_model.sh, then rebuild)");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// A primer for the built-in model when no primer file or dataset is given: one of the tunes <see cref="DemoCorpus"/>
    /// writes in code (the model's own corpus is GPL-3 and not shipped), chosen by <paramref name="seed"/>.
    /// </summary>
    public static Data.EventRecord[] Tune(int seed, out string source)
    {
        var random = new Random(seed);
        double bpm = 90 + 10 * random.Next(5);
        var midi = SongMidi.Create(DemoCorpus.Tune(random, bpm), bpm);
        source = $"built-in tune {seed} (written in code by DemoCorpus.Tune)";
        return Data.NoteEventExtractor.ExtractAll(midi);
    }
}
