using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>Hashing</c>: hashes categorical values into <see cref="NumBins"/> bins. A string is hashed by its UTF-8
/// bytes, with FarmHash's <c>Fingerprint64</c> (TensorFlow's <c>to_hash_bucket_fast</c>) or, when a
/// <see cref="Salt"/> is given, with SipHash-2-4 keyed by the salt (<c>to_hash_bucket_strong</c>); an integer is hashed
/// by its decimal text (float inputs are first truncated to integers); the bin is the hash modulo the number of bins.
/// With a <see cref="MaskValue"/>, that value goes to bin 0 and the others to bins 1..numBins-1. <c>"int"</c> output
/// gives the int64 bin indices; <c>"one_hot"</c>, <c>"multi_hot"</c> and <c>"count"</c> encode them as float32
/// vectors as <see cref="CategoryEncoding"/> does.
/// </summary>
/// <remarks>
/// <para>Bins equal Keras's (and TensorFlow's) for the same arguments. libtorch has no string tensors, so strings go
/// through <see cref="Call(IReadOnlyList{string})"/> and <see cref="Call(IReadOnlyList{IReadOnlyList{string}})"/> in the
/// data pipeline, as with <see cref="StringLookup"/>; integer tensors go through the layer (<c>Apply</c>), also inside a
/// model. Hashing runs on the host, so inputs are copied to the CPU and the result goes back to the input's device.</para>
/// <para><see cref="MaskValue"/> is text: integer inputs compare it as an integer (<c>maskValue: "0"</c> masks the
/// value 0). Keras's <c>sparse</c> output is not supported (refused).</para>
/// </remarks>
public sealed class Hashing : Layer
{
    private readonly long? maskInteger;

    /// <summary>Creates the layer.</summary>
    /// <param name="numBins">The number of bins, the mask's bin included when <paramref name="maskValue"/> is set.</param>
    /// <param name="maskValue">The value that maps to bin 0 (a string, or an integer's decimal text), or null for no mask.</param>
    /// <param name="salt">Null for FarmHash, or SipHash's key: one non-negative integer (used for both key halves) or two.</param>
    /// <param name="outputMode"><c>"int"</c> (default), <c>"one_hot"</c>, <c>"multi_hot"</c> or <c>"count"</c>.</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract; the layer has no weights.</param>
    public Hashing(long numBins, string? maskValue = null, long[]? salt = null, string outputMode = "int", bool sparse = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (numBins < 1)
            throw new ArgumentOutOfRangeException(nameof(numBins), numBins, $"Hashing: numBins must be at least 1; received {numBins}. Give the number of bins, the mask's bin included.");
        if (sparse)
            throw new NotSupportedException("Hashing: sparse: true is not supported (libtorch sparse tensors do not flow through Keras.Net layers); use the dense output (sparse: false).");
        if (salt is not null && (salt.Length is not (1 or 2) || salt.Any(s => s < 0)))
            throw new ArgumentException($"Hashing: salt must be one or two non-negative integers (SipHash's key); received [{string.Join(", ", salt)}]. Pass e.g. salt: new long[] {{ 133, 137 }}, or null for FarmHash.", nameof(salt));
        NumBins = numBins;
        MaskValue = maskValue;
        Salt = salt is null ? null : salt.Length == 1 ? new[] { salt[0], salt[0] } : salt.ToArray();
        OutputMode = CategoricalOutput.CheckMode("Hashing", outputMode, CategoricalOutput.Modes);
        if (maskValue is not null && long.TryParse(maskValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) maskInteger = integer;
    }

    /// <summary>The number of bins (the mask's bin included).</summary>
    public long NumBins { get; }

    /// <summary>The value mapped to bin 0, or null.</summary>
    public string? MaskValue { get; }

    /// <summary>SipHash's key (two integers), or null when the layer hashes with FarmHash.</summary>
    public IReadOnlyList<long>? Salt { get; }

    /// <summary><c>"int"</c>, <c>"one_hot"</c>, <c>"multi_hot"</c> or <c>"count"</c>.</summary>
    public string OutputMode { get; }

    private bool Masks => MaskValue is not null && NumBins > 1;

    private long HashBin(string text)
    {
        var bins = Masks ? NumBins - 1 : NumBins;
        var hash = Salt is null ? FarmHash.Fingerprint64(text) : SipHash.Hash24((ulong)Salt[0], (ulong)Salt[1], text);
        return (long)(hash % (ulong)bins) + (Masks ? 1 : 0);
    }

    /// <summary>Hashes a batch of strings (shape (batch,)): int64 bins, or float32 vectors in the vector modes.</summary>
    public Tensor Call(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return HashStrings(values, new long[] { values.Count });
    }

    /// <summary>Hashes a batch of equally long rows of strings (shape (batch, length)).</summary>
    public Tensor Call(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = rows.Count == 0 ? 0 : rows[0]?.Count ?? 0;
        for (var i = 0; i < rows.Count; i++)
            if (rows[i] is null || rows[i].Count != width)
                throw new ArgumentException($"Hashing '{Name}': every row must have {width} strings (a rectangular batch); row {i} has {rows[i]?.Count.ToString(CultureInfo.InvariantCulture) ?? "null"}. Pad the rows first.", nameof(rows));
        return HashStrings(rows.SelectMany(r => r).ToList(), new long[] { rows.Count, width });
    }

    private Tensor HashStrings(IReadOnlyList<string> values, long[] shape)
    {
        var bins = new long[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i] ?? throw new ArgumentException($"Hashing '{Name}': value {i} of the batch is null; give strings only.", nameof(values));
            bins[i] = Masks && text == MaskValue ? 0 : HashBin(text);
        }
        using var indices = torch.tensor(bins, shape);
        return CategoricalOutput.Encode(indices, OutputMode, NumBins);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (inputs.dtype == ScalarType.Bool || inputs.is_complex())
            throw new ArgumentException($"Hashing '{Name}' expects an integer (or float) tensor; received {inputs.dtype}. Strings go through Call(IReadOnlyList<string>) in the data pipeline.", nameof(inputs));
        if (Masks && maskInteger is null)
            throw new ArgumentException($"Hashing '{Name}': maskValue \"{MaskValue}\" is not an integer, so it cannot mask an integer tensor. Use an integer maskValue (e.g. \"0\") or hash strings with Call(IReadOnlyList<string>).", nameof(inputs));
        using var cpu = inputs.cpu().contiguous();
        using var flat = cpu.flatten();
        var bins = new long[flat.numel()];
        if (inputs.is_floating_point())
        {
            // Keras compares the mask with the float values, then truncates them to int64 before hashing.
            using var doubles = flat.to(ScalarType.Float64);
            var values = doubles.data<double>().ToArray();
            for (var i = 0; i < values.Length; i++)
                bins[i] = Masks && values[i] == maskInteger ? 0 : HashBin(((long)values[i]).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            using var longs = flat.to(ScalarType.Int64);
            var values = longs.data<long>().ToArray();
            for (var i = 0; i < values.Length; i++)
                bins[i] = Masks && values[i] == maskInteger ? 0 : HashBin(values[i].ToString(CultureInfo.InvariantCulture));
        }
        using var indices = torch.tensor(bins, inputs.shape);
        using var encoded = CategoricalOutput.Encode(indices, OutputMode, NumBins);
        return encoded.to(inputs.device);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => CategoricalOutput.Shape(inputShape, OutputMode, NumBins);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(),
        ("num_bins", NumBins), ("mask_value", MaskValue), ("salt", Salt?.ToArray()), ("output_mode", OutputMode), ("sparse", false));
}
