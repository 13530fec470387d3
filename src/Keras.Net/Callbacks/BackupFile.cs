using System.Globalization;
using System.Text.Json;
using KerasNet.Saving;
using KerasNet.Training;

namespace KerasNet.Callbacks;

/// <summary>
/// The file of a <see cref="BackupAndRestore"/> backup: one safetensors file holding a <see cref="TrainingRun"/>'s
/// weights, optimizer state, loop progress (epoch, batch, generator states) and stateful callbacks' state.
/// </summary>
/// <remarks>
/// Layout: tensors <c>weights/00000</c>... (model order), <c>optimizer/…</c>, <c>rng/current</c>, <c>rng/epoch_start</c>
/// (mid-epoch only), <c>callbacks/{key}/{name}</c>; metadata <c>format</c>, <c>version</c>, <c>epoch</c>, <c>batch</c>,
/// <c>callbacks</c> (the callbacks' numbers as JSON, NaN as null), <c>framework</c>.
/// </remarks>
internal static class BackupFile
{
    private const string FormatName = "keras.net.backup";
    private const int FormatVersion = 1;
    private const string Afresh = " Delete the backup (or use another backupDir) to start training afresh.";

    /// <summary>Writes the run's state now (atomically: a kill during the write leaves the previous file).</summary>
    internal static void Write(string path, TrainingRun run)
    {
        var model = run.Model;
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var weights = model.CopyWeightsToHost();
        try
        {
            for (var i = 0; i < weights.Length; i++) tensors[$"weights/{i:D5}"] = weights[i];
            if (model.BuiltOptimizer is { } optimizer)
                foreach (var (key, value) in optimizer.GetState()) tensors["optimizer/" + key] = value;
            var loop = run.Progress.Capture();
            tensors["rng/current"] = torch.tensor(loop.Generator, dtype: ScalarType.Byte);
            if (loop.EpochStartGenerator is { } start) tensors["rng/epoch_start"] = torch.tensor(start, dtype: ScalarType.Byte);
            var numbers = new Dictionary<string, Dictionary<string, double?>>(StringComparer.Ordinal);
            foreach (var (key, callback) in run.StatefulCallbacks())
            {
                var state = callback.GetState();
                numbers[key] = state.Values.ToDictionary(v => v.Key, v => double.IsFinite(v.Value) ? (double?)v.Value : null);
                foreach (var (name, tensor) in state.Tensors) tensors[$"callbacks/{key}/{name}"] = tensor;
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["format"] = FormatName,
                ["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
                ["epoch"] = loop.Epoch.ToString(CultureInfo.InvariantCulture),
                ["batch"] = loop.Batch.ToString(CultureInfo.InvariantCulture),
                ["callbacks"] = JsonSerializer.Serialize(numbers),
                ["framework"] = "Keras.Net " + KerasInfo.Version,
            };
            Safetensors.Save(path, tensors, metadata);
        }
        finally
        {
            foreach (var w in weights) w.Dispose();
        }
    }

    /// <summary>The resume point (epoch, batch) of the file as one ordered number; -1: no file, -2: an unreadable file.</summary>
    internal static long ReadPoint(string path)
    {
        if (!File.Exists(path)) return -1;
        try
        {
            using var scope = torch.NewDisposeScope();
            Safetensors.Load(path, out var metadata);
            return metadata.GetValueOrDefault("format") == FormatName && TryPoint(metadata, out var epoch, out var batch) ? Encode(epoch, batch) : -2;
        }
        catch (Exception e) when (e is TorchFormatException or EndOfStreamException or ArgumentException or InvalidOperationException
                                      or FormatException or IOException or OverflowException)
        {
            return -2;
        }
    }

    internal static long Encode(int epoch, int batch) => ((long)epoch << 32) | (uint)batch;

    internal static string Describe(long point) => point switch
    {
        -1 => "none",
        -2 => "unreadable",
        _ => $"epoch {point >> 32}, batch {point & uint.MaxValue}",
    };

    /// <summary>Puts the run back in the state the file holds; everything is checked against the model before anything changes.</summary>
    /// <exception cref="ModelArchiveException">The file is corrupt or was written for another model or run.</exception>
    internal static void Restore(string path, TrainingRun run)
    {
        var model = run.Model;
        using var scope = torch.NewDisposeScope();
        Dictionary<string, Tensor> tensors;
        Dictionary<string, string> metadata;
        try
        {
            tensors = Safetensors.Load(path, out metadata);
        }
        catch (Exception e) when (e is TorchFormatException or EndOfStreamException or ArgumentException or InvalidOperationException
                                      or FormatException or JsonException or OverflowException)
        {
            throw new ModelArchiveException(path, $"the backup is corrupt ({e.Message}). Delete it to start training afresh.", e);
        }
        ModelArchiveException Bad(string problem) => new(path, problem + Afresh);
        if (metadata.GetValueOrDefault("format") != FormatName) throw Bad($"it is not a BackupAndRestore backup (format '{metadata.GetValueOrDefault("format")}').");
        if (!int.TryParse(metadata.GetValueOrDefault("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != FormatVersion)
            throw Bad($"its version '{metadata.GetValueOrDefault("version")}' is not {FormatVersion}.");
        if (!TryPoint(metadata, out var epoch, out var batch)) throw Bad("its epoch or batch is missing.");
        var modelWeights = model.Weights;
        var saved = tensors.Keys.Where(k => k.StartsWith("weights/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (saved.Count != modelWeights.Count) throw Bad($"it holds {saved.Count} weights but model '{model.Name}' has {modelWeights.Count}: it was written for another model.");
        for (var i = 0; i < saved.Count; i++)
            if (!tensors[saved[i]].shape.SequenceEqual(modelWeights[i].Shape))
                throw Bad($"weight {i} ('{modelWeights[i].Path}') has shape {Shape.Format(tensors[saved[i]].shape)} in the backup and {Shape.Format(modelWeights[i].Shape)} in the model.");
        if (!tensors.TryGetValue("rng/current", out var rng)) throw Bad("its random generator state is missing.");
        // Checked before anything changes (LoopProgress.Restore checks too, but after the weights were assigned).
        foreach (var key in new[] { "rng/current", "rng/epoch_start" })
            if (tensors.TryGetValue(key, out var state) && state.numel() != CpuGenerator.StateSize)
                throw Bad($"its random generator state '{key}' has {state.numel()} bytes; libtorch's CPU generator state has {CpuGenerator.StateSize}.");
        model.AssignWeights(saved.Select(k => tensors[k]).ToArray());
        RestoreOptimizer(path, run, Prefixed(tensors, "optimizer/"));
        RestoreCallbacks(path, run, metadata.GetValueOrDefault("callbacks"), tensors);
        var epochStart = batch > 0 && tensors.TryGetValue("rng/epoch_start", out var start) ? start.data<byte>().ToArray() : null;
        // A mid-epoch backup without the epoch's start state (never written so) resumes at the batch with the current state.
        run.Progress.Restore(new LoopState(epoch, epochStart is null ? 0 : batch, rng.data<byte>().ToArray(), epochStart));
    }

    private static bool TryPoint(Dictionary<string, string> metadata, out int epoch, out int batch)
    {
        batch = 0;
        return int.TryParse(metadata.GetValueOrDefault("epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out epoch) &&
               int.TryParse(metadata.GetValueOrDefault("batch"), NumberStyles.None, CultureInfo.InvariantCulture, out batch);
    }

    private static Dictionary<string, Tensor> Prefixed(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(t => t.Key[prefix.Length..], t => t.Value, StringComparer.Ordinal);

    private static void RestoreOptimizer(string path, TrainingRun run, Dictionary<string, Tensor> state)
    {
        if (state.Count == 0) return;
        run.Model.EnsureOptimizerBuilt();
        var optimizer = run.Model.BuiltOptimizer
            ?? throw new ModelArchiveException(path, $"it holds an optimizer state but model '{run.Model.Name}' is not compiled and built." + Afresh);
        try
        {
            optimizer.SetState(state);
        }
        catch (ArgumentException e)
        {
            throw new ModelArchiveException(path, e.Message, e);
        }
    }

    private static void RestoreCallbacks(string path, TrainingRun run, string? json, Dictionary<string, Tensor> tensors)
    {
        var numbers = string.IsNullOrEmpty(json)
            ? new Dictionary<string, Dictionary<string, double?>>()
            : JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double?>>>(json) ?? new();
        foreach (var (key, callback) in run.StatefulCallbacks())
        {
            var mine = Prefixed(tensors, $"callbacks/{key}/");
            if (!numbers.TryGetValue(key, out var values) && mine.Count == 0) continue;
            var state = new CallbackState(
                (values ?? new()).ToDictionary(v => v.Key, v => v.Value ?? double.NaN, StringComparer.Ordinal), mine);
            try
            {
                callback.SetState(state);
            }
            catch (ArgumentException e)
            {
                throw new ModelArchiveException(path, e.Message + Afresh, e);
            }
        }
    }
}
