namespace KerasNet.Torch.Tests;

// Bad input to the shape, indexing, sorting and linear-algebra ops: each failure is a typed exception whose message
// starts with the op, carries libtorch's explanation and names the inputs' dtypes and shapes.
public class BadInputTests
{
    private static TException Fails<TException>(Action action, string op, params string[] mentions) where TException : Exception
    {
        var error = Assert.Throws<TException>(action);
        Assert.StartsWith(op + ":", error.Message);
        if (error is TorchException torchError) Assert.Equal(op, torchError.Op);
        foreach (var mention in mentions) Assert.Contains(mention, error.Message);
        return error;
    }

    // ---- shapes ----

    [Fact]
    public void MatmulShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        Fails<TorchShapeException>(() => torch.ones(2, 3).matmul(torch.ones(4, 5)), "matmul", "cannot be multiplied", "float32[2, 3]", "float32[4, 5]");
        Fails<TorchShapeException>(() => torch.ones(2, 3, 4).bmm(torch.ones(2, 5, 4)), "bmm", "float32[2, 3, 4]", "float32[2, 5, 4]");
        Fails<TorchShapeException>(() => torch.ones(2, 3).bmm(torch.ones(3, 2)), "bmm", "3D", "float32[2, 3]");
        Fails<TorchShapeException>(() => torch.ones(3).dot(torch.ones(4)), "dot", "float32[3]", "float32[4]");
    }

    [Fact]
    public void CatAndStackShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchShapeException>(() => torch.cat(new[] { a, torch.ones(3, 3) }, 1), "cat", "Sizes of tensors must match", "float32[2, 3]", "float32[3, 3]", "dim=1");
        Fails<TorchShapeException>(() => torch.stack(new[] { a, a.t() }), "stack", "float32[2, 3]", "float32[3, 2]");
        Fails<TorchArgumentException>(() => torch.cat(Array.Empty<Tensor>()), "cat", "non-empty");
        Fails<TorchArgumentException>(() => torch.stack(new List<Tensor>()), "stack", "non-empty");
    }

    [Fact]
    public void ViewWithWrongNumberOfElements()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchShapeException>(() => a.view(4, 2), "view", "'[4, 2]' is invalid for input of size 6", "float32[2, 3]");
        Fails<TorchShapeException>(() => a.t().view(6), "view", "reshape", "float32[3, 2]");
        Fails<TorchShapeException>(() => a.reshape(-1, -1), "reshape", "only one dimension can be inferred", "float32[2, 3]");
        Fails<TorchShapeException>(() => a.expand(4, 3), "expand", "float32[2, 3]");
        Fails<TorchShapeException>(() => a.split(new long[] { 1, 1 }, 1), "split", "sum exactly to 3", "float32[2, 3]");
        Fails<TorchShapeException>(() => a.unflatten(1, 2, 2), "unflatten", "float32[2, 3]");
        Fails<TorchShapeException>(() => a.narrow(1, 2, 5), "narrow", "exceeds dimension size", "float32[2, 3]");
        Fails<TorchShapeException>(() => torch.ones(2, 2, 2).diag(), "diag", "float32[2, 2, 2]");
        Fails<TorchShapeException>(() => a[0] = torch.ones(4), "index_put_", "float32[2, 3]", "float32[4]", "indices [0]");
    }

    [Fact]
    public void EinsumErrorsNameTheEquation()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchShapeException>(() => torch.einsum("ij,jk->ik", a, a), "einsum", "subscript j", "float32[2, 3]", "\"ij,jk->ik\"");
        Fails<TorchArgumentException>(() => torch.einsum("ij->q", a), "einsum", "subscript q", "\"ij->q\"");
    }

    // ---- dtypes ----

    [Fact]
    public void FloatIndexTensorsAreDtypeErrors()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        var floatIndex = torch.ones(2);
        Fails<TorchDTypeException>(() => a.index_select(1, floatIndex), "index_select", "int64", "float32[2, 3]", "float32[2]");
        Fails<TorchDTypeException>(() => a.gather(1, torch.ones(2, 3)), "gather", "int64", "float32[2, 3]");
        Fails<TorchDTypeException>(() => a.scatter(1, torch.ones(2, 3), a), "scatter", "int64");
        Fails<TorchDTypeException>(() => a.index_add(1, floatIndex, torch.ones(2, 2)), "index_add", "float32[2]");
        Fails<TorchDTypeException>(() => a.take(floatIndex), "take", "index.@long()", "float32[2]");
        Fails<TorchIndexException>(() => _ = a[floatIndex], "index", "must be long, byte or bool", "tensor(float32[2])");
    }

    [Fact]
    public void MixedDtypes()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchDTypeException>(() => a.matmul(torch.ones(new long[] { 3, 2 }, ScalarType.Float64)), "matmul", "float32[2, 3]", "float64[3, 2]");
        Fails<TorchDTypeException>(() => a[torch.tensor(new long[] { 0 })] = torch.ones(new long[] { 3 }, ScalarType.Float64), "index_put_", "float64[3]");
        Fails<TorchDTypeException>(() => torch.where(torch.ones(2, 3), a, a), "where", "boolean", "float32[2, 3]");
    }

    // ---- indices and dims out of range ----

    [Fact]
    public void IndexOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchIndexException>(() => _ = a[5], "index", "index 5 is out of bounds for dimension 0 with size 2", "float32[2, 3]", "indices [5]");
        Fails<TorchIndexException>(() => _ = a[.., -4], "index", "out of bounds", "indices [:, -4]");
        Fails<TorchIndexException>(() => _ = a[torch.tensor(new long[] { 0, 4 })], "index", "index 4 is out of bounds", "tensor(int64[2])");
        Fails<TorchIndexException>(() => _ = a[0, 0, 0], "index", "too many indices", "float32[2, 3]");
        Fails<TorchIndexException>(() => _ = a[torch.ones(new long[] { 3 }, ScalarType.Bool)], "index", "mask", "bool[3]");
        Fails<TorchIndexException>(() => a.index_select(1, torch.tensor(new long[] { 7 })), "index_select", "float32[2, 3]", "int64[1]");
        Fails<TorchIndexException>(() => a.gather(1, torch.full(new long[] { 2, 3 }, 9L, ScalarType.Int64)), "gather", "index 9 is out of bounds", "int64[2, 3]");
        Fails<TorchIndexException>(() => a.take(torch.tensor(new long[] { 6 })), "take", "float32[2, 3]");
        Fails<TorchIndexException>(() => a.topk(4), "topk", "out of range", "float32[2, 3]");
        Fails<TorchIndexException>(() => a.kthvalue(9), "kthvalue", "out of range", "float32[2, 3]");
        Fails<TorchArgumentException>(() => _ = a[TensorIndex.Slice(step: 0)], "index", "step", "indices [::0]");
    }

    private static readonly Dictionary<string, Func<Tensor, object>> DimOps = new()
    {
        ["transpose"] = t => t.transpose(0, 5),
        ["squeeze"] = t => t.squeeze(7),
        ["unsqueeze"] = t => t.unsqueeze(5),
        ["flatten"] = t => t.flatten(0, 4),
        ["flip"] = t => t.flip(3),
        ["roll"] = t => t.roll(1, 4),
        ["narrow"] = t => t.narrow(3, 0, 1),
        ["select"] = t => t.select(-3, 0),
        ["split"] = t => t.split(1, 4),
        ["chunk"] = t => t.chunk(2, 2),
        ["unbind"] = t => t.unbind(2),
        ["cat"] = t => torch.cat(new[] { t, t }, 5),
        ["stack"] = t => torch.stack(new[] { t, t }, 4),
        ["sort"] = t => t.sort(3),
        ["argsort"] = t => t.argsort(-3),
        ["unique"] = t => t.unique(dim: 4),
        ["gather"] = t => t.gather(3, torch.zeros(new long[] { 2, 3 }, ScalarType.Int64)),
        ["index_select"] = t => t.index_select(2, torch.zeros(new long[] { 1 }, ScalarType.Int64)),
    };

    public static TheoryData<string> DimOpNames => new(DimOps.Keys);

    [Theory]
    [MemberData(nameof(DimOpNames))]
    public void DimOutOfRange(string op)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchIndexException>(() => DimOps[op](a), op, "Dimension out of range", "float32[2, 3]");
    }

    // ---- other arguments ----

    [Fact]
    public void ArgumentsCheckedBeforeTheShim()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Fails<TorchArgumentException>(() => a.chunk(0), "chunk", "at least 1", "float32[2, 3]");
        Assert.Throws<ArgumentNullException>(() => torch.cat(new[] { a, null! }));
        Assert.Throws<ArgumentException>(() => a.movedim(new long[] { 0, 1 }, new long[] { 1 }));
        Assert.Throws<ArgumentException>(() => a.tensordot(a, new long[] { 0 }, new long[] { 0, 1 }));
        Fails<TorchShapeException>(() => a.tensordot(a, 3), "tensordot", "[2, 3]");
    }

    // ---- disposed tensors ----

    private static readonly Dictionary<string, Action<Tensor, Tensor>> DisposedUses = new()
    {
        // (live, disposed)
        ["view"] = (live, dead) => dead.view(-1),
        ["matmul other"] = (live, dead) => live.matmul(dead),
        ["cat member"] = (live, dead) => torch.cat(new[] { live, dead }),
        ["einsum operand"] = (live, dead) => torch.einsum("ij,ij->", live, dead),
        ["index get"] = (live, dead) => _ = dead[0],
        ["index tensor"] = (live, dead) => _ = live[dead.@long()],
        ["index tensor entry"] = (live, dead) => _ = live[TensorIndex.FromTensor(dead)],
        ["index put value"] = (live, dead) => live[0] = dead,
        ["gather index"] = (live, dead) => live.gather(0, dead),
        ["sort"] = (live, dead) => dead.sort(),
        ["split"] = (live, dead) => dead.split(1),
        ["where"] = (live, dead) => torch.where(dead),
    };

    public static TheoryData<string> DisposedUseNames => new(DisposedUses.Keys);

    [Theory]
    [MemberData(nameof(DisposedUseNames))]
    public void DisposedTensorThrowsObjectDisposed(string use)
    {
        using var scope = torch.NewDisposeScope();
        var live = torch.ones(2, 3);
        var dead = torch.ones(2, 3);
        dead.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => DisposedUses[use](live, dead));
        Assert.Equal(nameof(Tensor), error.ObjectName);
        Assert.Contains("disposed", error.Message);
        Assert.Contains("MoveToOuterDisposeScope", error.Message);
        Assert.False(live.IsDisposed);
    }

    [Fact]
    public void FailuresLeaveNoErrorBehind()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        Assert.Throws<TorchShapeException>(() => a.view(5));
        // The next successful call is unaffected by the previous failure.
        Assert.Equal(new long[] { 3, 2 }, a.view(3, 2).shape);
        Assert.Equal(new long[] { 6 }, torch.cat(new[] { a.view(-1) }).shape);
    }
}
