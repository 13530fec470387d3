using System.Text;

namespace KerasNet.Saving;

/// <summary>A state_dict entry whose shape differs from the model weight it maps onto.</summary>
/// <param name="Key">The state_dict key (after the mapping's prefix and rename rules).</param>
/// <param name="ModelPath">The model weight's path, e.g. <c>layer1.0.conv1/kernel</c>.</param>
/// <param name="ModelShape">The shape the model expects, in PyTorch's layout (Dense kernels as (out, in)).</param>
/// <param name="FileShape">The shape in the file.</param>
public sealed record StateDictShapeMismatch(string Key, string ModelPath, long[] ModelShape, long[] FileShape)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({ModelPath}): model {Shape.Format(ModelShape)}, file {Shape.Format(FileShape)}";
}

/// <summary>What <see cref="StateDictMapping.Load(Layer, IReadOnlyDictionary{string, Tensor}, bool, string, Func{string, bool})"/> did.</summary>
public sealed class LoadReport
{
    internal LoadReport(string source, IReadOnlyList<string> loaded, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
                        IReadOnlyList<StateDictShapeMismatch> mismatched, IReadOnlyList<string> ignored)
    {
        Source = source;
        Loaded = loaded;
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
        Ignored = ignored;
    }

    /// <summary>The file (or a description of the state_dict) that was loaded.</summary>
    public string Source { get; }

    /// <summary>Keys assigned to model weights.</summary>
    public IReadOnlyList<string> Loaded { get; }

    /// <summary>Keys the model expects that the state_dict lacks (those weights keep their values).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>State_dict keys the model has no weight for.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Keys present in both whose shapes differ (those weights keep their values).</summary>
    public IReadOnlyList<StateDictShapeMismatch> Mismatched { get; }

    /// <summary>Keys skipped on purpose: BatchNorm's <c>num_batches_tracked</c> (Keras does not keep it) and those the caller asked to ignore (e.g. a head the model does not have).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>True when every model weight was loaded and every state_dict entry was used or ignored on purpose.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder($"Loaded {Loaded.Count} tensor(s) from {Source}");
        if (Ignored.Count > 0) text.Append($"; ignored {Ignored.Count} on purpose (num_batches_tracked, or keys asked to be ignored)");
        Append(text, "missing from the file", Missing);
        Append(text, "in the file but not in the model", Unexpected);
        Append(text, "with another shape", Mismatched.Select(m => m.ToString()).ToList());
        return text.Append('.').ToString();
    }

    private static void Append(StringBuilder text, string what, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0) return;
        text.Append($"{Environment.NewLine}  {keys.Count} {what}: {string.Join(", ", keys)}");
    }
}

/// <summary>
/// A strict state_dict load found keys that do not fit; <see cref="Report"/> lists all of them. Nothing was assigned.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    public StateDictMismatchException(LoadReport report, string modelName)
        : base($"The state_dict does not fit model '{modelName}'. {report} " +
               "Fix the names with StateDictMapping's stripPrefix/addPrefix/renames, or load with strict: false to keep what fits (e.g. a new head).") =>
        Report = report;

    /// <summary>Everything that did not fit.</summary>
    public LoadReport Report { get; }
}
