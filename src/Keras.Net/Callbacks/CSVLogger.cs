using System.Globalization;
using System.Text;

namespace KerasNet.Callbacks;

/// <summary>
/// Writes one CSV row per epoch, as Keras's <c>CSVLogger</c>: a header <c>epoch</c> followed by the log keys in sorted
/// order, then for each epoch its index (from 0) and each value as Python prints a float (<c>0.6931471805599453</c>,
/// <c>1e-05</c>, <c>nan</c>), <c>NA</c> where an epoch lacks a key. Lines end with <c>\r\n</c> and fields holding the
/// separator or a quote are quoted, as Python's csv module does.
/// </summary>
/// <remarks>
/// The file is complete after every epoch: each epoch rewrites it through a temporary file renamed into place, so a
/// reader (or a crash) never sees a partial row. Keys that first appear in a later epoch (validation run every few
/// epochs) widen the header and earlier rows get <c>NA</c>; when appending to an existing file, the columns stay those
/// of the first epoch, and later keys are not written.
/// </remarks>
public sealed class CSVLogger : Callback
{
    private const string LineEnd = "\r\n";
    private readonly List<(int Epoch, Dictionary<string, double> Values)> rows = new();
    private string prefix = "";
    private bool writeHeader;
    private List<string>? keys;

    /// <summary>Creates the logger.</summary>
    /// <param name="filename">The CSV file, e.g. <c>run/log.csv</c> (folders are created as needed).</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="append">Append to an existing file (to continue a run) instead of replacing it.</param>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        ArgumentException.ThrowIfNullOrEmpty(separator);
        if (separator.Contains('"') || separator.Contains('\r') || separator.Contains('\n'))
            throw new ArgumentException($"CSVLogger: the separator cannot contain quotes or line breaks; received \"{separator}\".", nameof(separator));
        (Filename, Separator, Append) = (filename, separator, append);
    }

    /// <summary>The CSV file.</summary>
    public string Filename { get; }

    /// <summary>The field separator.</summary>
    public string Separator { get; }

    /// <summary>Whether rows are appended to an existing file.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        rows.Clear();
        keys = null;
        prefix = Append && File.Exists(Filename) ? File.ReadAllText(Filename) : "";
        if (prefix.Length > 0 && !prefix.EndsWith('\n')) prefix += LineEnd;
        writeHeader = prefix.Length == 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (keys is null) keys = logs.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        else if (writeHeader && logs.Keys.Any(k => !keys.Contains(k)))
            keys = keys.Union(logs.Keys).OrderBy(k => k, StringComparer.Ordinal).ToList();
        rows.Add((epoch, new Dictionary<string, double>(logs, StringComparer.Ordinal)));
        var text = new StringBuilder(prefix);
        if (writeHeader) AppendRow(text, keys.Prepend("epoch"));
        foreach (var (rowEpoch, values) in rows)
            AppendRow(text, keys.Select(k => values.TryGetValue(k, out var v) ? PythonFormat.Repr(v) : "NA")
                                .Prepend(rowEpoch.ToString(CultureInfo.InvariantCulture)));
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        AtomicFile.Write(Filename, stream => stream.Write(bytes));
    }

    private void AppendRow(StringBuilder text, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) text.Append(Separator);
            first = false;
            text.Append(Quote(field));
        }
        text.Append(LineEnd);
    }

    private string Quote(string field) =>
        field.Contains(Separator, StringComparison.Ordinal) || field.IndexOfAny(new[] { '"', '\r', '\n' }) >= 0
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
