using KerasNet.TorchSupport.Pickle;

namespace KerasNet.Datasets;

/// <summary>
/// Reads the one kind of pickle a NumPy object array of integer lists is saved as (<c>np.save</c> of
/// <c>np.array([[1, 2], [3]], dtype=object)</c>, as in Keras's <c>imdb.npz</c>), by Python 2 or 3, protocols 2 to 5.
/// The stream runs through the restricted <see cref="PickleMachine"/>, which may name only
/// <c>numpy.core.multiarray._reconstruct</c> (or <c>numpy._core</c>'s), <c>numpy.ndarray</c> and <c>numpy.dtype</c>
/// and never calls anything; this class then reads the recorded calls as an array of integer lists and refuses any
/// other shape, so a crafted file can neither run code nor build other objects.
/// </summary>
internal static class NumpyObjectArrayPickle
{
    private static readonly PickleAllowList Allowed = new(new[]
    {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"), ("numpy", "ndarray"), ("numpy", "dtype"),
    });

    private static readonly PickleLimits Limits = new(MaxMarkDepth: 64);

    /// <summary>Reads the pickled 1-D object array starting at <paramref name="start"/>: one long[] per element.</summary>
    internal static long[][] ReadIntListArray(byte[] data, int start, string path, long expectedLength)
    {
        object? root;
        try
        {
            root = PickleMachine.Load(data, start, Allowed, Limits);
        }
        catch (PickleGlobalRefusedException e)
        {
            throw Bad(path, $"the pickle refers to {e.FullName}, which is not allowed (pickle offset {e.Offset})", e);
        }
        catch (PickleException e)
        {
            throw Bad(path, $"{e.Reason} (pickle offset {e.Offset})", e);
        }
        return ToIntLists(root, path, expectedLength);
    }

    private static DatasetFormatException Bad(string path, string message, Exception? inner = null) =>
        new(path, $"{message}. Only NumPy object arrays of integer lists are read.", inner);

    private static long[][] ToIntLists(object? root, string path, long expectedLength)
    {
        // _reconstruct(ndarray, (0,), b'b'), then BUILD with (version, shape, dtype, is_fortran, items).
        if (root is not PickleObject { Kind: PickleCallKind.Reduce, Callable.Name: "_reconstruct", Args: [PickleGlobal { FullName: "numpy.ndarray" }, _, _], State: PickleTuple state } array || array.HasItems)
            throw Bad(path, "the pickle does not hold a NumPy array");
        if (state.Items is not [_, PickleTuple shape, PickleObject dtype, _, PickleList items] || DtypeName(dtype) is not { } dtypeName)
            throw Bad(path, "the array's state is not (version, shape, dtype, fortran, items)");
        if (dtypeName is not ("O" or "O8" or "O4"))
            throw Bad(path, $"the array's dtype is '{dtypeName}', not object");
        if (shape.Items is not [long length] || length != expectedLength)
            throw Bad(path, $"the array's shape ({string.Join(", ", shape.Items.Select(PickleValue.Describe))}) is not ({expectedLength},) as the .npy header says");
        if (items.Count != length)
            throw Bad(path, $"the array holds {items.Count} items, not {length} lists");
        var result = new long[length][];
        for (var i = 0; i < length; i++)
        {
            if (items[i] is not PickleList inner || !inner.TryGetIntegers(out var values))
                throw Bad(path, $"element {i} is not a list of integers");
            result[i] = values.ToArray();
        }
        return result;
    }

    // dtype('O8', False, True): the name; its BUILD state (byte order, flags) does not matter for an object dtype.
    private static string? DtypeName(PickleObject dtype) =>
        dtype is { Kind: PickleCallKind.Reduce, Callable.FullName: "numpy.dtype", Args: [string name, _, _] } && !dtype.HasItems ? name : null;
}
