namespace KerasNet.Layers;

/// <summary>Reads a lookup layer's vocabulary file: one token per line (UTF-8), trailing empty lines ignored, as Keras.</summary>
internal static class VocabularyFile
{
    internal static T[] ReadLines<T>(string path, string layer, Func<string, T> parse)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{layer}: the vocabulary file '{path}' does not exist; give an existing text file with one token per line.", path);
        var lines = File.ReadAllLines(path, System.Text.Encoding.UTF8).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var result = new T[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            try { result[i] = parse(lines[i]); }
            catch (FormatException e)
            {
                throw new ArgumentException($"{layer}: line {i + 1} of the vocabulary file '{path}' is \"{lines[i]}\", which is not a valid token: {e.Message}", nameof(path), e);
            }
            catch (OverflowException e)
            {
                throw new ArgumentException($"{layer}: line {i + 1} of the vocabulary file '{path}' is \"{lines[i]}\", out of the int64 range.", nameof(path), e);
            }
        }
        return result;
    }
}
