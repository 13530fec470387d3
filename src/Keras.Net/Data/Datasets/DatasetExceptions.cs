namespace KerasNet.Datasets;

/// <summary>
/// The files of a built-in data set are in none of the folders searched and could not be downloaded (offline,
/// no network, or the download failed verification). The message lists the exact file names expected and every
/// folder they may be put in.
/// </summary>
public sealed class DatasetNotFoundException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DatasetNotFoundException(string message, string dataset, IReadOnlyList<string> expectedFiles,
        IReadOnlyList<string> searchedDirectories, Exception? inner = null) : base(message, inner)
    {
        Dataset = dataset;
        ExpectedFiles = expectedFiles;
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>The data set's name, e.g. <c>mnist</c>.</summary>
    public string Dataset { get; }

    /// <summary>The file names that were looked for.</summary>
    public IReadOnlyList<string> ExpectedFiles { get; }

    /// <summary>The folders that were searched, in order; any of them may hold the files.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }
}

/// <summary>
/// A data set file (IDX, CIFAR binary batch, tar archive) that is truncated, corrupt, of another format, or
/// whose content does not match its published checksum. The message names the file and says what was found
/// and what was expected.
/// </summary>
public sealed class DatasetFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DatasetFormatException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner) => FilePath = filePath;

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }
}
