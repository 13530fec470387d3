
namespace KerasNet.Datasets;

/// <summary>
/// The four-file IDX layout shared by MNIST and Fashion-MNIST: train/t10k images (N, 28, 28) and labels (N),
/// each gzip-compressed (<c>.gz</c>) or raw.
/// </summary>
internal static class MnistFormat
{
    internal const int Rows = 28, Columns = 28, Classes = 10;

    internal static readonly string[] FileNames =
    {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    };

    /// <summary>The file list shown in messages: the four .gz names, noting that raw files are accepted too.</summary>
    internal static IReadOnlyList<string> ExpectedFiles =>
        FileNames.Select(n => $"{n} (or {n[..^3]}, uncompressed)").ToArray();

    /// <summary>Builds the spec of an MNIST-style data set whose files are fetched from <paramref name="mirrors"/>.</summary>
    internal static DatasetSpec Spec(string name, string displayName, IReadOnlyList<string> mirrors, IReadOnlyList<string> sha256,
        IReadOnlyList<string> systemDirectories, string? hint = null) =>
        new(name, displayName,
            FileNames.Select((file, i) => new RemoteFile(file, sha256[i], mirrors.Select(m => m + file).ToArray())).ToArray(),
            ExpectedFiles, systemDirectories, hint);

    /// <summary>Finds (or downloads) and reads the data set.</summary>
    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) Load(DatasetSpec spec, string? path, DatasetSources sources)
    {
        var files = DatasetStore.Locate(spec, path, sources, FindFiles, DescribeMissing);
        return Read(files, spec.DisplayName);
    }

    /// <summary>Reads the four files (train images, train labels, test images, test labels) into tensors.</summary>
    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) Read(IReadOnlyList<string> files, string displayName)
    {
        var (trainImages, trainLabels) = ReadPair(files[0], files[1], displayName);
        var (testImages, testLabels) = ReadPair(files[2], files[3], displayName);
        return TrainTestTensors.Create(
            () => torch.tensor(trainImages.Data, new long[] { trainImages.Dims[0], Rows, Columns }),
            () => torch.tensor(trainLabels, new long[] { trainLabels.Length }),
            () => torch.tensor(testImages.Data, new long[] { testImages.Dims[0], Rows, Columns }),
            () => torch.tensor(testLabels, new long[] { testLabels.Length }));
    }

    private static (IdxReader.IdxArray images, long[] labels) ReadPair(string imagesPath, string labelsPath, string displayName)
    {
        var images = IdxReader.Read(imagesPath, expectedRank: 3);
        if (images.Dims[1] != Rows || images.Dims[2] != Columns)
            throw new DatasetFormatException(imagesPath,
                $"{displayName} images must be {Rows} x {Columns}; the IDX header declares {images.Dims[0]} images of {images.Dims[1]} x {images.Dims[2]}.");
        var labelBytes = IdxReader.Read(labelsPath, expectedRank: 1);
        if (labelBytes.Dims[0] != images.Dims[0])
            throw new DatasetFormatException(labelsPath,
                $"holds {labelBytes.Dims[0]} labels but {Path.GetFileName(imagesPath)} holds {images.Dims[0]} images; each image needs one label. " +
                "The two files belong to different data sets or splits.");
        var labels = new long[labelBytes.Data.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labelBytes.Data[i];
            if (label >= Classes)
                throw new DatasetFormatException(labelsPath, $"label {label} at index {i} is outside 0..{Classes - 1}; the file is corrupt.");
            labels[i] = label;
        }
        return (images, labels);
    }

    /// <summary>The four files' paths in <paramref name="directory"/> (each .gz or raw), or null if one is missing.</summary>
    internal static string[]? FindFiles(string directory)
    {
        var found = new string[FileNames.Length];
        for (var i = 0; i < FileNames.Length; i++)
        {
            var path = FindOne(directory, FileNames[i]);
            if (path is null) return null;
            found[i] = path;
        }
        return found;
    }

    private static string? FindOne(string directory, string gzName)
    {
        var gz = Path.Combine(directory, gzName);
        if (File.Exists(gz)) return gz;
        var raw = Path.Combine(directory, gzName[..^3]);
        return File.Exists(raw) ? raw : null;
    }

    private static string DescribeMissing(string directory) =>
        "missing: " + string.Join(", ", FileNames.Where(n => FindOne(directory, n) is null));
}
