
namespace KerasNet.Datasets;

/// <summary>
/// The binary version of CIFAR-10 and CIFAR-100: files of fixed-size records, each the label byte(s) followed by
/// 3,072 pixel bytes (the 1,024 red, then green, then blue values of a 32 x 32 image, rows top to bottom).
/// </summary>
internal static class CifarFormat
{
    internal const int Size = 32, Channels = 3, PixelBytes = Channels * Size * Size;

    /// <summary>One data set's record layout: label bytes and their ranges.</summary>
    /// <param name="DisplayName">The name used in messages.</param>
    /// <param name="LabelNames">What each label byte is, e.g. "coarse label".</param>
    /// <param name="LabelClasses">The number of classes of each label byte.</param>
    internal sealed record Layout(string DisplayName, string[] LabelNames, int[] LabelClasses)
    {
        internal int RecordBytes => LabelNames.Length + PixelBytes;
    }

    /// <summary>The records of several batch files, concatenated: pixels and one label array per label byte.</summary>
    internal sealed record Batches(byte[] Pixels, long[][] Labels, int Count);

    /// <summary>Reads and concatenates the records of <paramref name="paths"/>.</summary>
    internal static Batches Read(IReadOnlyList<string> paths, Layout layout)
    {
        var record = layout.RecordBytes;
        var lengths = new long[paths.Count];
        long total = 0;
        for (var f = 0; f < paths.Count; f++)
        {
            lengths[f] = CheckedLength(paths[f], layout);
            total += lengths[f] / record;
        }
        if (total * PixelBytes > Array.MaxLength)
            throw new DatasetFormatException(paths[0], $"{total} records are more than one array can hold.");
        var count = (int)total;
        var pixels = new byte[(long)count * PixelBytes];
        var labels = layout.LabelNames.Select(_ => new long[count]).ToArray();
        var index = 0;
        var buffer = new byte[record * 256];
        for (var f = 0; f < paths.Count; f++)
        {
            using var stream = new FileStream(paths[f], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var records = (int)(lengths[f] / record);
            var inFile = 0;
            while (inFile < records)
            {
                var chunk = Math.Min(256, records - inFile);
                var wanted = chunk * record;
                var got = stream.ReadAtLeast(buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
                if (got < wanted)
                    throw new DatasetFormatException(paths[f], $"the file shrank while it was being read ({(long)inFile * record + got} of {lengths[f]} bytes).");
                for (var r = 0; r < chunk; r++, inFile++, index++)
                {
                    var offset = r * record;
                    for (var l = 0; l < labels.Length; l++)
                    {
                        var label = buffer[offset + l];
                        if (label >= layout.LabelClasses[l])
                            throw new DatasetFormatException(paths[f],
                                $"record {inFile} has {layout.LabelNames[l]} {label}, outside 0..{layout.LabelClasses[l] - 1}; " +
                                $"the file is corrupt or is not a {layout.DisplayName} batch.");
                        labels[l][index] = label;
                    }
                    buffer.AsSpan(offset + labels.Length, PixelBytes).CopyTo(pixels.AsSpan(index * PixelBytes, PixelBytes));
                }
            }
        }
        return new Batches(pixels, labels, count);
    }

    private static long CheckedLength(string path, Layout layout)
    {
        FileInfo info = new(path);
        if (!info.Exists)
            throw new DatasetFormatException(path, $"the file does not exist; a {layout.DisplayName} batch file was expected here.");
        var length = info.Length;
        var record = layout.RecordBytes;
        var labelText = layout.LabelNames.Length == 1 ? "1 label byte" : $"{layout.LabelNames.Length} label bytes";
        if (length == 0)
            throw new DatasetFormatException(path, $"the file is empty; a {layout.DisplayName} batch holds {record}-byte records ({labelText} + {PixelBytes} pixel bytes).");
        if (length % record != 0)
        {
            var other = record == 3073 ? 3074 : 3073;
            var hint = length % other == 0
                ? $" Its size is a whole number of {other}-byte records: it looks like a {(other == 3074 ? "CIFAR-100" : "CIFAR-10")} file."
                : " The file is truncated or is not a CIFAR binary batch.";
            throw new DatasetFormatException(path,
                $"record size mismatch: {length} bytes is not a whole number of {record}-byte {layout.DisplayName} records " +
                $"({labelText} + {PixelBytes} pixel bytes): {length / record} records and {length % record} bytes left over.{hint}");
        }
        return length;
    }

    /// <summary>The images as a uint8 tensor, (N, 3, 32, 32) channels-first or (N, 32, 32, 3) channels-last.</summary>
    internal static Tensor Images(byte[] pixels, int count, ImageDataFormat format)
    {
        if (format == ImageDataFormat.ChannelsFirst)
            return torch.tensor(pixels, new long[] { count, Channels, Size, Size });
        var interleaved = new byte[pixels.Length];
        const int plane = Size * Size;
        for (var i = 0; i < count; i++)
        {
            var image = pixels.AsSpan(i * PixelBytes, PixelBytes);
            var output = interleaved.AsSpan(i * PixelBytes, PixelBytes);
            for (var p = 0; p < plane; p++)
            {
                output[3 * p] = image[p];
                output[3 * p + 1] = image[plane + p];
                output[3 * p + 2] = image[2 * plane + p];
            }
        }
        return torch.tensor(interleaved, new long[] { count, Size, Size, Channels });
    }

    /// <summary>
    /// Finds the batch files of a CIFAR data set in <paramref name="directory"/>: in its extracted folder
    /// <paramref name="batchFolder"/>, directly in it, or in the archive <paramref name="archiveName"/>, which is then
    /// extracted (safely) into <paramref name="extractTo"/>. Returns the batch paths (train files, then test file).
    /// </summary>
    internal static string[]? Find(string directory, string batchFolder, string[] batchFiles, string archiveName, string extractTo)
    {
        foreach (var folder in new[] { Path.Combine(directory, batchFolder), directory })
            if (batchFiles.All(f => File.Exists(Path.Combine(folder, f))))
                return batchFiles.Select(f => Path.Combine(folder, f)).ToArray();
        var archive = Path.Combine(directory, archiveName);
        if (!File.Exists(archive)) return null;
        TarExtractor.ExtractTarGz(archive, extractTo);
        var extracted = Path.Combine(extractTo, batchFolder);
        if (!batchFiles.All(f => File.Exists(Path.Combine(extracted, f))))
            throw new DatasetFormatException(archive,
                $"the archive does not hold {batchFolder}/ with {string.Join(", ", batchFiles)}; it is not the binary version of the data set " +
                "(the Python and MATLAB versions are different archives).");
        return batchFiles.Select(f => Path.Combine(extracted, f)).ToArray();
    }

    /// <summary>What an existing folder lacks, for the not-found message.</summary>
    internal static string DescribeMissing(string directory, string batchFolder, string[] batchFiles, string archiveName)
    {
        var folder = Path.Combine(directory, batchFolder);
        var inFolder = Directory.Exists(folder) ? folder : directory;
        var missing = batchFiles.Where(f => !File.Exists(Path.Combine(inFolder, f))).ToArray();
        return $"no {archiveName}; missing in {inFolder}: {string.Join(", ", missing)}";
    }

    /// <summary>The spec of a CIFAR data set published as one archive on the data set's page.</summary>
    internal static DatasetSpec Spec(string name, string displayName, string archiveName, string sha256, string batchFolder, string[] batchFiles) =>
        new(name, displayName,
            new[] { new RemoteFile(archiveName, sha256, new[] { "https://www.cs.toronto.edu/~kriz/" + archiveName }) },
            new[]
            {
                $"{archiveName} (the binary version, as published), or",
                $"{batchFolder}/{{{string.Join(",", batchFiles)}}} (the archive extracted)",
            },
            Array.Empty<string>());

    /// <summary>
    /// Finds (or downloads and extracts) a CIFAR data set's batch files and reads them: the last file is the test set,
    /// the others the training set; the labels are those of label byte <paramref name="labelIndex"/>.
    /// </summary>
    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) Load(DatasetSpec spec, string batchFolder, string[] batchFiles,
        string archiveName, Layout layout, int labelIndex, string? path, ImageDataFormat? dataFormat, DatasetSources sources)
    {
        var format = dataFormat ?? Config.ImageDataFormat;
        var extractTo = Path.GetFullPath(path ?? sources.CacheDirectory(spec.Name));
        var files = DatasetStore.Locate(spec, path, sources,
            directory => Find(directory, batchFolder, batchFiles, archiveName, extractTo),
            directory => DescribeMissing(directory, batchFolder, batchFiles, archiveName));
        return ToTensors(Read(files[..^1], layout), Read(files[^1..], layout), labelIndex, format);
    }

    /// <summary>Train and test tensors, with the labels of label byte <paramref name="labelIndex"/>.</summary>
    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) ToTensors(Batches train, Batches test,
        int labelIndex, ImageDataFormat format)
    {
        return TrainTestTensors.Create(
            () => Images(train.Pixels, train.Count, format),
            () => torch.tensor(train.Labels[labelIndex], new long[] { train.Count }),
            () => Images(test.Pixels, test.Count, format),
            () => torch.tensor(test.Labels[labelIndex], new long[] { test.Count }));
    }
}
