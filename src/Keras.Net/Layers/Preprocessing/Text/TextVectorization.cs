using System.Globalization;
using KerasNet.Data;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>TextVectorization</c>: turns strings into token indices (<c>"int"</c>) or into per-text vectors over
/// the vocabulary (<c>"multi_hot"</c>, <c>"count"</c>, <c>"tf_idf"</c>). Each text is standardized, split into
/// tokens, optionally combined into n-grams, and looked up in a vocabulary that is given or learned with
/// <see cref="Adapt(IEnumerable{string})"/>.
/// </summary>
/// <remarks>
/// <para>
/// libtorch has no string tensors, so a Keras.Net model cannot take strings as input and this class is not a
/// <see cref="Layer"/>: it runs in front of the model, on the CPU, in the data pipeline. <see cref="Call"/> maps a
/// batch of strings to an int64 tensor (<c>"int"</c>: shape (batch, sequence length)) or a float32 tensor (the other
/// modes: shape (batch, vocabulary size)), and that tensor is what the model takes:
/// </para>
/// <code>
/// var vectorizer = new TextVectorization(maxTokens: 20000, outputSequenceLength: 200);
/// vectorizer.Adapt(train.Texts);                                 // learn the vocabulary from the training texts
/// var model = new Sequential(new Layer[] { Keras.Input(200), new Embedding(20000, 64), ... });
/// model.Compile(...).Fit(vectorizer.Vectorize(train), epochs: 5); // batches of (int64 indices, labels)
/// var predictions = model.Predict(vectorizer.Call(new[] { "a new text" }));
/// </code>
/// <para>
/// Index 0 of the <c>"int"</c> vocabulary is the padding token <c>""</c> and index 1 the out-of-vocabulary token
/// <c>"[UNK]"</c>; in the other modes index 0 is <c>"[UNK]"</c>. Save the vectorizer with the model (its
/// <see cref="GetConfig"/> holds the vocabulary) so that the model sees the same indices at inference.
/// </para>
/// </remarks>
public sealed class TextVectorization : IKerasSerializable
{
    /// <summary>The padding token, index 0 in <c>"int"</c> mode.</summary>
    public const string PaddingToken = "";

    /// <summary>The out-of-vocabulary token: index 1 in <c>"int"</c> mode, index 0 in the other modes.</summary>
    public const string OovToken = "[UNK]";

    private static readonly string[] OutputModes = { "int", "multi_hot", "count", "tf_idf" };

    private readonly Func<string, string>? customStandardize;
    private readonly Func<string, IEnumerable<string>>? customSplit;
    private readonly int[]? widths;
    private List<string> tokens = new();
    private Dictionary<string, int> lookup = new(StringComparer.Ordinal);
    private float[]? idf;
    private bool hasVocabulary;

    /// <summary>Creates the vectorizer.</summary>
    /// <param name="maxTokens">The largest vocabulary, special tokens included (null: no limit). <see cref="Adapt(IEnumerable{string})"/> keeps the most frequent tokens.</param>
    /// <param name="standardize"><c>"lower_and_strip_punctuation"</c> (default: lower-case, then remove the 32 ASCII punctuation characters), <c>"lower"</c>, <c>"strip_punctuation"</c>, or null for none.</param>
    /// <param name="split"><c>"whitespace"</c> (default: runs of ASCII whitespace), <c>"character"</c> (one token per Unicode code point), or null (each text is one token).</param>
    /// <param name="ngrams">Keras's integer <c>ngrams</c>: also create every n-gram up to this width (2: tokens and bigrams).</param>
    /// <param name="ngramWidths">Keras's tuple <c>ngrams</c>: create exactly these n-gram widths (e.g. [2, 3]).</param>
    /// <param name="outputMode"><c>"int"</c> (default), <c>"multi_hot"</c>, <c>"count"</c> or <c>"tf_idf"</c>.</param>
    /// <param name="outputSequenceLength">In <c>"int"</c> mode, pad (with 0, at the end) or truncate (keeping the first tokens) every sequence to this length; null pads to the longest text of each batch.</param>
    /// <param name="padToMaxTokens">In the vector modes, make the output <paramref name="maxTokens"/> wide even when the vocabulary is smaller.</param>
    /// <param name="vocabulary">A fixed vocabulary (most frequent first); it may start with the special tokens as <see cref="GetVocabulary"/> returns them.</param>
    /// <param name="idfWeights">With a fixed vocabulary in <c>"tf_idf"</c> mode: one inverse document frequency per vocabulary entry.</param>
    /// <param name="name">The name (default <c>text_vectorization</c>).</param>
    /// <param name="customStandardize">A function used instead of <paramref name="standardize"/> (not saved by <see cref="GetConfig"/>).</param>
    /// <param name="customSplit">A function used instead of <paramref name="split"/> (not saved by <see cref="GetConfig"/>).</param>
    public TextVectorization(int? maxTokens = null, string? standardize = "lower_and_strip_punctuation", string? split = "whitespace",
        int? ngrams = null, int[]? ngramWidths = null, string outputMode = "int", int? outputSequenceLength = null,
        bool padToMaxTokens = false, string[]? vocabulary = null, double[]? idfWeights = null, string? name = null,
        Func<string, string>? customStandardize = null, Func<string, IEnumerable<string>>? customSplit = null)
    {
        Name = name ?? LayerNames.Next("text_vectorization");
        if (standardize is not null && !TextTokenizer.StandardizeNames.Contains(standardize))
            throw Invalid(nameof(standardize), $"'{standardize}'", $"one of {Quote(TextTokenizer.StandardizeNames)}, null for none, or a function passed as customStandardize");
        if (split is not null && !TextTokenizer.SplitNames.Contains(split))
            throw Invalid(nameof(split), $"'{split}'", $"one of {Quote(TextTokenizer.SplitNames)}, null for none, or a function passed as customSplit");
        if (!OutputModes.Contains(outputMode))
            throw Invalid(nameof(outputMode), $"'{outputMode}'", $"one of {Quote(OutputModes)}");
        if (maxTokens is { } m && m <= SpecialTokenCount(outputMode))
            throw Invalid(nameof(maxTokens), m.ToString(CultureInfo.InvariantCulture),
                $"more than {SpecialTokenCount(outputMode)} (the special tokens of output mode '{outputMode}' count towards it)");
        if (ngrams is not null && ngramWidths is not null)
            throw Invalid(nameof(ngramWidths), "both ngrams and ngramWidths", "one of them: ngrams: n for every width up to n, ngramWidths for exactly the widths given");
        if (ngrams is < 1)
            throw Invalid(nameof(ngrams), ngrams.Value.ToString(CultureInfo.InvariantCulture), "a positive width (or null for no n-grams)");
        if (ngramWidths is not null && (ngramWidths.Length == 0 || ngramWidths.Any(w => w < 1)))
            throw Invalid(nameof(ngramWidths), $"[{string.Join(", ", ngramWidths)}]", "one or more positive widths");
        if (outputSequenceLength is not null && outputMode != "int")
            throw Invalid(nameof(outputSequenceLength), outputSequenceLength.Value.ToString(CultureInfo.InvariantCulture),
                $"null when outputMode is '{outputMode}' (it applies to \"int\" output only)");
        if (outputSequenceLength is < 1)
            throw Invalid(nameof(outputSequenceLength), outputSequenceLength.Value.ToString(CultureInfo.InvariantCulture), "a positive length or null");
        if (padToMaxTokens && maxTokens is null)
            throw Invalid(nameof(padToMaxTokens), "true with maxTokens null", "maxTokens to be set, since the output is padded to maxTokens");
        if (idfWeights is not null && outputMode != "tf_idf")
            throw Invalid(nameof(idfWeights), $"{idfWeights.Length} weights", $"null when outputMode is '{outputMode}' (idf weights apply to \"tf_idf\" only)");
        if (idfWeights is not null && vocabulary is null)
            throw Invalid(nameof(idfWeights), $"{idfWeights.Length} weights without a vocabulary", "a vocabulary with one weight per entry");

        MaxTokens = maxTokens;
        Standardize = standardize;
        Split = split;
        NGrams = ngrams;
        NGramWidths = ngramWidths?.ToArray();
        widths = ngrams is { } n ? Enumerable.Range(1, n).ToArray() : ngramWidths?.ToArray();
        OutputMode = outputMode;
        OutputSequenceLength = outputSequenceLength;
        PadToMaxTokens = padToMaxTokens;
        this.customStandardize = customStandardize;
        this.customSplit = customSplit;
        if (vocabulary is not null) SetVocabulary(vocabulary, idfWeights);
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The largest vocabulary size, special tokens included, or null.</summary>
    public int? MaxTokens { get; }

    /// <summary>The built-in standardization, or null (none, or a custom function).</summary>
    public string? Standardize { get; }

    /// <summary>The built-in splitter, or null (none, or a custom function).</summary>
    public string? Split { get; }

    /// <summary>Keras's integer <c>ngrams</c>, or null.</summary>
    public int? NGrams { get; }

    /// <summary>Keras's tuple <c>ngrams</c>, or null.</summary>
    public IReadOnlyList<int>? NGramWidths { get; }

    /// <summary>The output mode: <c>"int"</c>, <c>"multi_hot"</c>, <c>"count"</c> or <c>"tf_idf"</c>.</summary>
    public string OutputMode { get; }

    /// <summary>The fixed sequence length of <c>"int"</c> output, or null.</summary>
    public int? OutputSequenceLength { get; }

    /// <summary>Whether vector outputs are <see cref="MaxTokens"/> wide.</summary>
    public bool PadToMaxTokens { get; }

    /// <summary>The inverse document frequency of each vocabulary index in <c>"tf_idf"</c> mode (index 0, the OOV token, gets their mean); null otherwise.</summary>
    public IReadOnlyList<float>? IdfWeights => idf;

    private int Specials => SpecialTokenCount(OutputMode);

    private static int SpecialTokenCount(string outputMode) => outputMode == "int" ? 2 : 1;

    /// <summary>The tokens of one text: standardized, split and combined into n-grams, before the vocabulary lookup.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var standardized = customStandardize is not null ? customStandardize(text) ?? throw CustomReturnedNull("customStandardize")
            : TextTokenizer.Standardize(text, Standardize);
        var split = customSplit is not null
            ? (customSplit(standardized) ?? throw CustomReturnedNull("customSplit")).ToList()
            : TextTokenizer.Split(standardized, Split);
        return TextTokenizer.NGrams(split, widths);
    }

    /// <summary>
    /// Learns the vocabulary from <paramref name="texts"/>, replacing any previous one: tokens ordered by
    /// frequency, ties in descending order of their UTF-8 bytes (as Keras), cut to <see cref="MaxTokens"/>. In
    /// <c>"tf_idf"</c> mode, also learns each token's inverse document frequency, log(1 + N / (1 + df)).
    /// </summary>
    public void Adapt(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var documentCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        long documents = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (text is null) throw new ArgumentException($"TextVectorization '{Name}': Adapt received a null text at position {documents}.", nameof(texts));
            documents++;
            seen.Clear();
            foreach (var token in Tokenize(text))
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
                if (seen.Add(token)) documentCounts[token] = documentCounts.GetValueOrDefault(token) + 1;
            }
        }
        counts.Remove(OovToken);
        if (OutputMode == "int") counts.Remove(PaddingToken);
        var ordered = counts.ToList();
        ordered.Sort(TextTokenizer.CompareForVocabulary);
        if (MaxTokens is { } max && ordered.Count > max - Specials) ordered.RemoveRange(max - Specials, ordered.Count - (max - Specials));
        SetTokens(ordered.Select(p => p.Key).ToList());
        if (OutputMode == "tf_idf")
        {
            var learned = ordered.Select(p => (float)Math.Log(1 + (double)documents / (1 + documentCounts[p.Key]))).ToArray();
            var mean = learned.Length == 0 ? 0f : (float)learned.Average(w => (double)w);
            idf = PadIdf(learned, front: Specials, frontValue: mean, backValue: mean);
        }
    }

    /// <summary>Sets a fixed vocabulary (and, in <c>"tf_idf"</c> mode, its idf weights), as Keras's <c>set_vocabulary</c>.</summary>
    public void SetVocabulary(IEnumerable<string> vocabulary, IEnumerable<double>? idfWeights = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var given = vocabulary.ToList();
        if (given.Any(t => t is null)) throw Invalid(nameof(vocabulary), "a null entry", "strings only");
        var special = OutputMode == "int" ? new[] { PaddingToken, OovToken } : new[] { OovToken };
        var hasSpecials = given.Count >= special.Length && given.Take(special.Length).SequenceEqual(special);
        var learned = hasSpecials ? given.Skip(special.Length).ToList() : given;
        var repeated = learned.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            throw Invalid(nameof(vocabulary), $"repeated entries {Quote(repeated)}", "each token once");
        foreach (var token in special)
            if (learned.Contains(token))
                throw Invalid(nameof(vocabulary), $"the reserved token '{token}' at position {learned.IndexOf(token) + (hasSpecials ? special.Length : 0)}",
                    $"the special tokens only at the start, in the order {Quote(special)}, or not at all");
        if (MaxTokens is { } max && learned.Count + Specials > max)
            throw Invalid(nameof(vocabulary), $"{learned.Count + Specials} entries (special tokens included)", $"at most maxTokens = {max}");
        if (OutputMode == "tf_idf")
        {
            var weights = idfWeights?.ToArray() ?? throw Invalid("idfWeights", "null", "one idf weight per vocabulary entry when outputMode is \"tf_idf\"");
            if (weights.Length != given.Count)
                throw Invalid("idfWeights", $"{weights.Length} weights for {given.Count} vocabulary entries", "one weight per vocabulary entry");
            var asFloat = weights.Select(w => (float)w).ToArray();
            idf = hasSpecials ? PadIdf(asFloat, 0, 0, 0) : PadIdf(asFloat, Specials, weights.Length == 0 ? 0f : (float)weights.Average(), 0);
        }
        else if (idfWeights is not null)
            throw Invalid("idfWeights", "weights", $"null when outputMode is '{OutputMode}' (idf weights apply to \"tf_idf\" only)");
        SetTokens(learned);
    }

    private float[] PadIdf(float[] weights, int front, float frontValue, float backValue)
    {
        var width = PadToMaxTokens && MaxTokens is { } max ? Math.Max(max, front + weights.Length) : front + weights.Length;
        var result = new float[width];
        Array.Fill(result, frontValue, 0, front);
        weights.CopyTo(result, front);
        Array.Fill(result, backValue, front + weights.Length, width - front - weights.Length);
        return result;
    }

    private void SetTokens(List<string> learned)
    {
        tokens = learned;
        lookup = new Dictionary<string, int>(learned.Count, StringComparer.Ordinal);
        for (var i = 0; i < learned.Count; i++) lookup[learned[i]] = i + Specials;
        hasVocabulary = true;
    }

    /// <summary>The vocabulary, index by index: special tokens first (<c>""</c>, <c>"[UNK]"</c> in <c>"int"</c> mode; <c>"[UNK]"</c> otherwise) unless <paramref name="includeSpecialTokens"/> is false.</summary>
    public IReadOnlyList<string> GetVocabulary(bool includeSpecialTokens = true)
    {
        var special = OutputMode == "int" ? new[] { PaddingToken, OovToken } : new[] { OovToken };
        return includeSpecialTokens ? special.Concat(tokens).ToList() : tokens.ToList();
    }

    /// <summary>The number of vocabulary entries, special tokens included.</summary>
    public int VocabularySize() => tokens.Count + Specials;

    /// <summary>The index of <paramref name="token"/> (already standardized), or the OOV index.</summary>
    public long TokenToIndex(string token) => lookup.TryGetValue(token, out var i) ? i : OutputMode == "int" ? 1 : 0;

    /// <summary>
    /// Vectorizes a batch of texts: int64 (batch, length) token indices in <c>"int"</c> mode, float32
    /// (batch, vocabulary size) in the other modes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No vocabulary was given or learned.</exception>
    public Tensor Call(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!hasVocabulary)
            throw new InvalidOperationException(
                $"TextVectorization '{Name}' has no vocabulary yet. Call Adapt(trainingTexts) or pass vocabulary: to the constructor first.");
        var tokenized = new List<IReadOnlyList<string>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
            tokenized.Add(Tokenize(texts[i] ?? throw new ArgumentException($"TextVectorization '{Name}': text {i} of the batch is null.", nameof(texts))));
        return OutputMode == "int" ? Indices(tokenized) : Vectors(tokenized);
    }

    private Tensor Indices(List<IReadOnlyList<string>> tokenized)
    {
        var length = OutputSequenceLength ?? (tokenized.Count == 0 ? 0 : tokenized.Max(t => t.Count));
        var values = new long[tokenized.Count * (long)length];
        for (var row = 0; row < tokenized.Count; row++)
        {
            var sequence = tokenized[row];
            for (var j = 0; j < Math.Min(length, sequence.Count); j++) values[row * (long)length + j] = TokenToIndex(sequence[j]);
        }
        return torch.tensor(values, new long[] { tokenized.Count, length });
    }

    private Tensor Vectors(List<IReadOnlyList<string>> tokenized)
    {
        var width = PadToMaxTokens && MaxTokens is { } max ? max : VocabularySize();
        var values = new float[tokenized.Count * (long)width];
        for (var row = 0; row < tokenized.Count; row++)
        {
            var offset = row * (long)width;
            foreach (var token in tokenized[row])
            {
                var index = TokenToIndex(token);
                values[offset + index] = OutputMode == "multi_hot" ? 1f : values[offset + index] + 1f;
            }
            if (OutputMode == "tf_idf")
                for (var j = 0; j < width; j++) values[offset + j] *= idf![j];
        }
        return torch.tensor(values, new long[] { tokenized.Count, width });
    }

    /// <summary>
    /// Maps a text dataset to tensor batches for <c>Model.Fit</c>/<c>Evaluate</c>/<c>Predict</c>: each batch's texts
    /// go through <see cref="Call"/>, its labels come as the dataset's label mode says.
    /// </summary>
    public IDataSource Vectorize(TextDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Map(Call);
    }

    /// <summary>
    /// The constructor arguments, vocabulary (with its special tokens) and idf weights included, so that
    /// <c>KerasRegistry.FromConfig&lt;TextVectorization&gt;("TextVectorization", config)</c> rebuilds an equal vectorizer.
    /// </summary>
    /// <exception cref="KerasSerializationException">A custom standardize or split function was given: functions cannot be saved.</exception>
    public Dictionary<string, object?> GetConfig()
    {
        if (customStandardize is not null || customSplit is not null)
            throw new KerasSerializationException(
                $"TextVectorization '{Name}' uses a custom {(customStandardize is not null ? "standardize" : "split")} function, which a config cannot hold. " +
                "Recreate it in code with the same function and SetVocabulary(GetVocabulary()) instead.");
        return new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["max_tokens"] = MaxTokens,
            ["standardize"] = Standardize,
            ["split"] = Split,
            ["ngrams"] = NGrams,
            ["ngram_widths"] = NGramWidths?.ToArray(),
            ["output_mode"] = OutputMode,
            ["output_sequence_length"] = OutputSequenceLength,
            ["pad_to_max_tokens"] = PadToMaxTokens,
            ["vocabulary"] = hasVocabulary ? GetVocabulary().ToArray() : null,
            ["idf_weights"] = hasVocabulary && idf is not null ? idf.Take(VocabularySize()).Select(w => (double)w).ToArray() : null,
        };
    }

    private ArgumentException Invalid(string argument, string received, string expected) =>
        new($"TextVectorization '{Name}': {argument} received {received}; expected {expected}.", argument);

    private InvalidOperationException CustomReturnedNull(string argument) =>
        new($"TextVectorization '{Name}': the {argument} function returned null; it must return a string (standardize) or a sequence of tokens (split).");

    private static string Quote(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "]";
}
