namespace KerasNet.Datasets;

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
