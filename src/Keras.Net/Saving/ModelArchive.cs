using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using KerasNet.Models;
using KerasNet.Serialization;

namespace KerasNet.Saving;

/// <summary>
/// The whole-model archive: a zip holding <c>metadata.json</c> (format, version, framework, date),
/// <c>config.json</c> (architecture, build shapes, compile settings), <c>model.weights.safetensors</c>,
/// <c>optimizer.safetensors</c> (when the optimizer has state) and <c>rng_state.bin</c> (libtorch's CPU generator).
/// </summary>
public static class ModelArchive
{
    /// <summary>The <c>format</c> written into <c>metadata.json</c>.</summary>
    public const string Format = "keras.net.model";

    /// <summary>The archive layout version written by this build (and the newest it reads).</summary>
    public const int FormatVersion = 1;

    internal const string MetadataEntry = "metadata.json";
    internal const string ConfigEntry = "config.json";
    internal const string WeightsEntry = "model.weights.safetensors";
    internal const string OptimizerEntry = "optimizer.safetensors";
    internal const string RngEntry = "rng_state.bin";

    // Configs are small; a larger claimed size means a corrupt or hostile file.
    private const long MaxJsonBytes = 64L << 20;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!model.Built)
            throw new InvalidOperationException($"Model '{model.Name}' is not built, so it cannot be saved. Start it with Keras.Input(...) or call it on a batch first.");
        var serialized = Architecture(model);
        serialized["compile_config"] = model.GetCompileConfig();
        var metadata = new Dictionary<string, object?>
        {
            ["format"] = Format,
            ["format_version"] = FormatVersion,
            ["keras_net_version"] = KerasInfo.Version,
            ["torch_version"] = torch.__version__,
            ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["model_class"] = serialized["class_name"],
            ["model_name"] = model.Name,
        };
        var scratch = Path.Combine(Path.GetTempPath(), "kn-archive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var weightsFile = Path.Combine(scratch, WeightsEntry);
            model.SaveWeights(weightsFile);
            string? optimizerFile = null;
            if (model.BuiltOptimizer is { } optimizer)
            {
                using var scope = torch.NewDisposeScope();
                optimizerFile = Path.Combine(scratch, OptimizerEntry);
                Safetensors.Save(optimizerFile, optimizer.GetState(), new Dictionary<string, string> { ["optimizer"] = optimizer.GetType().Name });
            }
            var rng = CpuGenerator.Read();
            AtomicFile.Write(path, stream =>
            {
                using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
                WriteText(zip, MetadataEntry, JsonSerializer.Serialize(metadata, JsonOptions));
                WriteText(zip, ConfigEntry, JsonSerializer.Serialize(serialized, JsonOptions));
                zip.CreateEntryFromFile(weightsFile, WeightsEntry, CompressionLevel.Fastest);
                if (optimizerFile is not null) zip.CreateEntryFromFile(optimizerFile, OptimizerEntry, CompressionLevel.Fastest);
                using var rngStream = zip.CreateEntry(RngEntry, CompressionLevel.Fastest).Open();
                rngStream.Write(rng);
            });
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    /// <summary>The model's class name and config, with the input shapes that build it when its config does not.</summary>
    internal static Dictionary<string, object?> Architecture(Model model)
    {
        var serialized = KerasRegistry.Serialize(model);
        // Functional models and Sequential models with an input are built by their config; others need their input shapes.
        if (model.Graph is null && model is not Sequential { InputLayer: not null } && model.BuiltInputShapes is { } shapes)
            serialized["build_config"] = new Dictionary<string, object?> { ["input_shapes"] = shapes.Select(s => (object?)s.Dims.ToArray()).ToList() };
        return serialized;
    }

    /// <summary>A new model with fresh weights from <see cref="Architecture"/>'s output, built as the original was.</summary>
    internal static Model FromArchitecture(Dictionary<string, object?> config)
    {
        var model = KerasRegistry.Deserialize<Model>(config);
        BuildIfNeeded(model, config);
        return model;
    }

    /// <summary>Reads a model written by <see cref="Save"/>; any defect becomes a <see cref="ModelArchiveException"/> naming the file.</summary>
    public static Model Load(string path, bool compile = true, bool restoreRandomState = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model archive '{path}' does not exist.", path);
        var scratch = Path.Combine(Path.GetTempPath(), "kn-archive-" + Guid.NewGuid().ToString("N"));
        Model? model = null;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var zip = OpenZip(file, path);
            var metadata = ReadJson(zip, MetadataEntry, path);
            CheckMetadata(metadata, path);
            var config = ReadJson(zip, ConfigEntry, path);
            model = FromArchitecture(config);
            Directory.CreateDirectory(scratch);
            var weightsFile = Extract(zip, WeightsEntry, scratch, path, required: true)!;
            model.LoadWeights(weightsFile);
            if (compile && config.GetValueOrDefault("compile_config") is { } compileConfig and not JsonElement { ValueKind: JsonValueKind.Null })
            {
                model.CompileFromConfig(KerasRegistry.AsDictionary(compileConfig));
                model.EnsureOptimizerBuilt();
                var optimizerFile = Extract(zip, OptimizerEntry, scratch, path, required: false);
                if (optimizerFile is not null)
                {
                    var optimizer = model.BuiltOptimizer ?? throw new ModelArchiveException(path,
                        $"it holds an optimizer state but model '{model.Name}' has no built optimizer to receive it.");
                    using var scope = torch.NewDisposeScope();
                    optimizer.SetState(Safetensors.Load(optimizerFile));
                }
            }
            if (restoreRandomState)
            {
                var bytes = ReadBytes(zip, RngEntry, path, 1 << 20);
                if (bytes.Length != CpuGenerator.StateSize)
                    throw new ModelArchiveException(path, $"the entry '{RngEntry}' holds {bytes.Length} bytes; libtorch's CPU generator state has {CpuGenerator.StateSize}: the file is corrupt.");
                CpuGenerator.Write(bytes);
            }
            return model;
        }
        catch (Exception e) when (e is not ModelArchiveException)
        {
            model?.Dispose();
            throw new ModelArchiveException(path, Describe(e), e);
        }
        catch
        {
            model?.Dispose();
            throw;
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        InvalidDataException => $"it is not a valid zip archive or is corrupt ({e.Message}).",
        EndOfStreamException => $"it is truncated ({e.Message}).",
        JsonException => $"a JSON entry is malformed ({e.Message}).",
        KerasSerializationException => $"its config cannot be turned back into a model: {e.Message}",
        WeightsMismatchException => $"its weights do not fit its architecture: {e.Message}",
        TorchFormatException => $"an entry is corrupt: {e.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static ZipArchive OpenZip(Stream stream, string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ModelArchiveException(path, $"it is not a zip archive (a Keras.Net model archive is a zip written by Model.Save), or it is truncated: {e.Message}", e);
        }
    }

    private static void CheckMetadata(Dictionary<string, object?> metadata, string path)
    {
        if (metadata.GetValueOrDefault("format") as string != Format)
            throw new ModelArchiveException(path, $"{MetadataEntry} does not name the format '{Format}' (found '{metadata.GetValueOrDefault("format")}'): this zip is not a Keras.Net model archive.");
        var version = metadata.GetValueOrDefault("format_version") switch { long l => l, double d when d == Math.Floor(d) && Math.Abs(d) < 1e9 => (long)d, _ => -1 };
        if (version < 1)
            throw new ModelArchiveException(path, $"{MetadataEntry} has an invalid format_version '{metadata.GetValueOrDefault("format_version")}'.");
        if (version > FormatVersion)
            throw new ModelArchiveException(path,
                $"it was written in archive format version {version} (by Keras.Net {metadata.GetValueOrDefault("keras_net_version") ?? "?"}); this build " +
                $"(Keras.Net {KerasInfo.Version}) reads versions up to {FormatVersion}. Upgrade Keras.Net to load it.");
    }

    /// <summary>Creates the weights of models that are not built by their config (subclassed, or Sequential without an input).</summary>
    private static void BuildIfNeeded(Model model, Dictionary<string, object?> config)
    {
        if (config.GetValueOrDefault("build_config") is not { } raw || raw is JsonElement { ValueKind: JsonValueKind.Null }) return;
        var build = KerasRegistry.AsDictionary(raw);
        var shapes = AsList(build.GetValueOrDefault("input_shapes"), "build_config.input_shapes")
            .Select(s => new TensorShape(AsList(s, "an input shape").Select(d => d is null ? (long?)null : System.Convert.ToInt64(d, CultureInfo.InvariantCulture)).ToArray()))
            .ToArray();
        if (shapes.Any(s => s.Rank == 0 || s.Dims.Skip(1).Any(d => d is null or < 1 or > 1 << 24)))
            throw new KerasSerializationException("build_config.input_shapes must list shapes with known positive sizes after the batch axis.");
        model.BuildFor(shapes);
        if (model.Weights.Count > 0) return;
        // A subclassed model creates its layers' weights on its first call.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.Apply(shapes.Select(s => torch.zeros(s.ReplaceBatch(1).ToArray(1), ScalarType.Float32)).ToArray(), training: false);
    }

    private static List<object?> AsList(object? value, string what) =>
        value is System.Collections.IEnumerable list and not string and not IDictionary<string, object?>
            ? list.Cast<object?>().ToList()
            : throw new KerasSerializationException($"{what} must be a list.");

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, string path) =>
        zip.GetEntry(name) ?? throw new ModelArchiveException(path,
            $"the entry '{name}' is missing (entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}). The file is incomplete or not written by Model.Save.");

    private static byte[] ReadBytes(ZipArchive zip, string name, string path, long limit)
    {
        var entry = Entry(zip, name, path);
        if (entry.Length > limit) throw new ModelArchiveException(path, $"the entry '{name}' claims {entry.Length} bytes, more than the {limit} such an entry can hold: the file is corrupt.");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) throw new ModelArchiveException(path, $"the entry '{name}' is larger than the {limit} bytes it may hold: the file is corrupt.");
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, object?> ReadJson(ZipArchive zip, string name, string path)
    {
        var bytes = ReadBytes(zip, name, path, MaxJsonBytes);
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new ModelArchiveException(path, $"the entry '{name}' must hold a JSON object; it holds a {document.RootElement.ValueKind}.");
        return KerasRegistry.AsDictionary(KerasRegistry.FromJson(document.RootElement));
    }

    private static string? Extract(ZipArchive zip, string name, string folder, string path, bool required)
    {
        if (!required && zip.GetEntry(name) is null) return null;
        var entry = Entry(zip, name, path);
        var target = Path.Combine(folder, name);
        using (var input = entry.Open())
        using (var output = new FileStream(target, FileMode.Create, FileAccess.Write))
            input.CopyTo(output);
        return target;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
