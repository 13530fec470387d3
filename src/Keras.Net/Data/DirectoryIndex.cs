using System.Globalization;

namespace KerasNet.Data;

/// <summary>
/// What <c>ImageDatasets.ImageDatasetFromDirectory</c> and <c>Utils.TextDatasetFromDirectory</c>
/// share: Keras's walk over a directory's files and the rules for an explicit list of labels.
/// </summary>
internal static class DirectoryIndex
{
    /// <summary>
    /// The files under <paramref name="root"/> (recursively) whose names end with one of <paramref name="extensions"/>
    /// (case-insensitively), in Keras's order: folders in ordinal order of their path, files in ordinal order of their
    /// name within each folder. Paths start with <paramref name="root"/> as given. With <paramref name="followLinks"/>,
    /// links to folders are followed, except one leading back to a folder above it.
    /// </summary>
    public static List<string> Files(string root, bool followLinks, IReadOnlyList<string> extensions)
    {
        var folders = new List<string>();
        var above = new HashSet<string>(StringComparer.Ordinal);
        void Walk(string folder)
        {
            // As Keras's walk, a folder reached through several links is listed under each path; only a link back to
            // a folder above (which would be followed forever) is not followed. Without followLinks no link is followed.
            var real = followLinks ? RealPath(folder) : null;
            if (real is not null && !above.Add(real)) return;
            folders.Add(folder);
            foreach (var sub in Directory.EnumerateDirectories(folder))
                if (followLinks || new DirectoryInfo(sub).LinkTarget is null) Walk(sub);
            if (real is not null) above.Remove(real);
        }
        Walk(root);
        folders.Sort(StringComparer.Ordinal);
        var files = new List<string>();
        foreach (var folder in folders)
            files.AddRange(Directory.EnumerateFiles(folder)
                .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal));
        return files;
    }

    /// <summary>The path with every symbolic link resolved, component by component (as realpath(3)).</summary>
    private static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var result = Path.GetPathRoot(full)!;
        foreach (var part in full[result.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            var target = new DirectoryInfo(next).LinkTarget is null ? null : new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            if (target is null) result = next;
            else if (++hops > 40) throw new IOException($"Too many levels of symbolic links under '{path}'.");
            else result = RealPath(target.FullName, hops);
        }
        return result;
    }

    /// <summary>
    /// Checks Keras's explicit <c>labels</c> list against the <paramref name="files"/> found (one label per file, in
    /// the same order) and the label mode, and returns the class names: <c>"0"</c>, <c>"1"</c>... up to the largest
    /// label, so that a label is the index of its name.
    /// </summary>
    /// <param name="api">The public function, named in the messages.</param>
    /// <param name="directory">The directory as the caller gave it, named in the messages.</param>
    /// <param name="labels">The labels, one per file.</param>
    /// <param name="files">The files found, in Keras's order.</param>
    /// <param name="labelMode">"int", "categorical", "binary" or null.</param>
    /// <exception cref="ArgumentException">The counts differ, a label is negative, or the labels do not suit the label mode.</exception>
    public static IReadOnlyList<string> ExplicitClassNames(string api, string directory, IReadOnlyList<long> labels, IReadOnlyList<string> files, string? labelMode)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != files.Count)
            throw new ArgumentException(
                $"{api}: labels holds {labels.Count} labels but {files.Count} files were found in '{directory}'; give one label per file, " +
                "in the alphanumeric order of the file paths (the order of FilePaths when called with labels: null).", nameof(labels));
        long largest = -1;
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (label < 0)
                throw new ArgumentException(
                    $"{api}: labels[{i}] is {label} (file '{files[i]}'); labels are class indices and must be 0 or more.", nameof(labels));
            if (labelMode == "binary" && label > 1)
                throw new ArgumentException(
                    $"{api}: labelMode 'binary' needs labels 0 and 1; labels[{i}] is {label} (file '{files[i]}'). Use labelMode 'int' or 'categorical' for more classes.",
                    nameof(labels));
            largest = Math.Max(largest, label);
        }
        if (largest >= int.MaxValue)
            throw new ArgumentException($"{api}: labels hold class index {largest}; class indices must be below {int.MaxValue}.", nameof(labels));
        var classes = (int)(largest + 1);
        if (labelMode == "binary" && classes != 2)
            throw new ArgumentException(
                $"{api}: labelMode 'binary' needs labels 0 and 1; all {labels.Count} labels are 0. Use labelMode 'int', or give the positive files label 1.", nameof(labels));
        if (labelMode == "categorical" && (long)labels.Count * classes > Array.MaxLength)
            throw new ArgumentException(
                $"{api}: labelMode 'categorical' with largest label {largest} needs a one-hot array of {labels.Count} x {classes} values, more than one array can hold. " +
                "Use labelMode 'int' (with sparse_categorical_crossentropy).", nameof(labels));
        return new ClassIndexNames(classes);
    }
}

/// <summary>The names "0", "1"... of an explicit label list's classes, made on demand (a large label costs no memory).</summary>
internal sealed class ClassIndexNames(int count) : IReadOnlyList<string>
{
    public string this[int index] => (uint)index < (uint)count
        ? index.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {count} classes.");

    public int Count => count;

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return i.ToString(CultureInfo.InvariantCulture);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
