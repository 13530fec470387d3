using System.Globalization;

namespace KerasNet.Torch;

/// <summary>
/// One entry of an index expression <c>x[...]</c>, as in Python: an integer (<c>x[2]</c>, <c>x[^1]</c>), a slice
/// (<c>x[1..3]</c>, <see cref="Slice"/> for a step), <see cref="Ellipsis"/>, <see cref="None"/> (a new axis of size 1),
/// or a tensor (integer indices, or a boolean mask).
/// </summary>
/// <example><code>
/// var row = x[0];                                   // x[0]
/// var last = x[.., ^1];                             // x[:, -1]
/// var every2 = x[TensorIndex.Slice(step: 2)];       // x[::2]
/// var picked = x[TensorIndex.Ellipsis, indices];    // x[..., indices]
/// x[mask] = torch.zeros(1);                         // x[mask] = 0
/// </code></example>
public readonly struct TensorIndex
{
    internal enum IndexKind { Integer = 0, Slice = 1, Ellipsis = 2, None = 3, Tensor = 4, Boolean = 5 }

    internal readonly IndexKind Kind;
    internal readonly long Start, Stop, Step;
    internal readonly bool HasStart, HasStop, HasStep;
    internal readonly Tensor? TensorValue;

    private TensorIndex(IndexKind kind, long start = 0, long stop = 0, long step = 0, bool hasStart = false, bool hasStop = false, bool hasStep = false, Tensor? tensor = null)
    {
        Kind = kind;
        Start = start;
        Stop = stop;
        Step = step;
        HasStart = hasStart;
        HasStop = hasStop;
        HasStep = hasStep;
        TensorValue = tensor;
    }

    /// <summary><c>...</c>: as many full slices as needed to cover the dims not otherwise indexed.</summary>
    public static TensorIndex Ellipsis => new(IndexKind.Ellipsis);

    /// <summary><c>None</c>: inserts a new dim of size 1 at this position.</summary>
    public static TensorIndex None => new(IndexKind.None);

    /// <summary>
    /// <c>start:stop:step</c>; a null bound is open (<c>Slice()</c> is <c>:</c>). Negative bounds count from the end;
    /// the step must be positive, as in PyTorch.
    /// </summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) =>
        new(IndexKind.Slice, start ?? 0, stop ?? 0, step ?? 1, start is not null, stop is not null, step is not null);

    /// <summary>A single position (negative counts from the end); removes the dim.</summary>
    public static TensorIndex Single(long index) => new(IndexKind.Integer, index);

    /// <summary><c>True</c> adds a dim of size 1; <c>False</c> adds a dim of size 0 (as in PyTorch).</summary>
    public static TensorIndex Bool(bool value) => new(IndexKind.Boolean, value ? 1 : 0);

    /// <summary>A tensor of integer indices (advanced indexing) or a boolean mask.</summary>
    public static TensorIndex FromTensor(Tensor index) => new(IndexKind.Tensor, tensor: index ?? throw new ArgumentNullException(nameof(index)));

    /// <summary>A single position.</summary>
    public static implicit operator TensorIndex(long index) => Single(index);

    /// <summary>A single position.</summary>
    public static implicit operator TensorIndex(int index) => Single(index);

    /// <summary><c>True</c> or <c>False</c> as an index (see <see cref="Bool"/>).</summary>
    public static implicit operator TensorIndex(bool value) => Bool(value);

    /// <summary>A position counted from the start or, with <c>^n</c>, from the end (<c>^1</c> is the last, Python's -1).</summary>
    public static implicit operator TensorIndex(Index index)
    {
        if (!index.IsFromEnd) return Single(index.Value);
        if (index.Value == 0)
            throw new TorchIndexException("index: ^0 is one past the last element and cannot select an element; the last one is ^1.", "index");
        return Single(-(long)index.Value);
    }

    /// <summary>A C# range as a slice: <c>1..3</c> is <c>1:3</c>, <c>..^1</c> is <c>:-1</c>, <c>..</c> is <c>:</c>.</summary>
    public static implicit operator TensorIndex(Range range)
    {
        var (start, hasStart) = range.Start.IsFromEnd
            ? (range.Start.Value == 0 ? (long.MaxValue, true) : (-(long)range.Start.Value, true))
            : (range.Start.Value, range.Start.Value != 0);
        var (stop, hasStop) = range.End.IsFromEnd
            ? (range.End.Value == 0 ? (0L, false) : (-(long)range.End.Value, true))
            : (range.End.Value, true);
        return new TensorIndex(IndexKind.Slice, start, stop, 1, hasStart, hasStop, false);
    }

    /// <summary>A tensor of integer indices (advanced indexing) or a boolean mask.</summary>
    public static implicit operator TensorIndex(Tensor index) => FromTensor(index);

    /// <summary>The Python spelling of this entry, e.g. <c>1:3</c>, <c>...</c>, <c>tensor(int64[2])</c>.</summary>
    public override string ToString()
    {
        static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            IndexKind.Integer => Num(Start),
            IndexKind.Boolean => Start != 0 ? "True" : "False",
            IndexKind.Ellipsis => "...",
            IndexKind.None => "None",
            IndexKind.Tensor => "tensor(" + Tensor.Describe(TensorValue) + ")",
            _ => (HasStart ? Num(Start) : "") + ":" + (HasStop ? Num(Stop) : "") + (HasStep ? ":" + Num(Step) : ""),
        };
    }

    /// <summary>The kind code sent to the shim: the kind in the low byte, and for a slice which bounds are given.</summary>
    internal int Code => (int)Kind | (HasStart ? 1 << 8 : 0) | (HasStop ? 1 << 9 : 0) | (HasStep ? 1 << 10 : 0);
}
