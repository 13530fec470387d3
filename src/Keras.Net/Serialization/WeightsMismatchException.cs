using System.Text;

namespace KerasNet.Serialization;

/// <summary>
/// A weights file does not fit the model: <see cref="Models.Model.LoadWeights"/> lists every shape mismatch, every
/// model weight the file lacks and every file entry the model has no place for, all at once, so that one run shows
/// everything to fix. Nothing is loaded when this is thrown.
/// </summary>
public sealed class WeightsMismatchException : Exception
{
    /// <summary>Creates the exception; the message is built from the lists.</summary>
    public WeightsMismatchException(string filePath, string modelName, bool byName, IReadOnlyList<WeightShapeMismatch> shapeMismatches,
                                    IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys)
        : base(BuildMessage(filePath, modelName, byName, shapeMismatches, missingKeys, unexpectedKeys))
        => (FilePath, ModelName, ShapeMismatches, MissingKeys, UnexpectedKeys) = (filePath, modelName, shapeMismatches, missingKeys, unexpectedKeys);

    /// <summary>The weights file.</summary>
    public string FilePath { get; }

    /// <summary>The model that was being loaded.</summary>
    public string ModelName { get; }

    /// <summary>Weights present in both whose shapes differ.</summary>
    public IReadOnlyList<WeightShapeMismatch> ShapeMismatches { get; }

    /// <summary>Model weights (paths) with no counterpart in the file.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>File entries (keys) with no counterpart in the model.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    private static string BuildMessage(string filePath, string modelName, bool byName, IReadOnlyList<WeightShapeMismatch> shapeMismatches,
                                       IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys)
    {
        var text = new StringBuilder();
        text.Append($"The weights in '{filePath}' do not fit model '{modelName}' (matched {(byName ? "by name" : "by order")}):");
        if (shapeMismatches.Count > 0)
        {
            text.Append($"\n  {shapeMismatches.Count} shape mismatch(es):");
            foreach (var m in shapeMismatches) text.Append("\n    ").Append(m);
        }
        if (missingKeys.Count > 0) text.Append($"\n  {missingKeys.Count} model weight(s) missing from the file: {string.Join(", ", missingKeys)}");
        if (unexpectedKeys.Count > 0) text.Append($"\n  {unexpectedKeys.Count} unexpected entr(ies) in the file: {string.Join(", ", unexpectedKeys)}");
        text.Append("\nNothing was loaded. Pass skipMismatch: true to load the weights that fit and leave the others as they are " +
                    "(e.g. to fine-tune a new head)");
        text.Append(byName ? "." : ", or byName: true to match weights by their layer paths instead of their order.");
        return text.ToString();
    }
}
