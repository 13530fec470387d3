
namespace KerasNet.Layers;

// Attention over several or other axes (Keras's attention_axes): how inputs (batch, d1, ..., dn, features) map onto
// the one scaled-dot-product call, and how masks reach the scores in Keras's layout.
//
// Projected tensors are (batch, d1, ..., dn, heads, dim). They are permuted to (batch, non-attention axes..., heads,
// attention axes..., dim) and the attention axes flattened into one, so every non-attention axis and the heads become
// leading (batch-like) dimensions of the kernel, and the softmax over the flattened key positions is Keras's softmax
// over all key attention axes together. The weights (batch, non-attention..., heads, T, S) are then viewed as Keras's
// scores (batch, non-attention..., heads, query attention axes..., key attention axes...). For rank-3 inputs the
// permutation is the transpose (batch, heads, L, dim) the sequence path always used, so nothing changes there.
public sealed partial class MultiHeadAttention
{
    private int[] attentionAxes = Array.Empty<int>();
    private int[] otherAxes = Array.Empty<int>();
    private long[] toHeadsFirst = Array.Empty<long>();
    private long[] fromHeadsFirst = Array.Empty<long>();
    private int inputRank;

    /// <summary>The attention axes once built: ascending for the default, in the given order otherwise, negatives resolved.</summary>
    public IReadOnlyList<int> ResolvedAttentionAxes => Built ? attentionAxes : throw NotBuilt();

    /// <summary>(batch, non-attention sizes..., heads): the leading dimensions of the kernel's call.</summary>
    private readonly record struct Grid(long[] Lead, long[] Queries, long[] Keys)
    {
        public long QueryCount => Queries.Aggregate(1L, (a, b) => a * b);
        public long KeyCount => Keys.Aggregate(1L, (a, b) => a * b);
        public long[] ScoresShape => Lead.Concat(Queries).Concat(Keys).ToArray();
    }

    /// <summary>Checks what can be checked without the input's rank: no batch or features axis, no repeats, not empty.</summary>
    private static void CheckAxes(long[]? axes)
    {
        if (axes is null) return;
        var given = Describe(axes);
        if (axes.Length == 0)
            throw new ArgumentException(
                "MultiHeadAttention: attentionAxes must name at least one axis, e.g. [1] or [1, 2], or be null (every axis between the batch " +
                "and the features axis); received [].", nameof(attentionAxes));
        if (axes.Contains(0))
            throw new ArgumentException(
                $"MultiHeadAttention: attentionAxes {given} includes the batch axis 0; attention runs over axes between the batch axis and the " +
                "features axis (1 .. rank - 2 of the input, or negative counting from the end, -2 being the last before the features).", nameof(attentionAxes));
        if (axes.Contains(-1))
            throw new ArgumentException(
                $"MultiHeadAttention: attentionAxes {given} includes the features axis -1; the features are projected to the heads, not attended " +
                "over. Use axes between the batch axis and the features axis, e.g. [1] or [-2].", nameof(attentionAxes));
        if (axes.Distinct().Count() != axes.Length)
            throw new ArgumentException($"MultiHeadAttention: attentionAxes {given} names an axis twice; name each axis once.", nameof(attentionAxes));
    }

    private static string Describe(IEnumerable<long> axes) => $"[{string.Join(", ", axes)}]";

    /// <summary>The layout of an input of <paramref name="rank"/>: (batch, sequence, features) or (batch, d1, ..., dn, features).</summary>
    private static string Layout(int rank) => rank == 3
        ? "(batch, sequence, features)"
        : $"(batch, {string.Join(", ", Enumerable.Range(1, rank - 2).Select(i => $"d{i}"))}, features)";

    /// <summary>Keras's default (every axis between batch and features) or the given axes, negatives counted from the input's end.</summary>
    private int[] ResolveAxes(int rank)
    {
        if (AttentionAxes is null) return Enumerable.Range(1, rank - 2).ToArray();
        var resolved = new int[AttentionAxes.Length];
        for (var i = 0; i < resolved.Length; i++)
        {
            var axis = AttentionAxes[i] < 0 ? AttentionAxes[i] + rank : AttentionAxes[i];
            if (axis < 1 || axis > rank - 2)
                throw new ArgumentException(
                    $"{Who}: attentionAxes {Describe(AttentionAxes)} does not fit inputs of rank {rank} {Layout(rank)}: axis {AttentionAxes[i]} " +
                    $"is {(axis == 0 ? "the batch axis" : axis == rank - 1 ? "the features axis" : "out of range")}; attention axes must be in " +
                    $"1 .. {rank - 2}, or {-(rank - 1)} .. -2 counted from the end.", nameof(attentionAxes));
            resolved[i] = (int)axis;
        }
        if (resolved.Distinct().Count() != resolved.Length)
            throw new ArgumentException(
                $"{Who}: attentionAxes {Describe(AttentionAxes)} names an axis twice for inputs of rank {rank} (as [{string.Join(", ", resolved)}]); " +
                "name each axis once.", nameof(attentionAxes));
        return resolved;
    }

    /// <summary>Fixes the axes and the permutations for inputs of <paramref name="rank"/>; changes nothing if they do not fit.</summary>
    private void SetLayout(int rank)
    {
        var axes = ResolveAxes(rank);
        inputRank = rank;
        attentionAxes = axes;
        otherAxes = Enumerable.Range(1, rank - 2).Where(a => !axes.Contains(a)).ToArray();
        // projected (batch, d..., heads, dim): heads at rank - 1, dim at rank
        toHeadsFirst = new[] { 0 }.Concat(otherAxes).Append(rank - 1).Concat(axes).Append(rank).Select(a => (long)a).ToArray();
        fromHeadsFirst = new long[toHeadsFirst.Length];
        for (var i = 0; i < toHeadsFirst.Length; i++) fromHeadsFirst[toHeadsFirst[i]] = i;
    }

    private Grid GridOf(long[] query, long[] value) => new(
        new[] { query[0] }.Concat(otherAxes.Select(a => query[a])).Append(NumHeads).ToArray(),
        attentionAxes.Select(a => query[a]).ToArray(),
        attentionAxes.Select(a => value[a]).ToArray());

    /// <summary>Projected (batch, d..., heads, dim) → (batch, non-attention..., heads, positions, dim).</summary>
    private Tensor HeadsFirst(Tensor projected, long positions, Grid grid) =>
        projected.permute(toHeadsFirst).reshape(grid.Lead.Append(positions).Append(projected.size(-1)).ToArray());

    /// <summary>The kernel's (batch, non-attention..., heads, T, dim) → (batch·d1···dn, heads·dim) in the query's order.</summary>
    private Tensor Merge(Tensor attended, Grid grid, long rows) =>
        attended.view(grid.Lead.Concat(grid.Queries).Append(attended.size(-1)).ToArray()).permute(fromHeadsFirst).reshape(rows, NumHeads * ValueDim);

    /// <summary>
    /// The attentionMask in Keras's layout, (batch, non-attention..., query attention..., key attention...) or the same
    /// without the non-attention axes, as booleans (batch|1, non-attention|1..., 1, T, S) for the kernel.
    /// </summary>
    private Tensor ScoresMask(Tensor mask, long[] query, long[] value, Grid grid)
    {
        if (inputRank == 3)
            return AttentionMasks.AttentionMask(mask, query[0], query[1], value[1], Who).unsqueeze(1);
        var full = grid.Lead.SkipLast(1).Concat(grid.Queries).Concat(grid.Keys).ToArray();
        var brief = new[] { query[0] }.Concat(grid.Queries).Concat(grid.Keys).ToArray();
        var m = mask.shape;
        static bool Fits(long[] m, long[] expected) => m.Length == expected.Length && m.Zip(expected).All(p => p.First == p.Second || p.First == 1);
        if (!Fits(m, full) && !Fits(m, brief))
            throw new ArgumentException(
                $"{Who}: attentionMask must be a boolean mask of shape (batch, non-attention axes..., query attention axes..., key attention axes...) " +
                $"= {TensorShape.Of(full)}, or without the non-attention axes {TensorShape.Of(brief)} (attention axes [{string.Join(", ", attentionAxes)}] " +
                $"of inputs {Layout(inputRank)}; sizes of 1 broadcast; true = may attend); received shape {TensorShape.Of(m)}.", "attentionMask");
        var allowed = AttentionMasks.AsBool(mask);
        if (m.Length != full.Length)
            allowed = allowed.view(new[] { m[0] }.Concat(otherAxes.Select(_ => 1L)).Concat(m.Skip(1)).ToArray());
        var lead = allowed.shape.Take(1 + otherAxes.Length).ToArray();
        return allowed.expand(lead.Concat(grid.Queries).Concat(grid.Keys).ToArray())
                      .reshape(lead.Append(grid.QueryCount).Append(grid.KeyCount).ToArray())
                      .unsqueeze(lead.Length);
    }

    /// <summary>
    /// A padding mask of an input's positions (its shape without the features axis) as (batch, non-attention..., 1,
    /// T, 1) for the query or (batch, non-attention..., 1, 1, S) for the value: a score is kept where both are real.
    /// </summary>
    private Tensor PositionMask(Tensor mask, Grid grid, bool query)
    {
        var positions = new[] { 0 }.Concat(otherAxes).Concat(attentionAxes).Select(a => (long)a).ToArray();
        var lead = grid.Lead.SkipLast(1).Append(1L);
        var shape = query ? lead.Append(grid.QueryCount).Append(1L) : lead.Append(1L).Append(grid.KeyCount);
        return mask.permute(positions).reshape(shape.ToArray());
    }

    private NotSupportedException CausalNeedsOneAxis() => new(
        $"{Who}: useCausalMask needs a single attention axis (query position t sees key positions s <= t along it); this layer attends over " +
        $"axes [{string.Join(", ", attentionAxes)}] of inputs {Layout(inputRank)}, where no order of positions is defined. Pass an attentionMask " +
        "with the order you mean, or attend over one axis (attentionAxes: [a]).");
}
