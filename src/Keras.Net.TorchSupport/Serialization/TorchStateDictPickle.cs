using KerasNet.TorchSupport.Pickle;

namespace KerasNet.TorchSupport;

/// <summary>A storage named by a <c>torch.save</c> pickle's persistent id: its archive key, element type and size.</summary>
internal sealed record PickledStorage(string Key, ScalarType DType, long Numel);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view into a storage.</summary>
internal sealed record PickledTensor(PickledStorage Storage, long Offset, long[] Size, long[] Stride);

/// <summary>
/// Interprets the pickle of a <c>torch.save</c> state_dict: runs it through <see cref="PickleMachine"/> with an
/// allow-list of <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// <c>torch._utils._rebuild_parameter</c> and the typed storage classes (<c>torch.FloatStorage</c>...), resolves the
/// <c>('storage', type, key, location, numel)</c> persistent ids, and reads the tree as an ordered list of
/// (name, tensor view) pairs. Any other global raises <see cref="UnsafePickleException"/> before anything else
/// happens; every other defect raises <see cref="TorchFormatException"/>.
/// </summary>
internal static class TorchStateDictPickle
{
    private static readonly Dictionary<string, ScalarType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    private static readonly PickleAllowList Allowed = new(
        new[] { ("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_parameter") }
            .Concat(StorageTypes.Keys.Select(name => ("torch", name))));

    private static readonly PickleLimits Limits = new(MaxMarkDepth: 10_000, MaxStackValues: 1_000_000);

    /// <summary>The state_dict's entries, in the file's order.</summary>
    /// <param name="pickle">The bytes of <c>data.pkl</c>.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <param name="storageResolver">Called for each persistent id, so that equal keys share one storage object.</param>
    internal static List<KeyValuePair<string, PickledTensor>> Read(byte[] pickle, string source, Func<PickledStorage, PickledStorage> storageResolver)
    {
        object? root;
        try
        {
            root = PickleMachine.Load(pickle, 0, Allowed, Limits, id => storageResolver(Storage(id, source)));
        }
        catch (PickleGlobalRefusedException e)
        {
            throw new UnsafePickleException(
                $"'{source}' names the Python global '{e.FullName}', which the restricted torch.save reader refuses: a state_dict file only needs " +
                "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the torch.*Storage types. " +
                "Nothing was executed. If the file is trusted, re-save it from Python as a plain state_dict (torch.save(model.state_dict(), path)) or as safetensors.",
                e.FullName);
        }
        catch (PickleException e)
        {
            throw TorchSaveFile.Corrupt(source, $"{e.Reason} (pickle byte {e.Offset})", e);
        }

        var entries = new List<KeyValuePair<string, PickledTensor>>();
        foreach (var (key, value) in Entries(root, source))
        {
            if (key is not string name) throw TorchSaveFile.Corrupt(source, "a state_dict key is not a string");
            var tensor = Tensor(value, source) ?? throw TorchSaveFile.Corrupt(source,
                $"state_dict entry '{name}' is not a tensor; a state_dict maps names to tensors (checkpoints holding optimizer state or epochs: load checkpoint['model'] in Python and save it alone)");
            entries.Add(new(name, tensor));
        }
        return entries;
    }

    private static List<KeyValuePair<object?, object?>> Entries(object? root, string source)
    {
        switch (root)
        {
            case PickleDict dict:
                return dict.Items;
            case PickleObject { Callable.FullName: "collections.OrderedDict", Kind: PickleCallKind.Reduce } ordered:
                if (ordered.Args.Length != 0) throw TorchSaveFile.Corrupt(source, "collections.OrderedDict is rebuilt with arguments; torch.save writes none");
                if (ordered.HasListItems) throw TorchSaveFile.Corrupt(source, "items are appended to a collections.OrderedDict as to a list");
                return ordered.DictItems;
            default:
                var what = root is PickleObject { Callable.Module: "torch._utils" } ? "single tensor" : PickleValue.Describe(root);
                throw TorchSaveFile.Corrupt(source, $"its pickle holds a {what}, not a state_dict (a mapping from names to tensors). " +
                                                    "Save model.state_dict() rather than the model or a tensor");
        }
    }

    // A _rebuild_tensor_v2 record (or one wrapped by _rebuild_parameter) as a view; null when the value is no tensor.
    private static PickledTensor? Tensor(object? value, string source)
    {
        if (value is not PickleObject { Kind: PickleCallKind.Reduce } call || call.Callable.Module != "torch._utils") return null;
        var a = call.Args;
        if (call.Callable.Name == "_rebuild_parameter")
        {
            if (a.Length != 3 || a[0] is not PickleObject { Callable.Name: "_rebuild_tensor_v2" } inner)
                throw TorchSaveFile.Corrupt(source, "_rebuild_parameter expects (tensor, requires_grad, backward_hooks)");
            return Tensor(inner, source);
        }
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.Length is < 6 or > 7) throw TorchSaveFile.Corrupt(source, $"_rebuild_tensor_v2 received {a.Length} arguments; expected 6 or 7");
        var storage = a[0] as PickledStorage ?? throw TorchSaveFile.Corrupt(source, $"_rebuild_tensor_v2's storage is a {PickleValue.Describe(a[0])}");
        var offset = AsLong(a[1], "storage offset", source);
        var size = LongTuple(a[2], "size", source);
        var stride = LongTuple(a[3], "stride", source);
        if (size.Length != stride.Length) throw TorchSaveFile.Corrupt(source, $"a tensor has {size.Length} sizes but {stride.Length} strides");
        if (offset < 0 || size.Any(s => s < 0) || stride.Any(s => s < 0)) throw TorchSaveFile.Corrupt(source, "a tensor has a negative offset, size or stride");
        return new PickledTensor(storage, offset, size, stride);
    }

    // ('storage', torch.FloatStorage, key, location, numel)
    private static PickledStorage Storage(object? id, string source)
    {
        if (id is not PickleTuple { Items: var items } || items.Length != 5 || items[0] is not "storage")
            throw TorchSaveFile.Corrupt(source, $"a persistent id is {PickleValue.Describe(id)}; expected ('storage', type, key, location, numel)");
        if (items[1] is not PickleGlobal { Module: "torch" } type || !StorageTypes.TryGetValue(type.Name, out var dtype))
            throw TorchSaveFile.Corrupt(source, $"a persistent id names storage type {PickleValue.Describe(items[1])}");
        if (items[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw TorchSaveFile.Corrupt(source, $"a persistent id has an invalid storage key {PickleValue.Describe(items[2])}");
        var numel = AsLong(items[4], "storage size", source);
        if (numel < 0) throw TorchSaveFile.Corrupt(source, $"storage '{key}' has a negative size {numel}");
        return new PickledStorage(key, dtype, numel);
    }

    private static long[] LongTuple(object? value, string what, string source)
    {
        if (value is not PickleTuple t) throw TorchSaveFile.Corrupt(source, $"a tensor's {what} is {PickleValue.Describe(value)}, not a tuple");
        return t.Items.Select(i => AsLong(i, what, source)).ToArray();
    }

    private static long AsLong(object? value, string what, string source) =>
        value is long l ? l : throw TorchSaveFile.Corrupt(source, $"a {what} is {PickleValue.Describe(value)}, not an integer");
}
