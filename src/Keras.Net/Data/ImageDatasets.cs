using System.Runtime.CompilerServices;
using KerasNet.Data.Transforms;

namespace KerasNet.Data;

/// <summary>Keras's <c>image_dataset_from_directory</c>: batches of images and labels from a class-per-folder tree.</summary>
public static class ImageDatasets
{
    private const string Fn = "ImageDatasetFromDirectory";

    /// <summary>
    /// Reads a folder of images, one subfolder per class (<c>directory/cat/1.jpg</c>, <c>directory/dog/7.png</c>), as
    /// Keras's <c>image_dataset_from_directory</c>: classes in alphanumeric order of the folder names, files in
    /// alphanumeric order within each, a seeded shuffle of all files, and the validation subset taken from the end.
    /// Batches hold float32 images with values 0..255, resized to <paramref name="imageSize"/> and laid out by
    /// <see cref="Config.ImageDataFormat"/>, and labels per <paramref name="labelMode"/>. Prints
    /// <c>Found N files belonging to C classes.</c> and, with a split, <c>Using K files for training.</c>.
    /// For Keras's explicit list of labels (one per file), call the overload that takes <c>IReadOnlyList&lt;long&gt; labels</c>.
    /// </summary>
    /// <param name="directory">The root folder.</param>
    /// <param name="labels">"inferred" (from the folders) or null (images only, found anywhere under the directory).</param>
    /// <param name="labelMode">"int" (int64 class index), "categorical" (float32 one-hot), "binary" (float32 0/1, two classes) or null (no labels).</param>
    /// <param name="classNames">The class folders to use, in label order (must equal the subfolders); null: all, sorted.</param>
    /// <param name="colorMode">"grayscale" (1 channel), "rgb" (3) or "rgba" (4).</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="imageSize">The (height, width) every image is resized to; default (256, 256).</param>
    /// <param name="shuffle">Shuffle the files (with <paramref name="seed"/>) and reshuffle every epoch; false keeps alphanumeric order.</param>
    /// <param name="seed">The shuffling seed; required with a validation split and shuffling, so the subsets do not overlap.</param>
    /// <param name="validationSplit">The fraction of files held out for validation, taken from the end.</param>
    /// <param name="subset">"training" or "validation" (with <paramref name="validationSplit"/>); for both, use <c>ImageDatasetsFromDirectory</c>.</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="cropToAspectRatio">Crop the largest centred window with the target aspect ratio before resizing, instead of distorting.</param>
    /// <param name="followLinks">Follow symbolic links to folders.</param>
    /// <param name="skipCorrupt">Leave undecodable files out of their batch with a warning, instead of failing with an error naming the file.</param>
    /// <param name="numWorkers">Decoding threads; null: up to 4, one per core.</param>
    /// <param name="output">Where the "Found ..." messages and warnings go (default: the console).</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="ArgumentException">An argument is invalid, a class folder is empty, or no images were found.</exception>
    [OverloadResolutionPriority(1)] // labels: null means "no labels" (this overload), not an empty label list.
    public static ImageDirectoryData ImageDatasetFromDirectory(string directory, string? labels = "inferred", string? labelMode = "int",
        IReadOnlyList<string>? classNames = null, string colorMode = "rgb", int batchSize = 32, (int Height, int Width)? imageSize = null,
        bool shuffle = true, long? seed = null, double? validationSplit = null, string? subset = null, string interpolation = "bilinear",
        bool cropToAspectRatio = false, bool followLinks = false, bool skipCorrupt = false, int? numWorkers = null, TextWriter? output = null)
    {
        CheckSingleSubset(subset);
        var index = Index(directory, labels, null, labelMode, classNames, colorMode, batchSize, shuffle, ref seed, validationSplit, subset, interpolation, followLinks, output);
        return Make(index, subset, labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output);
    }

    /// <summary>
    /// Keras's <c>image_dataset_from_directory</c> with an explicit list of labels: the images anywhere under
    /// <paramref name="directory"/> (subfolders included, as with <c>labels: null</c>), in alphanumeric order of their
    /// paths (folders in path order, files in name order within each), the i-th file taking <c>labels[i]</c>. Classes
    /// are 0 up to the largest label, named <c>"0"</c>, <c>"1"</c>...; the files and their labels are shuffled and
    /// split together. Prints <c>Found N files belonging to C classes.</c> and, with a split, <c>Using K files for training.</c>.
    /// Keras's <c>class_names</c> applies only to inferred labels, so this overload has no such argument.
    /// </summary>
    /// <param name="directory">The root folder.</param>
    /// <param name="labels">One class index (0 or more) per image file found, in alphanumeric order of the paths; <c>FilePaths</c> of a call with <c>labels: null, shuffle: false</c> lists that order.</param>
    /// <param name="labelMode">"int" (int64 class index), "categorical" (float32 one-hot over 0..largest label), "binary" (float32 0/1; the labels must be 0 and 1) or null (no labels in the batches; the list is still checked).</param>
    /// <param name="colorMode">"grayscale" (1 channel), "rgb" (3) or "rgba" (4).</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="imageSize">The (height, width) every image is resized to; default (256, 256).</param>
    /// <param name="shuffle">Shuffle the files and their labels (with <paramref name="seed"/>) and reshuffle every epoch; false keeps alphanumeric order.</param>
    /// <param name="seed">The shuffling seed; required with a validation split and shuffling, so the subsets do not overlap.</param>
    /// <param name="validationSplit">The fraction of files held out for validation, taken from the end.</param>
    /// <param name="subset">"training" or "validation" (with <paramref name="validationSplit"/>); for both, use <c>ImageDatasetsFromDirectory</c>.</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="cropToAspectRatio">Crop the largest centred window with the target aspect ratio before resizing, instead of distorting.</param>
    /// <param name="followLinks">Follow symbolic links to folders.</param>
    /// <param name="skipCorrupt">Leave undecodable files out of their batch with a warning, instead of failing with an error naming the file.</param>
    /// <param name="numWorkers">Decoding threads; null: up to 4, one per core.</param>
    /// <param name="output">Where the "Found ..." messages and warnings go (default: the console).</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="ArgumentException">
    /// An argument is invalid, no images were found, the number of labels differs from the number of files, a label
    /// is negative, or <c>labelMode "binary"</c> gets labels other than 0 and 1.
    /// </exception>
    public static ImageDirectoryData ImageDatasetFromDirectory(string directory, IReadOnlyList<long> labels, string? labelMode = "int",
        string colorMode = "rgb", int batchSize = 32, (int Height, int Width)? imageSize = null, bool shuffle = true, long? seed = null,
        double? validationSplit = null, string? subset = null, string interpolation = "bilinear", bool cropToAspectRatio = false,
        bool followLinks = false, bool skipCorrupt = false, int? numWorkers = null, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckSingleSubset(subset);
        var index = Index(directory, null, labels, labelMode, null, colorMode, batchSize, shuffle, ref seed, validationSplit, subset, interpolation, followLinks, output);
        return Make(index, subset, labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output);
    }

    /// <summary>
    /// As <c>ImageDatasetFromDirectory</c> with <c>subset: "both"</c>: the training and the validation
    /// subsets of one seeded split (validationSplit is required).
    /// </summary>
    [OverloadResolutionPriority(1)] // labels: null means "no labels" (this overload), not an empty label list.
    public static (ImageDirectoryData Training, ImageDirectoryData Validation) ImageDatasetsFromDirectory(string directory, double validationSplit,
        long? seed = null, string? labels = "inferred", string? labelMode = "int", IReadOnlyList<string>? classNames = null, string colorMode = "rgb",
        int batchSize = 32, (int Height, int Width)? imageSize = null, bool shuffle = true, string interpolation = "bilinear",
        bool cropToAspectRatio = false, bool followLinks = false, bool skipCorrupt = false, int? numWorkers = null, TextWriter? output = null)
    {
        var index = Index(directory, labels, null, labelMode, classNames, colorMode, batchSize, shuffle, ref seed, validationSplit, "both", interpolation, followLinks, output);
        return (Make(index, "training", labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output),
                Make(index, "validation", labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output));
    }

    /// <summary>
    /// As the <c>ImageDatasetFromDirectory</c> overload with an explicit label list, with <c>subset: "both"</c>: the
    /// training and the validation subsets of one seeded split, each file keeping its label.
    /// </summary>
    public static (ImageDirectoryData Training, ImageDirectoryData Validation) ImageDatasetsFromDirectory(string directory, double validationSplit,
        IReadOnlyList<long> labels, long? seed = null, string? labelMode = "int", string colorMode = "rgb", int batchSize = 32,
        (int Height, int Width)? imageSize = null, bool shuffle = true, string interpolation = "bilinear", bool cropToAspectRatio = false,
        bool followLinks = false, bool skipCorrupt = false, int? numWorkers = null, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var index = Index(directory, null, labels, labelMode, null, colorMode, batchSize, shuffle, ref seed, validationSplit, "both", interpolation, followLinks, output);
        return (Make(index, "training", labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output),
                Make(index, "validation", labelMode, colorMode, batchSize, imageSize, shuffle, seed, validationSplit, interpolation, cropToAspectRatio, skipCorrupt, numWorkers, output));
    }

    private static void CheckSingleSubset(string? subset)
    {
        if (subset == "both")
            throw new ArgumentException($"{Fn}: subset 'both' returns two datasets; call ImageDatasetsFromDirectory, which returns (training, validation).", nameof(subset));
        if (subset is not null and not ("training" or "validation"))
            throw new ArgumentException($"{Fn}: subset must be 'training', 'validation' or null; received '{subset}'.", nameof(subset));
    }

    private sealed record FileIndex(List<string> Files, List<long> Labels, IReadOnlyList<string> ClassNames);

    /// <summary>Lists, labels and shuffles the files; <paramref name="labelList"/> (Keras's explicit labels) replaces <paramref name="labels"/> when given.</summary>
    private static FileIndex Index(string directory, string? labels, IReadOnlyList<long>? labelList, string? labelMode, IReadOnlyList<string>? classNames,
        string colorMode, int batchSize, bool shuffle, ref long? seed, double? validationSplit, string? subset, string interpolation, bool followLinks, TextWriter? output)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (labelList is null && labels is not null and not "inferred")
            throw new ArgumentException($"{Fn}: labels must be 'inferred', null or a list of class indices (one per file); received '{labels}'.", nameof(labels));
        if (labelMode is not null and not ("int" or "categorical" or "binary"))
            throw new ArgumentException($"{Fn}: labelMode must be 'int', 'categorical', 'binary' or null; received '{labelMode}'.", nameof(labelMode));
        var labelled = labelList is not null || labels is not null;
        if (!labelled && labelMode is not null) labelMode = null;
        if (classNames is not null && labels != "inferred")
            throw new ArgumentException($"{Fn}: classNames applies only with labels 'inferred'.", nameof(classNames));
        if (colorMode is not ("grayscale" or "rgb" or "rgba"))
            throw new ArgumentException($"{Fn}: colorMode must be 'grayscale', 'rgb' or 'rgba'; received '{colorMode}'.", nameof(colorMode));
        if (interpolation is not ("bilinear" or "nearest"))
            throw new ArgumentException($"{Fn}: interpolation must be 'bilinear' or 'nearest'; received '{interpolation}'.", nameof(interpolation));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"{Fn}: batchSize must be at least 1.");
        if (validationSplit is { } split && split is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationSplit), split, $"{Fn}: validationSplit must be between 0 and 1 (exclusive).");
        if (subset is not null && validationSplit is null)
            throw new ArgumentException($"{Fn}: subset '{subset}' needs a validationSplit.", nameof(subset));
        if (validationSplit is not null && subset is null)
            throw new ArgumentException($"{Fn}: with a validationSplit, give subset 'training' or 'validation' (or call ImageDatasetsFromDirectory for both).", nameof(subset));
        if (validationSplit is not null && shuffle && seed is null)
            throw new ArgumentException(
                $"{Fn}: with a validationSplit and shuffling, give a seed, so that the training and validation subsets are the same split and do not overlap.", nameof(seed));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{Fn}: the directory '{directory}' does not exist.");
        seed ??= Utils.DrawSeed();

        var root = Path.GetFullPath(directory);
        var files = new List<string>();
        var fileLabels = new List<long>();
        IReadOnlyList<string> names;
        if (labels is null)
        {
            // No labels, or an explicit list: the files anywhere under the directory, as Keras.
            files = ImageDirectory.Files(root, followLinks);
            names = Array.Empty<string>();
        }
        else
        {
            var folders = ImageDirectory.ClassFolders(root, followLinks);
            if (classNames is not null)
            {
                var missing = classNames.Except(folders).ToList();
                var extra = folders.Except(classNames).ToList();
                if (missing.Count > 0 || extra.Count > 0 || classNames.Distinct().Count() != classNames.Count)
                    throw new ArgumentException(
                        $"{Fn}: classNames [{string.Join(", ", classNames)}] must name each subfolder of '{directory}' once; its subfolders are [{string.Join(", ", folders)}].",
                        nameof(classNames));
                folders = classNames.ToList();
            }
            if (folders.Count == 0)
                throw new ArgumentException($"{Fn}: '{directory}' has no subfolders; with labels 'inferred' each class is a subfolder (e.g. {directory}/cat/1.jpg). Use labels: null for a flat folder.", nameof(directory));
            for (var c = 0; c < folders.Count; c++)
            {
                var classFiles = ImageDirectory.Files(Path.Combine(root, folders[c]), followLinks);
                if (classFiles.Count == 0)
                    throw new ArgumentException(
                        $"{Fn}: the class folder '{Path.Combine(directory, folders[c])}' holds no images ({string.Join(", ", ImageDirectory.Extensions)}). Add images or remove the folder.",
                        nameof(directory));
                files.AddRange(classFiles);
                fileLabels.AddRange(Enumerable.Repeat((long)c, classFiles.Count));
            }
            names = folders;
        }
        if (files.Count == 0)
            throw new ArgumentException($"{Fn}: no images found in '{directory}' (looked for {string.Join(", ", ImageDirectory.Extensions)}).", nameof(directory));
        if (labelList is not null)
        {
            names = DirectoryIndex.ExplicitClassNames(Fn, directory, labelList, files, labelMode);
            fileLabels = labelList.ToList();
        }
        if (labelMode == "binary" && names.Count != 2)
            throw new ArgumentException($"{Fn}: labelMode 'binary' needs exactly 2 classes; found {names.Count} ([{string.Join(", ", names)}]). Use 'int' or 'categorical'.", nameof(labelMode));

        var writer = output ?? Console.Out;
        writer.WriteLine(!labelled ? $"Found {files.Count} files." : $"Found {files.Count} files belonging to {names.Count} classes.");
        if (shuffle)
        {
            // One seeded permutation of files and labels together, as Keras shuffles both with the same seed.
            var order = SampleSeeds.Order(files.Count, true, seed.Value, SampleSeeds.OrderIndex);
            files = order.Select(i => files[i]).ToList();
            if (fileLabels.Count > 0) fileLabels = order.Select(i => fileLabels[i]).ToList();
        }
        return new FileIndex(files, fileLabels, names);
    }

    private static ImageDirectoryData Make(FileIndex index, string? subset, string? labelMode, string colorMode, int batchSize, (int Height, int Width)? imageSize,
        bool shuffle, long? seed, double? validationSplit, string interpolation, bool cropToAspectRatio, bool skipCorrupt, int? numWorkers, TextWriter? output)
    {
        var (height, width) = imageSize ?? (256, 256);
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "ImageDatasetFromDirectory: imageSize must be at least (1, 1).");
        var files = index.Files;
        var fileLabels = index.Labels;
        if (validationSplit is { } split)
        {
            var validation = (int)(split * files.Count);
            var writer = output ?? Console.Out;
            if (subset == "training")
            {
                files = files.Take(files.Count - validation).ToList();
                fileLabels = fileLabels.Take(files.Count).ToList();
                writer.WriteLine($"Using {files.Count} files for training.");
            }
            else
            {
                files = files.Skip(files.Count - validation).ToList();
                fileLabels = fileLabels.Count == 0 ? fileLabels : fileLabels.Skip(fileLabels.Count - validation).ToList();
                writer.WriteLine($"Using {files.Count} files for validation.");
            }
            if (files.Count == 0)
                throw new ArgumentException($"ImageDatasetFromDirectory: validationSplit {split} leaves the {subset} subset empty ({index.Files.Count} files in all).", nameof(validationSplit));
        }
        var labelTensor = labelMode is null || index.ClassNames.Count == 0 ? null : Labels(fileLabels, labelMode, index.ClassNames.Count);
        var mode = colorMode switch { "grayscale" => ImageReadMode.Gray, "rgba" => ImageReadMode.RgbAlpha, _ => ImageReadMode.Rgb };
        var fused = new FusedImageTransform(new Resize(height, width, interpolation), scale: 1.0, cropToAspectRatio: cropToAspectRatio);
        var dataset = new ImageFileDataset(files, labelTensor, mode, fused: fused, channelsLast: Config.ImageDataFormat == ImageDataFormat.ChannelsLast,
            skipCorrupt: skipCorrupt, warnings: output ?? Console.Error);
        var loader = new DataLoader(dataset, batchSize, shuffle, seed, numWorkers: numWorkers ?? Math.Min(4, Environment.ProcessorCount));
        return new ImageDirectoryData(dataset, loader, index.ClassNames, fileLabels);
    }

    private static Tensor Labels(List<long> labels, string labelMode, int classes)
    {
        var values = labels.ToArray();
        if (labelMode == "int") return torch.tensor(values, new long[] { values.Length }).DetachFromDisposeScope();
        if (labelMode == "binary") return torch.tensor(values.Select(v => (float)v).ToArray(), new long[] { values.Length, 1 }).DetachFromDisposeScope();
        var onehot = new float[values.Length * classes];
        for (var i = 0; i < values.Length; i++) onehot[i * classes + values[i]] = 1;
        return torch.tensor(onehot, new long[] { values.Length, classes }).DetachFromDisposeScope();
    }
}
