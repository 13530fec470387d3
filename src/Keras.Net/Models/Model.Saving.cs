using System.Globalization;
using System.Text.Json;
using KerasNet.Serialization;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>The <c>format</c> written into the metadata of weights files.</summary>
    public const string WeightsFileFormat = "keras.net.weights";

    /// <summary>The version of the weights file layout written by this build (and the newest it reads).</summary>
    public const int WeightsFileVersion = 1;

    /// <summary>
    /// Writes every weight (trainable and not, e.g. BatchNormalization's moving statistics) to a safetensors file,
    /// each under its <see cref="Variable.Path"/> (<c>dense_1/kernel</c>), in the order of <see cref="Layer.Weights"/>,
    /// with metadata naming the format, its version, the framework version and the model. The file is written to a
    /// temporary name and renamed into place, so an interrupted save leaves a previous file intact. A conventional
    /// name ends in <c>.weights.safetensors</c>.
    /// </summary>
    /// <remarks>
    /// Paths are built from layer names, and automatic names are unique per process: a second, identical model
    /// definition gets <c>dense_1</c> where the first got <c>dense</c>. Loading by order (the default of
    /// <see cref="LoadWeights"/>) works across such models; loading by name needs the same layer names, e.g. given
    /// explicitly (<c>new Dense(10, name: "head")</c>) or after <see cref="Keras.ClearSession"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model has no weights yet, or two weights share a path.</exception>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var weights = RequireWeights("save");
        var duplicate = weights.GroupBy(w => w.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException(
                $"Model '{Name}' has {duplicate.Count()} weights with the path '{duplicate.Key}', so they cannot be saved by name. " +
                "Give the layers unique names.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = WeightsFileFormat,
            ["version"] = WeightsFileVersion.ToString(CultureInfo.InvariantCulture),
            ["framework"] = "Keras.Net " + KerasInfo.Version,
            ["model"] = Name,
        };
        Safetensors.Save(path, weights.Select(w => KeyValuePair.Create(w.Path, w.Value)), metadata);
    }

    /// <summary>
    /// Loads weights written by <see cref="SaveWeights"/> (or any safetensors file). Every shape is checked before
    /// anything is assigned: mismatches, model weights missing from the file and file entries the model has no place
    /// for are all reported in one <see cref="WeightsMismatchException"/>, and the model is left unchanged.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="byName">
    /// False (default): the i-th weight of the model takes the i-th tensor of the file, whatever the names, so a file
    /// saved from one instance loads into another instance of the same architecture even though its automatic layer
    /// names differ (<c>dense</c> vs <c>dense_1</c>). True: each weight takes the tensor stored under its
    /// <see cref="Variable.Path"/>, so layers may be added, removed or reordered.
    /// </param>
    /// <param name="skipMismatch">
    /// Load what fits and skip the rest instead of throwing: a layer with any weight of another shape (or missing from
    /// the file) keeps all its current weights, and unexpected file entries are ignored. Each skip is reported on
    /// stderr. Use it to fine-tune a model whose head differs from the saved one.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TorchFormatException">The file is truncated, corrupt, not safetensors, or from a newer format version; the message names the file.</exception>
    /// <exception cref="WeightsMismatchException">The weights do not fit (unless <paramref name="skipMismatch"/>).</exception>
    public void LoadWeights(string path, bool byName = false, bool skipMismatch = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var weights = RequireWeights("load");
        using var scope = torch.NewDisposeScope();
        var (keys, tensors) = ReadWeightsFile(path);
        var plan = new List<(Variable Variable, Tensor Value)>();
        var mismatches = new List<WeightShapeMismatch>();
        var missing = new List<Variable>();
        var unexpected = new List<string>();
        if (byName)
        {
            var modelPaths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in weights)
            {
                if (!modelPaths.Add(variable.Path))
                    throw new InvalidOperationException($"Model '{Name}' has several weights with the path '{variable.Path}', so it cannot load by name. Give the layers unique names, or load by order.");
                if (tensors.TryGetValue(variable.Path, out var value)) Match(variable, variable.Path, value);
                else missing.Add(variable);
            }
            unexpected.AddRange(keys.Where(k => !modelPaths.Contains(k)));
        }
        else
        {
            var common = Math.Min(weights.Count, keys.Count);
            for (var i = 0; i < common; i++) Match(weights[i], keys[i], tensors[keys[i]]);
            missing.AddRange(weights.Skip(common));
            unexpected.AddRange(keys.Skip(common));
        }
        if (mismatches.Count + missing.Count + unexpected.Count > 0)
        {
            if (!skipMismatch)
                throw new WeightsMismatchException(path, Name, byName, mismatches, missing.Select(v => v.Path).ToList(), unexpected);
            plan = SkipMismatchedLayers(path, plan, mismatches, missing, unexpected, weights);
        }
        foreach (var (variable, value) in plan) variable.Assign(value);

        void Match(Variable variable, string key, Tensor value)
        {
            if (value.shape.SequenceEqual(variable.Shape)) plan.Add((variable, value));
            else mismatches.Add(new WeightShapeMismatch(variable.Path, key, variable.Shape, value.shape));
        }
    }

    private List<(Variable Variable, Tensor Value)> SkipMismatchedLayers(string path, List<(Variable Variable, Tensor Value)> plan,
        List<WeightShapeMismatch> mismatches, List<Variable> missing, List<string> unexpected, IReadOnlyList<Variable> weights)
    {
        var byPath = weights.GroupBy(w => w.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var skippedOwners = mismatches.Select(m => byPath[m.ModelPath].Owner).Concat(missing.Select(v => v.Owner))
            .Where(o => o is not null).ToHashSet(ReferenceEqualityComparer.Instance);
        var kept = plan.Where(p => p.Variable.Owner is null || !skippedOwners.Contains(p.Variable.Owner)).ToList();
        var error = Console.Error;
        foreach (var m in mismatches) error.WriteLine($"Warning: LoadWeights('{path}'): skipped layer '{byPath[m.ModelPath].Owner?.Name}': shape mismatch for {m}.");
        foreach (var v in missing) error.WriteLine($"Warning: LoadWeights('{path}'): skipped layer '{v.Owner?.Name}': '{v.Path}' is not in the file.");
        if (unexpected.Count > 0) error.WriteLine($"Warning: LoadWeights('{path}'): ignored {unexpected.Count} file entr(ies) the model has no place for: {string.Join(", ", unexpected)}.");
        return kept;
    }

    private IReadOnlyList<Variable> RequireWeights(string action)
    {
        var weights = Weights;
        if (weights.Count == 0 && !Built)
            throw new InvalidOperationException(
                $"Model '{Name}' is not built, so it has no weights to {action}. Build it first: start it with Keras.Input(...) or call it on a batch.");
        return weights;
    }

    /// <summary>The file's keys in file order and its tensors (owned by the current dispose scope); any defect becomes a <see cref="TorchFormatException"/> naming the file.</summary>
    private static (IReadOnlyList<string> Keys, Dictionary<string, Tensor> Tensors) ReadWeightsFile(string path)
    {
        try
        {
            var keys = Safetensors.ReadIndex(path).Select(e => e.Name).ToList();
            var tensors = Safetensors.Load(path, out var metadata);
            if (tensors.Count != keys.Count || keys.Any(k => !tensors.ContainsKey(k)))
                throw new TorchFormatException($"'{path}' changed while it was being read; load it again.", "load_weights");
            CheckWeightsMetadata(path, metadata);
            return (keys, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException or InvalidOperationException
                                      or FormatException or JsonException or InvalidCastException)
        {
            throw new TorchFormatException($"'{path}' is not a valid weights file: {e.Message}", "load_weights", e);
        }
    }

    private static void CheckWeightsMetadata(string path, Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("format", out var format) || format != WeightsFileFormat) return;
        if (!metadata.TryGetValue("version", out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw new TorchFormatException($"'{path}' is a Keras.Net weights file with an invalid version '{metadata.GetValueOrDefault("version")}'.", "load_weights");
        if (version > WeightsFileVersion)
            throw new TorchFormatException(
                $"'{path}' was written in Keras.Net weights format version {version} ({metadata.GetValueOrDefault("framework", "a newer Keras.Net")}); " +
                $"this build (Keras.Net {KerasInfo.Version}) reads versions up to {WeightsFileVersion}. Upgrade Keras.Net to load it.", "load_weights");
    }

    /// <summary>Detached copies of every weight on the CPU, owned by the caller (e.g. EarlyStopping's best weights).</summary>
    internal Tensor[] CopyWeightsToHost()
    {
        using var noGrad = torch.no_grad();
        return Weights.Select(w => w.Value.to(w.Value.dtype, torch.CPU, copy: true).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Assigns values taken by <see cref="CopyWeightsToHost"/> back, in the same order.</summary>
    internal void AssignWeights(IReadOnlyList<Tensor> values)
    {
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new InvalidOperationException($"Model '{Name}' has {weights.Count} weights but {values.Count} values were given: the model changed since they were taken.");
        for (var i = 0; i < weights.Count; i++) weights[i].Assign(values[i]);
    }
}
