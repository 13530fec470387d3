using System.Globalization;
using System.Text;
using System.Runtime.CompilerServices;
using KerasNet.Data;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>text_dataset_from_directory</c>: reads a folder with one subfolder per class, each holding
    /// <c>.txt</c> files (searched recursively), into a <see cref="TextDataset"/> of (text, label). Classes are the
    /// subfolders in alphanumeric order (or <paramref name="classNames"/>' order). Prints
    /// <c>Found N files belonging to C classes.</c> and, with a validation split, <c>Using K files for training.</c>
    /// (or validation). For Keras's explicit list of labels (one per file), call the overload that takes
    /// <c>IReadOnlyList&lt;long&gt; labels</c>.
    /// </summary>
    /// <param name="directory">The folder: <c>directory/class_a/*.txt</c>, <c>directory/class_b/*.txt</c>...</param>
    /// <param name="labels"><c>"inferred"</c> (labels from the subfolders) or null (no labels: every .txt under the folder).</param>
    /// <param name="labelMode"><c>"int"</c> (int64 class indices, Keras gives int32), <c>"categorical"</c> (float32 one-hot), <c>"binary"</c> (float32 (batch, 1), two classes only), or null (no labels).</param>
    /// <param name="classNames">The class subfolders in the order that defines their indices; must name exactly the subfolders.</param>
    /// <param name="batchSize">Texts per batch (null: one text per batch).</param>
    /// <param name="maxLength">Truncate each text to this many characters (Keras counts bytes; the same for ASCII text).</param>
    /// <param name="shuffle">Shuffle the files (before the split, as NumPy's <c>RandomState(seed)</c>, so that the same seed picks the same validation files as Keras) and reshuffle them every epoch.</param>
    /// <param name="seed">The shuffling seed; required with a validation split and shuffling.</param>
    /// <param name="validationSplit">The fraction of files held out for validation, in (0, 1).</param>
    /// <param name="subset"><c>"training"</c> or <c>"validation"</c> with <paramref name="validationSplit"/>; for both at once use <c>TextDatasetsFromDirectory</c>.</param>
    /// <param name="followLinks">Descend into symbolic links to folders inside the class folders.</param>
    /// <param name="verbose">Print the counts.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">An argument is invalid, or no .txt file was found.</exception>
    [OverloadResolutionPriority(1)] // labels: null means "no labels" (this overload), not an empty label list.
    public static TextDataset TextDatasetFromDirectory(string directory, string? labels = "inferred", string? labelMode = "int",
        IReadOnlyList<string>? classNames = null, int? batchSize = 32, int? maxLength = null, bool shuffle = true, int? seed = null,
        double? validationSplit = null, string? subset = null, bool followLinks = false, bool verbose = true)
    {
        RejectSubsetBoth(subset);
        return TextDirectory.Load(directory, labels, labelMode, classNames, batchSize, maxLength, shuffle, seed, validationSplit, subset, followLinks, verbose ? Console.Out : null).First();
    }

    /// <summary>
    /// Keras's <c>text_dataset_from_directory(..., subset="both")</c>: the training and validation datasets of one
    /// validation split, as <c>TextDatasetFromDirectory</c> describes. The validation dataset is not reshuffled
    /// between epochs.
    /// </summary>
    [OverloadResolutionPriority(1)] // labels: null means "no labels" (this overload), not an empty label list.
    public static (TextDataset Training, TextDataset Validation) TextDatasetsFromDirectory(string directory, double validationSplit, int seed,
        string? labels = "inferred", string? labelMode = "int", IReadOnlyList<string>? classNames = null, int? batchSize = 32,
        int? maxLength = null, bool shuffle = true, bool followLinks = false, bool verbose = true)
    {
        var both = TextDirectory.Load(directory, labels, labelMode, classNames, batchSize, maxLength, shuffle, seed, validationSplit, "both", followLinks, verbose ? Console.Out : null);
        return (both[0], both[1]);
    }

    /// <summary>
    /// Keras's <c>text_dataset_from_directory</c> with an explicit list of labels: the <c>.txt</c> files anywhere under
    /// <paramref name="directory"/> (subfolders included, as with <c>labels: null</c>), in alphanumeric order of their
    /// paths (folders in path order, files in name order within each), the i-th file taking <c>labels[i]</c>. Classes
    /// are 0 up to the largest label, named <c>"0"</c>, <c>"1"</c>...; the files and their labels are shuffled and
    /// split together. Prints <c>Found N files belonging to C classes.</c> and, with a validation split,
    /// <c>Using K files for training.</c> (or validation). Keras's <c>class_names</c> applies only to inferred labels,
    /// so this overload has no such argument.
    /// </summary>
    /// <param name="directory">The folder holding the .txt files (at any depth).</param>
    /// <param name="labels">One class index (0 or more) per .txt file found, in alphanumeric order of the paths; <c>FilePaths</c> of a call with <c>labels: null, shuffle: false</c> lists that order.</param>
    /// <param name="labelMode"><c>"int"</c> (int64 class indices), <c>"categorical"</c> (float32 one-hot over 0..largest label), <c>"binary"</c> (float32 (batch, 1); the labels must be 0 and 1), or null (no labels in the dataset; the list is still checked).</param>
    /// <param name="batchSize">Texts per batch (null: one text per batch).</param>
    /// <param name="maxLength">Truncate each text to this many characters (Keras counts bytes; the same for ASCII text).</param>
    /// <param name="shuffle">Shuffle the files with their labels (before the split, as NumPy's <c>RandomState(seed)</c>) and reshuffle them every epoch.</param>
    /// <param name="seed">The shuffling seed; required with a validation split and shuffling.</param>
    /// <param name="validationSplit">The fraction of files held out for validation, in (0, 1).</param>
    /// <param name="subset"><c>"training"</c> or <c>"validation"</c> with <paramref name="validationSplit"/>; for both at once use <c>TextDatasetsFromDirectory</c>.</param>
    /// <param name="followLinks">Descend into symbolic links to folders.</param>
    /// <param name="verbose">Print the counts.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">
    /// An argument is invalid, no .txt file was found, the number of labels differs from the number of files, a label
    /// is negative, or <c>labelMode "binary"</c> gets labels other than 0 and 1.
    /// </exception>
    public static TextDataset TextDatasetFromDirectory(string directory, IReadOnlyList<long> labels, string? labelMode = "int",
        int? batchSize = 32, int? maxLength = null, bool shuffle = true, int? seed = null, double? validationSplit = null, string? subset = null,
        bool followLinks = false, bool verbose = true)
    {
        ArgumentNullException.ThrowIfNull(labels);
        RejectSubsetBoth(subset);
        return TextDirectory.Load(directory, null, labelMode, null, batchSize, maxLength, shuffle, seed, validationSplit, subset, followLinks,
            verbose ? Console.Out : null, labels).First();
    }

    /// <summary>
    /// As the <c>TextDatasetFromDirectory</c> overload with an explicit label list, with <c>subset: "both"</c>: the
    /// training and validation datasets of one validation split, each file keeping its label. The validation dataset
    /// is not reshuffled between epochs.
    /// </summary>
    public static (TextDataset Training, TextDataset Validation) TextDatasetsFromDirectory(string directory, double validationSplit, int seed,
        IReadOnlyList<long> labels, string? labelMode = "int", int? batchSize = 32, int? maxLength = null, bool shuffle = true,
        bool followLinks = false, bool verbose = true)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var both = TextDirectory.Load(directory, null, labelMode, null, batchSize, maxLength, shuffle, seed, validationSplit, "both", followLinks,
            verbose ? Console.Out : null, labels);
        return (both[0], both[1]);
    }

    private static void RejectSubsetBoth(string? subset)
    {
        if (subset == "both")
            throw new ArgumentException("subset \"both\" returns two datasets: call Utils.TextDatasetsFromDirectory(...), which returns (training, validation).", nameof(subset));
    }
}

/// <summary>Indexing a class-per-folder tree of text files with Keras's rules.</summary>
internal static class TextDirectory
{
    /// <summary>Lists, labels, shuffles and splits the files; <paramref name="labelList"/> (Keras's explicit labels) replaces <paramref name="labels"/> when given.</summary>
    internal static IReadOnlyList<TextDataset> Load(string directory, string? labels, string? labelMode, IReadOnlyList<string>? classNames,
        int? batchSize, int? maxLength, bool shuffle, int? seed, double? validationSplit, string? subset, bool followLinks, TextWriter? log,
        IReadOnlyList<long>? labelList = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (labelList is null && labels is not (null or "inferred"))
            throw new ArgumentException(
                $"labels received '{labels}'; expected \"inferred\" (one subfolder per class), null (no labels) or a list of class indices (one per file).", nameof(labels));
        if (labelMode is not (null or "int" or "categorical" or "binary"))
            throw new ArgumentException($"labelMode received '{labelMode}'; expected \"int\", \"categorical\", \"binary\" or null.", nameof(labelMode));
        if (labels is null && classNames is not null)
            throw new ArgumentException("classNames can only be given with labels \"inferred\".", nameof(classNames));
        var labelled = labelList is not null || labels is not null;
        if (!labelled) labelMode = null;
        if (batchSize is < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1, or null.");
        if (maxLength is < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 1, or null.");
        CheckSplit(validationSplit, subset, shuffle, seed);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(File.Exists(directory)
                ? $"TextDatasetFromDirectory: '{directory}' is a file; expected a folder with one subfolder of .txt files per class."
                : $"TextDatasetFromDirectory: the folder '{directory}' does not exist; expected a folder with one subfolder of .txt files per class.");

        var subfolders = Directory.EnumerateDirectories(directory).Select(Path.GetFileName).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        IReadOnlyList<string> classes;
        if (labels is null) classes = new List<string>();
        else if (classNames is not null)
        {
            if (!new HashSet<string>(classNames, StringComparer.Ordinal).SetEquals(subfolders) || classNames.Count != subfolders.Count)
                throw new ArgumentException(
                    $"classNames [{string.Join(", ", classNames)}] do not match the subfolders of '{directory}': [{string.Join(", ", subfolders)}]. " +
                    "List each subfolder exactly once, in the order that gives their indices.", nameof(classNames));
            classes = classNames.ToList();
        }
        else classes = subfolders;
        if (labelList is null && labelMode == "binary" && classes.Count != 2)
            throw new ArgumentException(
                $"labelMode \"binary\" needs exactly 2 classes; '{directory}' has {classes.Count}: [{string.Join(", ", classes)}]. Use \"int\" or \"categorical\".", nameof(labelMode));

        var paths = new List<string>();
        var fileLabels = new List<long>();
        // No labels, or an explicit list: the files anywhere under the directory, as Keras.
        if (labels is null) paths.AddRange(TextFiles(directory, followLinks));
        else
            for (var c = 0; c < classes.Count; c++)
                foreach (var file in TextFiles(Path.Combine(directory, classes[c]), followLinks))
                {
                    paths.Add(file);
                    fileLabels.Add(c);
                }
        if (paths.Count == 0)
            throw new ArgumentException($"No text files found in '{directory}'. Allowed format: .txt{(labels is null ? "" : ", in one subfolder per class")}.", nameof(directory));
        if (labelList is not null)
        {
            classes = DirectoryIndex.ExplicitClassNames("TextDatasetFromDirectory", directory, labelList, paths, labelMode);
            fileLabels.AddRange(labelList);
        }
        log?.WriteLine(!labelled ? $"Found {paths.Count} files." : $"Found {paths.Count} files belonging to {classes.Count} classes.");

        var order = Enumerable.Range(0, paths.Count).ToArray();
        var effectiveSeed = seed ?? KerasNet.Utils.DrawSeed();
        if (shuffle) new NumpyLegacyRandom(effectiveSeed).Shuffle(order);

        var subsets = new List<(int[] Indices, bool Training)>();
        if (validationSplit is { } fraction)
        {
            var validation = (int)(fraction * paths.Count);
            if (validation == 0 || validation == paths.Count)
                throw new ArgumentException(
                    $"validationSplit {fraction.ToString(CultureInfo.InvariantCulture)} of {paths.Count} files leaves an empty {(validation == 0 ? "validation" : "training")} subset; use a {(validation == 0 ? "larger" : "smaller")} split.",
                    nameof(validationSplit));
            var training = order[..^validation];
            var held = order[^validation..];
            if (subset is "training" or "both")
            {
                log?.WriteLine($"Using {training.Length} files for training.");
                subsets.Add((training, true));
            }
            if (subset is "validation" or "both")
            {
                log?.WriteLine($"Using {held.Length} files for validation.");
                subsets.Add((held, false));
            }
        }
        else subsets.Add((order, true));

        return subsets.Select(s =>
        {
            var texts = s.Indices.Select(i => ReadText(paths[i], maxLength)).ToArray();
            // labelMode null drops the labels, as Keras (label_mode=None yields texts only).
            return new TextDataset(texts, labelMode is null ? null : s.Indices.Select(i => fileLabels[i]).ToArray(), classes, labelMode,
                batchSize, shuffle && s.Training, effectiveSeed, s.Indices.Select(i => paths[i]).ToArray());
        }).ToList();
    }

    private static void CheckSplit(double? validationSplit, string? subset, bool shuffle, int? seed)
    {
        if (validationSplit is { } v && (v <= 0 || v >= 1 || double.IsNaN(v)))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), v, "validationSplit must be between 0 and 1 (exclusive).");
        if (subset is not (null or "training" or "validation" or "both"))
            throw new ArgumentException($"subset received '{subset}'; expected \"training\", \"validation\", \"both\" or null.", nameof(subset));
        if (validationSplit is not null && subset is null)
            throw new ArgumentException("validationSplit is set, so subset must be \"training\", \"validation\" or \"both\".", nameof(subset));
        if (subset is not null && validationSplit is null)
            throw new ArgumentException($"subset \"{subset}\" needs validationSplit (the fraction of files held out for validation).", nameof(validationSplit));
        if (validationSplit is not null && shuffle && seed is null)
            throw new ArgumentException(
                "With validationSplit and shuffle, give a seed: the training and validation calls must shuffle the files the same way, or the subsets overlap.",
                nameof(seed));
    }

    /// <summary>The .txt files under <paramref name="root"/>: folders in path order, files sorted within each, as Keras's walk.</summary>
    private static List<string> TextFiles(string root, bool followLinks) => DirectoryIndex.Files(root, followLinks, TextExtensions);

    private static readonly string[] TextExtensions = { ".txt" };

    private static string ReadText(string path, int? maxLength)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        if (maxLength is { } max && text.Length > max)
        {
            var cut = max;
            if (char.IsHighSurrogate(text[cut - 1])) cut--;
            text = text[..cut];
        }
        return text;
    }
}
