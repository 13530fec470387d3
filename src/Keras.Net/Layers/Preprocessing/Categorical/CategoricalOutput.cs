namespace KerasNet.Layers;

/// <summary>
/// Keras's encoding of category indices (<c>encode_categorical_inputs</c>), shared by CategoryEncoding, Discretization,
/// Hashing, HashedCrossing, IntegerLookup and StringLookup: <c>"int"</c> keeps the indices; <c>"one_hot"</c> encodes
/// each index (a last axis of size 1 is replaced, any other last axis gets a new axis after it); <c>"multi_hot"</c> and
/// <c>"count"</c> treat the last axis as one sample and give one vector per sample (a rank-1 input is one sample).
/// Negative indices stand for masked entries: they add nothing to any output vector.
/// </summary>
internal static class CategoricalOutput
{
    /// <summary>The output modes of CategoryEncoding (Keras's; <c>"binary"</c> is an old name of <c>"multi_hot"</c>).</summary>
    internal static readonly string[] VectorModes = { "one_hot", "multi_hot", "count" };

    /// <summary>The output modes of Discretization and Hashing: the indices themselves or a vector mode.</summary>
    internal static readonly string[] Modes = { "int", "one_hot", "multi_hot", "count" };

    /// <summary>Checks <paramref name="mode"/> against <paramref name="allowed"/>; the error names the layer and the choices.</summary>
    internal static string CheckMode(string layer, string mode, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (!allowed.Contains(mode))
            throw new ArgumentException(
                $"{layer}: outputMode received \"{mode}\"; expected one of {string.Join(", ", allowed.Select(m => $"\"{m}\""))}.", "outputMode");
        return mode;
    }

    /// <summary>Encodes int64 <paramref name="indices"/> as <paramref name="mode"/> says, over <paramref name="depth"/> categories (float32 vectors).</summary>
    internal static Tensor Encode(Tensor indices, string mode, long depth, Tensor? countWeights = null)
    {
        if (mode == "int") return indices.alias();
        using var scope = torch.NewDisposeScope();
        var x = indices.dim() == 0 ? indices.unsqueeze(0) : indices;
        if (mode == "one_hot" && x.dim() > 1 && x.size(-1) == 1) x = x.squeeze(-1);
        var kept = x.ge(0);
        var hot = F.one_hot(x.clamp(0, Math.Max(depth - 1, 0)), depth).mul_(kept.unsqueeze(-1));
        Tensor result;
        if (mode == "one_hot") result = hot.to(ScalarType.Float32);
        else if (mode == "multi_hot") result = hot.amax(-2).to(ScalarType.Float32);
        else if (countWeights is null) result = hot.sum(dim: -2).to(ScalarType.Float32);
        else result = (hot.to(countWeights.dtype) * countWeights.unsqueeze(-1)).sum(dim: -2);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The output shape of <see cref="Encode"/> for an input shape.</summary>
    internal static TensorShape Shape(TensorShape input, string mode, long? depth)
    {
        if (mode == "int") return input;
        var dims = Enumerable.Range(0, input.Rank).Select(i => input[i]).ToList();
        if (dims.Count == 0) return new TensorShape(depth);
        if (mode != "one_hot" || (dims.Count > 1 && dims[^1] == 1)) dims.RemoveAt(dims.Count - 1);
        dims.Add(depth);
        return new TensorShape(dims.ToArray());
    }
}
