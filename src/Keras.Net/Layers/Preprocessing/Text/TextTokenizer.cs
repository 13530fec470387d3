using System.Text;

namespace KerasNet.Layers;

/// <summary>
/// The string side of <see cref="TextVectorization"/>: standardization, splitting, n-grams and the vocabulary's
/// ordering, each with Keras's semantics.
/// </summary>
internal static class TextTokenizer
{
    /// <summary>Keras's default punctuation: the 32 ASCII punctuation characters (Python's <c>string.punctuation</c>).</summary>
    internal const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    internal static readonly string[] StandardizeNames = { "lower_and_strip_punctuation", "lower", "strip_punctuation" };
    internal static readonly string[] SplitNames = { "whitespace", "character" };

    /// <summary>Applies a built-in standardization (<paramref name="mode"/> null: none).</summary>
    internal static string Standardize(string text, string? mode) => mode switch
    {
        null => text,
        "lower" => text.ToLowerInvariant(),
        "strip_punctuation" => StripPunctuation(text),
        "lower_and_strip_punctuation" => StripPunctuation(text.ToLowerInvariant()),
        _ => throw new ArgumentException($"Unknown standardize '{mode}'.", nameof(mode)),
    };

    private static string StripPunctuation(string text)
    {
        if (text.AsSpan().IndexOfAny(Punctuation) < 0) return text;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            if (Punctuation.IndexOf(c) < 0) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Splits with a built-in splitter (<paramref name="mode"/> null: the whole text is one token).</summary>
    internal static List<string> Split(string text, string? mode)
    {
        switch (mode)
        {
            case null:
                return new List<string> { text };
            case "whitespace":
            {
                var tokens = new List<string>();
                var start = -1;
                for (var i = 0; i <= text.Length; i++)
                {
                    var space = i == text.Length || IsAsciiWhitespace(text[i]);
                    if (space && start >= 0)
                    {
                        tokens.Add(text[start..i]);
                        start = -1;
                    }
                    else if (!space && start < 0) start = i;
                }
                return tokens;
            }
            case "character":
            {
                var tokens = new List<string>(text.Length);
                foreach (var rune in text.EnumerateRunes()) tokens.Add(rune.ToString());
                return tokens;
            }
            default:
                throw new ArgumentException($"Unknown split '{mode}'.", nameof(mode));
        }
    }

    // TensorFlow's whitespace split breaks on ASCII whitespace only.
    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    /// <summary>
    /// The n-grams of <paramref name="tokens"/> for each width in turn (all 1-grams, then all 2-grams...), joined by
    /// a space, as <c>tf.strings.ngrams</c>; null widths return the tokens unchanged.
    /// </summary>
    internal static List<string> NGrams(List<string> tokens, IReadOnlyList<int>? widths)
    {
        if (widths is null) return tokens;
        var result = new List<string>();
        foreach (var width in widths)
        {
            if (width == 1)
            {
                result.AddRange(tokens);
                continue;
            }
            for (var i = 0; i + width <= tokens.Count; i++)
                result.Add(string.Join(' ', tokens.GetRange(i, width)));
        }
        return result;
    }

    /// <summary>
    /// Keras's vocabulary order: most frequent first; equal counts in descending order of the tokens' UTF-8 bytes
    /// (Keras sorts with <c>np.lexsort((tokens, counts))[::-1]</c>).
    /// </summary>
    internal static int CompareForVocabulary(KeyValuePair<string, long> a, KeyValuePair<string, long> b)
    {
        var byCount = b.Value.CompareTo(a.Value);
        return byCount != 0 ? byCount : CompareUtf8(b.Key, a.Key);
    }

    /// <summary>Compares two strings by their UTF-8 bytes (code point order).</summary>
    internal static int CompareUtf8(string a, string b)
    {
        // Code point order equals UTF-8 byte order; UTF-16 ordinal order differs only around surrogates.
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var hasA = ea.MoveNext();
            var hasB = eb.MoveNext();
            if (!hasA || !hasB) return hasA ? 1 : hasB ? -1 : 0;
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0) return c;
        }
    }
}
