using System.Collections;

namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// A Python list of the neutral tree. While every item is an integer the list keeps them unboxed (a NumPy object array
/// of integer lists holds millions, and boxed they would cost three times the memory and much garbage-collector work);
/// the first item of another kind moves it to boxed storage, in the same order.
/// </summary>
internal sealed class PickleList : IReadOnlyList<object?>
{
    private long[] integers = Array.Empty<long>();
    private int integerCount;
    private List<object?>? boxed;

    /// <inheritdoc/>
    public int Count => boxed?.Count ?? integerCount;

    /// <inheritdoc/>
    public object? this[int index]
    {
        get
        {
            if (boxed is not null) return boxed[index];
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)integerCount, nameof(index));
            return PickleValue.Integer(integers[index]);
        }
    }

    /// <summary>The items when every one is an integer (true for an empty list); otherwise false.</summary>
    public bool TryGetIntegers(out ReadOnlySpan<long> values)
    {
        values = boxed is null ? integers.AsSpan(0, integerCount) : default;
        return boxed is null;
    }

    /// <summary>Appends one item.</summary>
    public void Add(object? item)
    {
        if (boxed is null)
        {
            if (item is long value)
            {
                if (integerCount == integers.Length) Array.Resize(ref integers, Math.Max(8, integerCount * 2));
                integers[integerCount++] = value;
                return;
            }
            boxed = new List<object?>(integerCount + 1);
            for (var i = 0; i < integerCount; i++) boxed.Add(PickleValue.Integer(integers[i]));
            integers = Array.Empty<long>();
            integerCount = 0;
        }
        boxed.Add(item);
    }

    /// <summary>Appends items in order.</summary>
    public void AddRange(ReadOnlySpan<object?> items)
    {
        foreach (var item in items) Add(item);
    }

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
