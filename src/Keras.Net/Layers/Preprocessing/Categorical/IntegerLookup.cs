namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>IntegerLookup</c>: maps integer features (int64 tensors) to contiguous indices of a vocabulary that is
/// given or learned with <see cref="Adapt"/>, or (<c>invert: true</c>) indices back to the integers. The vocabulary is
/// [mask token (when <c>maskToken</c> is set, in "int" mode)] + [<c>oovToken</c> × <c>numOovIndices</c>] + the tokens,
/// and <c>"int"</c> output is each input's index there; <c>"one_hot"</c>, <c>"multi_hot"</c>, <c>"count"</c> and
/// <c>"tf_idf"</c> encode the indices as float32 vectors (the last axis is one sample, as
/// <see cref="CategoryEncoding"/>; the mask token counts nowhere).
/// </summary>
/// <remarks>
/// <para>Out-of-vocabulary values go to index <c>numOovIndices == 1</c>: the single OOV index; with several, to
/// <c>value mod numOovIndices</c> (<c>oovMethod: "floormod"</c>, Keras's default) or to FarmHash64 of the decimal text
/// of the value mod numOovIndices (<c>"farmhash"</c>); with none, an unknown value raises an
/// <see cref="ArgumentException"/>. The lookup runs on the host (a dictionary), so inputs are copied to the CPU.</para>
/// <para>Keras's <c>sparse</c> and <c>salt</c> are not supported (refused); a vocabulary file has one integer per line.
/// <see cref="GetConfig"/> holds the whole vocabulary (and idf weights), so a saved layer needs no file.</para>
/// </remarks>
public sealed class IntegerLookup : Layer
{
    private readonly IndexLookup<long> table;

    /// <summary>Creates the layer.</summary>
    /// <param name="maxTokens">The largest vocabulary, special tokens included (null: no limit).</param>
    /// <param name="numOovIndices">How many indices out-of-vocabulary values share (default 1; 0 makes them errors).</param>
    /// <param name="maskToken">The value that stands for "masked" (index 0 in "int" mode), or null for none.</param>
    /// <param name="oovToken">The value <c>invert</c> returns for OOV indices (default -1).</param>
    /// <param name="vocabulary">A fixed vocabulary; it may start with the special tokens as <see cref="GetVocabulary"/> returns them.</param>
    /// <param name="vocabularyFile">A text file with one integer per line, instead of <paramref name="vocabulary"/>.</param>
    /// <param name="idfWeights">In "tf_idf" mode with a fixed vocabulary, one weight per vocabulary entry.</param>
    /// <param name="invert">Map indices back to values (outputMode "int" only).</param>
    /// <param name="outputMode"><c>"int"</c> (default), <c>"one_hot"</c>, <c>"multi_hot"</c>, <c>"count"</c> or <c>"tf_idf"</c>.</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="padToMaxTokens">In the vector modes, make the output maxTokens wide.</param>
    /// <param name="oovMethod"><c>"floormod"</c> (default) or <c>"farmhash"</c>: how several OOV indices are chosen.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract; the layer has no weights.</param>
    public IntegerLookup(int? maxTokens = null, int numOovIndices = 1, long? maskToken = null, long oovToken = -1, long[]? vocabulary = null,
                         string? vocabularyFile = null, double[]? idfWeights = null, bool invert = false, string outputMode = "int",
                         bool sparse = false, bool padToMaxTokens = false, string oovMethod = "floormod", string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (sparse) throw new NotSupportedException("IntegerLookup: sparse: true is not supported (libtorch sparse tensors do not flow through Keras.Net layers); use sparse: false.");
        if (oovMethod is not ("floormod" or "farmhash"))
            throw new ArgumentException($"IntegerLookup: oovMethod received \"{oovMethod}\"; expected \"floormod\" or \"farmhash\".", nameof(oovMethod));
        if (vocabulary is not null && vocabularyFile is not null)
            throw new ArgumentException("IntegerLookup: give vocabulary or vocabularyFile, not both.", nameof(vocabularyFile));
        OovMethod = oovMethod;
        Func<long, long> bucket = oovMethod == "floormod"
            ? v => ((v % numOovIndices) + numOovIndices) % numOovIndices
            : v => (long)(FarmHash.Fingerprint64(IndexLookup<long>.Number(v)) % (ulong)numOovIndices);
        table = new IndexLookup<long>($"IntegerLookup '{Name}'", maxTokens, numOovIndices, maskToken ?? 0, maskToken is not null, oovToken, outputMode,
                                      invert, padToMaxTokens, bucket, IndexLookup<long>.Number, Comparer<long>.Default);
        if (vocabularyFile is not null) vocabulary = VocabularyFile.ReadLines(vocabularyFile, "IntegerLookup", line => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        if (vocabulary is not null) table.SetVocabulary(vocabulary, idfWeights);
        else if (idfWeights is not null)
            throw new ArgumentException("IntegerLookup: idfWeights need a vocabulary (one weight per entry); give vocabulary too, or Adapt in \"tf_idf\" mode.", nameof(idfWeights));
    }

    /// <summary>The largest vocabulary, or null.</summary>
    public int? MaxTokens => table.MaxTokens;
    /// <summary>How many OOV indices there are.</summary>
    public int NumOovIndices => table.NumOovIndices;
    /// <summary>The mask value, or null.</summary>
    public long? MaskToken => table.HasMask ? table.MaskToken : null;
    /// <summary>The value inverted OOV indices give.</summary>
    public long OovToken => table.OovToken;
    /// <summary>The output mode.</summary>
    public string OutputMode => table.OutputMode;
    /// <summary>Whether the layer maps indices back to values.</summary>
    public bool Invert => table.Invert;
    /// <summary>Whether vector outputs are maxTokens wide.</summary>
    public bool PadToMaxTokens => table.PadToMaxTokens;
    /// <summary><c>"floormod"</c> or <c>"farmhash"</c>.</summary>
    public string OovMethod { get; }
    /// <summary>The idf weights of "tf_idf" mode (one per output index), or null.</summary>
    public IReadOnlyList<float>? IdfWeights => table.Idf;

    /// <summary>The vocabulary, index by index (special tokens first unless <paramref name="includeSpecialTokens"/> is false).</summary>
    public IReadOnlyList<long> GetVocabulary(bool includeSpecialTokens = true) => table.Vocabulary(includeSpecialTokens);

    /// <summary>The number of vocabulary entries, special tokens included.</summary>
    public int VocabularySize() => table.Size;

    /// <summary>Sets a fixed vocabulary (and idf weights in "tf_idf" mode), replacing the current one.</summary>
    public void SetVocabulary(IEnumerable<long> vocabulary, IEnumerable<double>? idfWeights = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        table.SetVocabulary(vocabulary.ToList(), idfWeights?.ToList());
    }

    /// <summary>
    /// Learns the vocabulary from <paramref name="data"/>: values by frequency (ties: larger values first, as Keras),
    /// cut to maxTokens. Each row along the last axis is one document for the idf weights (each value of a rank-1 tensor).
    /// </summary>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = Values(data);
        var width = data.dim() <= 1 ? 1 : (int)data.size(-1);
        table.Adapt(Enumerable.Range(0, width == 0 ? 0 : values.Length / width).Select(r => (IReadOnlyList<long>)new ArraySegment<long>(values, r * width, width)));
    }

    private long[] Values(Tensor data)
    {
        if (data.dtype == ScalarType.Bool || data.is_complex() || (data.is_floating_point() && data.ne(data.floor()).any().ToBoolean()))
            throw new ArgumentException($"IntegerLookup '{Name}' expects integer values (an int64 tensor); received a {data.dtype} tensor{(data.is_floating_point() ? " with fractional values" : "")}.", nameof(data));
        using var flat = data.to(ScalarType.Int64).cpu().contiguous().flatten();
        return flat.data<long>().ToArray();
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        table.EnsureVocabulary();
        var values = Values(inputs);
        var shape = inputs.shape;
        if (Invert) return torch.tensor(values.Select(table.TokenAt).ToArray(), shape, device: inputs.device);
        using var encoded = table.Encode(values.Select(table.IndexOf).ToArray(), shape);
        return encoded.to(inputs.device);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        CategoricalOutput.Shape(inputShape, OutputMode == "tf_idf" ? "count" : OutputMode, OutputMode == "int" ? null : table.Depth);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(),
        ("max_tokens", MaxTokens), ("num_oov_indices", NumOovIndices), ("mask_token", MaskToken), ("oov_token", OovToken),
        ("vocabulary", table.HasVocabulary ? GetVocabulary().ToArray() : null),
        ("idf_weights", table.HasVocabulary && table.Idf is not null ? table.Idf.Take(table.Size).Select(w => (double)w).ToArray() : null),
        ("invert", Invert), ("output_mode", OutputMode), ("sparse", false), ("pad_to_max_tokens", PadToMaxTokens), ("oov_method", OovMethod));
}
