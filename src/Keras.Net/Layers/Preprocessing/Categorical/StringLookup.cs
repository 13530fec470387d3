using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>StringLookup</c>: maps strings to contiguous indices of a vocabulary that is given or learned with
/// <c>Adapt</c>, or (<c>invert: true</c>) indices back to strings. The vocabulary is [mask token (when
/// <c>maskToken</c> is set, in "int" mode)] + [<c>oovToken</c> × <c>numOovIndices</c>] + the tokens; <c>"int"</c>
/// output is each string's index, and <c>"one_hot"</c>, <c>"multi_hot"</c>, <c>"count"</c> and <c>"tf_idf"</c>
/// encode the indices as float32 vectors (the last axis is one sample; the mask token counts nowhere).
/// </summary>
/// <remarks>
/// <para>libtorch has no string tensors, so, as <see cref="TextVectorization"/>, this class is not a <see cref="Layer"/>:
/// it runs in front of the model, in the data pipeline, and gives the model int64 or float32 tensors.
/// <see cref="Call(IReadOnlyList{string})"/> takes a batch of strings (rank 1), <see cref="Call(IReadOnlyList{IReadOnlyList{string}})"/>
/// a batch of equally long rows (rank 2); <see cref="InvertIndices"/> maps an index tensor back to strings.</para>
/// <para>Out-of-vocabulary strings go to the single OOV index, or with several to FarmHash64(UTF-8 bytes) mod
/// numOovIndices (TensorFlow's <c>to_hash_bucket_fast</c>, as Keras); with none they raise an
/// <see cref="ArgumentException"/>. Keras's <c>sparse</c>, <c>encoding</c> other than UTF-8 and <c>salt</c> are not
/// supported. <see cref="GetConfig"/> holds the whole vocabulary, so a saved lookup needs no vocabulary file.</para>
/// </remarks>
public sealed class StringLookup : IKerasSerializable
{
    private readonly IndexLookup<string> table;

    /// <summary>Creates the lookup.</summary>
    /// <param name="maxTokens">The largest vocabulary, special tokens included (null: no limit).</param>
    /// <param name="numOovIndices">How many indices out-of-vocabulary strings share (default 1; 0 makes them errors).</param>
    /// <param name="maskToken">The string that stands for "masked" (index 0 in "int" mode), or null for none.</param>
    /// <param name="oovToken">The string <c>invert</c> returns for OOV indices (default <c>"[UNK]"</c>).</param>
    /// <param name="vocabulary">A fixed vocabulary; it may start with the special tokens as <see cref="GetVocabulary"/> returns them.</param>
    /// <param name="vocabularyFile">A UTF-8 text file with one token per line, instead of <paramref name="vocabulary"/>.</param>
    /// <param name="idfWeights">In "tf_idf" mode with a fixed vocabulary, one weight per vocabulary entry.</param>
    /// <param name="invert">Map indices back to strings (outputMode "int" only).</param>
    /// <param name="outputMode"><c>"int"</c> (default), <c>"one_hot"</c>, <c>"multi_hot"</c>, <c>"count"</c> or <c>"tf_idf"</c>.</param>
    /// <param name="padToMaxTokens">In the vector modes, make the output maxTokens wide.</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="name">The name (default <c>string_lookup</c>).</param>
    public StringLookup(int? maxTokens = null, int numOovIndices = 1, string? maskToken = null, string oovToken = "[UNK]", string[]? vocabulary = null,
                        string? vocabularyFile = null, double[]? idfWeights = null, bool invert = false, string outputMode = "int",
                        bool padToMaxTokens = false, bool sparse = false, string? name = null)
    {
        Name = name ?? LayerNames.Next("string_lookup");
        ArgumentNullException.ThrowIfNull(oovToken);
        if (sparse) throw new NotSupportedException("StringLookup: sparse: true is not supported (libtorch has no sparse string pipeline); use sparse: false.");
        if (vocabulary is not null && vocabularyFile is not null)
            throw new ArgumentException("StringLookup: give vocabulary or vocabularyFile, not both.", nameof(vocabularyFile));
        table = new IndexLookup<string>($"StringLookup '{Name}'", maxTokens, numOovIndices, maskToken, maskToken is not null, oovToken, outputMode, invert,
                                        padToMaxTokens, s => (long)(FarmHash.Fingerprint64(s) % (ulong)numOovIndices), s => $"\"{s}\"",
                                        Comparer<string>.Create(TextTokenizer.CompareUtf8));
        if (vocabularyFile is not null) vocabulary = VocabularyFile.ReadLines(vocabularyFile, "StringLookup", line => line);
        if (vocabulary is not null)
        {
            if (vocabulary.Any(t => t is null)) throw new ArgumentException("StringLookup: the vocabulary holds a null entry; give strings only.", nameof(vocabulary));
            table.SetVocabulary(vocabulary, idfWeights);
        }
        else if (idfWeights is not null)
            throw new ArgumentException("StringLookup: idfWeights need a vocabulary (one weight per entry); give vocabulary too, or Adapt in \"tf_idf\" mode.", nameof(idfWeights));
    }

    /// <summary>The name.</summary>
    public string Name { get; }
    /// <summary>The largest vocabulary, or null.</summary>
    public int? MaxTokens => table.MaxTokens;
    /// <summary>How many OOV indices there are.</summary>
    public int NumOovIndices => table.NumOovIndices;
    /// <summary>The mask token, or null.</summary>
    public string? MaskToken => table.HasMask ? table.MaskToken : null;
    /// <summary>The token inverted OOV indices give.</summary>
    public string OovToken => table.OovToken;
    /// <summary>The output mode.</summary>
    public string OutputMode => table.OutputMode;
    /// <summary>Whether the lookup maps indices back to strings.</summary>
    public bool Invert => table.Invert;
    /// <summary>Whether vector outputs are maxTokens wide.</summary>
    public bool PadToMaxTokens => table.PadToMaxTokens;
    /// <summary>The idf weights of "tf_idf" mode (one per output index), or null.</summary>
    public IReadOnlyList<float>? IdfWeights => table.Idf;

    /// <summary>The vocabulary, index by index (special tokens first unless <paramref name="includeSpecialTokens"/> is false).</summary>
    public IReadOnlyList<string> GetVocabulary(bool includeSpecialTokens = true) => table.Vocabulary(includeSpecialTokens);

    /// <summary>The number of vocabulary entries, special tokens included.</summary>
    public int VocabularySize() => table.Size;

    /// <summary>Sets a fixed vocabulary (and idf weights in "tf_idf" mode), replacing the current one.</summary>
    public void SetVocabulary(IEnumerable<string> vocabulary, IEnumerable<double>? idfWeights = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        table.SetVocabulary(vocabulary.ToList(), idfWeights?.ToList());
    }

    /// <summary>
    /// Learns the vocabulary from documents (each a list of tokens): tokens by frequency, ties in descending order of
    /// their UTF-8 bytes (as Keras), cut to maxTokens; in "tf_idf" mode also each token's idf, log(1 + N / (1 + df)).
    /// </summary>
    public void Adapt(IEnumerable<IReadOnlyList<string>> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        table.Adapt(documents.Select((d, i) => d is null || d.Any(t => t is null)
            ? throw new ArgumentException($"StringLookup '{Name}': Adapt received a null document or token in document {i}.", nameof(documents)) : d));
    }

    /// <summary>Learns the vocabulary from single tokens (each its own document, as Keras adapts a rank-1 array).</summary>
    public void Adapt(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Adapt(tokens.Select(t => (IReadOnlyList<string>)new[] { t }));
    }

    /// <summary>Looks up a batch of strings (shape (batch,)): int64 indices, or float32 vectors in the vector modes.</summary>
    public Tensor Call(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Lookup(values, new long[] { values.Count });
    }

    /// <summary>Looks up a batch of equally long rows (shape (batch, length)).</summary>
    public Tensor Call(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = rows.Count == 0 ? 0 : rows[0]?.Count ?? 0;
        for (var i = 0; i < rows.Count; i++)
            if (rows[i] is null || rows[i].Count != width)
                throw new ArgumentException($"StringLookup '{Name}': every row must have {width} strings (a rectangular batch); row {i} has {rows[i]?.Count.ToString() ?? "null"}. Pad the rows first.", nameof(rows));
        return Lookup(rows.SelectMany(r => r).ToList(), new long[] { rows.Count, width });
    }

    private Tensor Lookup(IReadOnlyList<string> values, long[] shape)
    {
        if (Invert) throw new InvalidOperationException($"StringLookup '{Name}' is inverted (indices to strings): call InvertIndices(indices).");
        table.EnsureVocabulary();
        var indices = new long[values.Count];
        for (var i = 0; i < values.Count; i++)
            indices[i] = table.IndexOf(values[i] ?? throw new ArgumentException($"StringLookup '{Name}': value {i} of the batch is null.", nameof(values)));
        return table.Encode(indices, shape);
    }

    /// <summary>With <c>invert: true</c>, the strings of an integer index tensor, in row-major order (reshape with the tensor's shape).</summary>
    public IReadOnlyList<string> InvertIndices(Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (!Invert) throw new InvalidOperationException($"StringLookup '{Name}' maps strings to indices; create it with invert: true to map indices back.");
        if (indices.is_floating_point() || indices.dtype == ScalarType.Bool)
            throw new ArgumentException($"StringLookup '{Name}': InvertIndices expects an integer tensor; received {indices.dtype}.", nameof(indices));
        using var flat = indices.to(ScalarType.Int64).cpu().contiguous().flatten();
        return flat.data<long>().ToArray().Select(table.TokenAt).ToList();
    }

    /// <summary>The constructor arguments, the vocabulary (with its special tokens) and idf weights included.</summary>
    public Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["max_tokens"] = MaxTokens,
        ["num_oov_indices"] = NumOovIndices,
        ["mask_token"] = MaskToken,
        ["oov_token"] = OovToken,
        ["vocabulary"] = table.HasVocabulary ? GetVocabulary().ToArray() : null,
        ["idf_weights"] = table.HasVocabulary && table.Idf is not null ? table.Idf.Take(table.Size).Select(w => (double)w).ToArray() : null,
        ["invert"] = Invert,
        ["output_mode"] = OutputMode,
        ["pad_to_max_tokens"] = PadToMaxTokens,
        ["sparse"] = false,
    };
}
