using System.Text;

namespace KerasNet.Saving;

/// <summary>What <see cref="StateDictMapping.Load(Layer, IReadOnlyDictionary{string, Tensor}, bool, string, Func{string, bool})"/> did.</summary>
public sealed class LoadReport
{
    internal LoadReport(string source, IReadOnlyList<string> loaded, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
                        IReadOnlyList<StateDictShapeMismatch> mismatched, IReadOnlyList<string> ignored)
        => (Source, Loaded, Missing, Unexpected, Mismatched, Ignored) = (source, loaded, missing, unexpected, mismatched, ignored);

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
