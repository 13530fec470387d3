using System.Text.Json;

namespace KerasNet.Datasets;

/// <summary>Reads a Keras word index (<c>imdb_word_index.json</c>, <c>reuters_word_index.json</c>): a JSON object of word → rank.</summary>
internal static class WordIndexFile
{
    /// <summary>The word → rank map in <paramref name="file"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a JSON object of word → integer.</exception>
    internal static Dictionary<string, int> Read(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                   ?? throw new DatasetFormatException(file, "holds null instead of a {word: index} object.");
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(file, $"is not a JSON object of word → integer index: {e.Message}", e);
        }
    }
}
