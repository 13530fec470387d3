using System.Text.RegularExpressions;
using KerasNet.Layers;

namespace KerasNet.Saving;

/// <summary>
/// Maps PyTorch state_dict keys (torchvision's <c>layer1.0.conv1.weight</c>) onto a model's weights and back. A
/// weight's key is its layer's name, a dot, and the PyTorch name of the weight: convolutions' <c>kernel</c> is
/// <c>weight</c> (already in PyTorch's (out, in / groups, kh, kw) layout here), Dense's <c>kernel</c> is <c>weight</c>
/// transposed (Keras keeps (in, out), PyTorch (out, in)), BatchNormalization's <c>gamma</c>/<c>beta</c>/
/// <c>moving_mean</c>/<c>moving_variance</c> are <c>weight</c>/<c>bias</c>/<c>running_mean</c>/<c>running_var</c>,
/// LayerNormalization's <c>gamma</c>/<c>beta</c> are <c>weight</c>/<c>bias</c>; other weights keep their name, and a
/// layer implementing <see cref="ITorchStateDictNames"/> names its own. BatchNorm's <c>num_batches_tracked</c> is
/// ignored unless the model has a weight of that key (a wrapped TorchSharp module's buffer, loaded when the file has
/// it and never reported missing). File keys go through <see cref="StripPrefix"/>, then <see cref="AddPrefix"/>, then <see cref="Renames"/>
/// before matching.
/// </summary>
public sealed class StateDictMapping
{
    /// <summary>Creates a mapping.</summary>
    /// <param name="stripPrefix">Removed from the start of every file key that has it (e.g. <c>module.</c> from DataParallel, <c>backbone.</c>).</param>
    /// <param name="addPrefix">Put in front of every file key (e.g. <c>features.</c> to load a bare feature extractor's state_dict).</param>
    /// <param name="renames">Regex rules (pattern, replacement) applied in order to every file key after the prefixes.</param>
    public StateDictMapping(string? stripPrefix = null, string? addPrefix = null, IReadOnlyList<(string Pattern, string Replacement)>? renames = null)
    {
        StripPrefix = stripPrefix;
        AddPrefix = addPrefix;
        Renames = renames ?? Array.Empty<(string, string)>();
        foreach (var (pattern, _) in Renames)
        {
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"StateDictMapping: rename pattern '{pattern}' is not a valid regular expression ({e.Message}).", nameof(renames), e);
            }
        }
    }

    /// <summary>The identity mapping (torchvision names as they are).</summary>
    public static StateDictMapping Default { get; } = new();

    /// <summary>Removed from the start of file keys.</summary>
    public string? StripPrefix { get; }

    /// <summary>Put in front of file keys.</summary>
    public string? AddPrefix { get; }

    /// <summary>Regex rename rules applied to file keys, in order.</summary>
    public IReadOnlyList<(string Pattern, string Replacement)> Renames { get; }

    /// <summary>The key a file entry is matched under.</summary>
    public string MapFileKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.IsNullOrEmpty(StripPrefix) && key.StartsWith(StripPrefix, StringComparison.Ordinal)) key = key[StripPrefix.Length..];
        if (!string.IsNullOrEmpty(AddPrefix)) key = AddPrefix + key;
        foreach (var (pattern, replacement) in Renames) key = Regex.Replace(key, pattern, replacement);
        return key;
    }

    /// <summary>Every weight of <paramref name="model"/> under its PyTorch state_dict key, in weight order.</summary>
    /// <exception cref="InvalidOperationException">Two weights map to the same key (give the layers distinct names).</exception>
    public static IReadOnlyList<(string Key, Variable Weight)> TorchKeys(Layer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new List<(string, Variable)>();
        var seen = new Dictionary<string, Variable>(StringComparer.Ordinal);
        foreach (var weight in model.Weights)
        {
            var key = TorchKey(weight);
            if (seen.TryGetValue(key, out var other))
                throw new InvalidOperationException(
                    $"Model '{model.Name}': weights '{other.Path}' and '{weight.Path}' both map to the state_dict key '{key}'. Give their layers distinct names.");
            seen[key] = weight;
            result.Add((key, weight));
        }
        return result;
    }

    /// <summary>The PyTorch state_dict key of one weight.</summary>
    public static string TorchKey(Variable weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var owner = weight.Owner;
        if (owner is ITorchStateDictNames names) return names.TorchKey(weight);
        var layer = owner?.Name ?? weight.Path.Split('/')[0];
        var name = (owner, weight.Name) switch
        {
            (BaseConv or Dense, "kernel") => "weight",
            (BatchNormalization or LayerNormalization, "gamma") => "weight",
            (BatchNormalization or LayerNormalization, "beta") => "bias",
            (BatchNormalization, "moving_mean") => "running_mean",
            (BatchNormalization, "moving_variance") => "running_var",
            _ => weight.Name,
        };
        return $"{layer}.{name}";
    }

    private static bool IsBatchCounter(string key) => key.EndsWith("num_batches_tracked", StringComparison.Ordinal);

    private static bool IsTransposed(Variable weight) => weight.Owner is Dense && weight.Name == "kernel";

    /// <summary>
    /// Loads a state_dict file (torch.save's .pt/.pth, read without running anything it names, or safetensors) into
    /// <paramref name="model"/>.
    /// </summary>
    /// <param name="model">The model (built).</param>
    /// <param name="path">The file.</param>
    /// <param name="strict">True: anything missing, unexpected or of another shape throws <see cref="StateDictMismatchException"/> listing all of it, and nothing is assigned. False: what fits is loaded and the report says what did not.</param>
    /// <param name="ignore">File keys (as mapped) to skip on purpose, e.g. a classifier head the model does not have; they are reported under <see cref="LoadReport.Ignored"/>.</param>
    public LoadReport Load(Layer model, string path, bool strict = true, Func<string, bool>? ignore = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var scope = torch.NewDisposeScope();
        var tensors = StateDictFile.Load(path);
        return Load(model, tensors, strict, path, ignore);
    }

    /// <summary>Loads tensors keyed by PyTorch names into <paramref name="model"/> (see <see cref="Load(Layer, string, bool, Func{string, bool})"/>).</summary>
    public LoadReport Load(Layer model, IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true, string source = "a state_dict",
                           Func<string, bool>? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stateDict);
        if (model.Weights.Count == 0 && !model.Built)
            throw new InvalidOperationException($"Model '{model.Name}' is not built, so it has no weights to load. Build it first (Keras.Input(...) or a call on a batch).");
        var file = new Dictionary<string, (string Original, Tensor Value)>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var modelKeys = TorchKeys(model);
        var modelKeySet = modelKeys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (original, value) in stateDict)
        {
            // Keras's BatchNormalization keeps no batch counter; a wrapped TorchSharp BatchNorm does, and loads it.
            if (IsBatchCounter(original) && !modelKeySet.Contains(MapFileKey(original)))
            {
                ignored.Add(original);
                continue;
            }
            var key = MapFileKey(original);
            if (ignore?.Invoke(key) == true)
            {
                ignored.Add(original);
                continue;
            }
            if (!file.TryAdd(key, (original, value)))
                throw new ArgumentException($"StateDictMapping: file keys '{file[key].Original}' and '{original}' both map to '{key}'; adjust the rename rules.", nameof(stateDict));
        }

        var plan = new List<(Variable Weight, Tensor Value, bool Transpose)>();
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<StateDictShapeMismatch>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, weight) in modelKeys)
        {
            if (!file.TryGetValue(key, out var entry))
            {
                if (!IsBatchCounter(key)) missing.Add(key);
                continue;
            }
            used.Add(key);
            var transpose = IsTransposed(weight);
            var expected = transpose ? weight.Shape.Reverse().ToArray() : weight.Shape;
            if (!entry.Value.shape.SequenceEqual(expected))
            {
                mismatched.Add(new StateDictShapeMismatch(key, weight.Path, expected, entry.Value.shape));
                continue;
            }
            plan.Add((weight, entry.Value, transpose));
            loaded.Add(key);
        }
        var unexpected = file.Keys.Where(k => !used.Contains(k)).ToList();
        var report = new LoadReport(source, loaded, missing, unexpected, mismatched, ignored);
        if (strict && !report.IsComplete) throw new StateDictMismatchException(report, model.Name);
        using var scope = torch.NewDisposeScope();
        foreach (var (weight, value, transpose) in plan) weight.Assign(transpose ? value.t() : value);
        return report;
    }

    /// <summary>The model's weights as a PyTorch state_dict: PyTorch names and layouts (Dense kernels transposed), contiguous CPU copies owned by the caller.</summary>
    public static Dictionary<string, Tensor> ToStateDict(Layer model)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        foreach (var (key, weight) in TorchKeys(model))
        {
            using var scope = torch.NewDisposeScope();
            var value = IsTransposed(weight) ? weight.Value.t() : weight.Value;
            result[key] = value.to(value.dtype, torch.CPU, copy: true).contiguous().MoveToOuterDisposeScope();
        }
        return result;
    }

    /// <summary>
    /// Writes the model's weights as a PyTorch-loadable state_dict in safetensors (atomically): in Python,
    /// <c>model.load_state_dict(safetensors.torch.load_file(path), strict=False)</c> (strict=False because
    /// <c>num_batches_tracked</c> is not kept).
    /// </summary>
    public static void Export(Layer model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = ToStateDict(model);
        try
        {
            Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["framework"] = "Keras.Net " + KerasInfo.Version });
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
