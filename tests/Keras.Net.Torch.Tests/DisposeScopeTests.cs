using System.Globalization;

namespace KerasNet.Torch.Tests;

// Dispose scopes: nesting, moving results out, detaching, manual disposal inside a scope, multi-result ops, and a
// memory test showing that a scope per iteration keeps the process flat.
[Collection(MemoryCollection.Name)]
public class DisposeScopeTests
{
    [Fact]
    public void NestedScopesDisposeTheirOwnTensorsOnly()
    {
        Tensor outerTensor, innerTensor;
        using (var outer = torch.NewDisposeScope())
        {
            outerTensor = torch.ones(2);
            using (var inner = torch.NewDisposeScope())
            {
                Assert.Same(inner, DisposeScope.Current);
                Assert.Same(outer, inner.Outer);
                innerTensor = outerTensor * 2;
                Assert.Equal(1, inner.Count);
                Assert.Equal(1, outer.Count);
            }
            Assert.Same(outer, DisposeScope.Current);
            Assert.True(innerTensor.IsDisposed);
            Assert.False(outerTensor.IsDisposed);
            Assert.Equal(new float[] { 1, 1 }, outerTensor.data<float>());
        }
        Assert.True(outerTensor.IsDisposed);
        Assert.Null(DisposeScope.Current);
    }

    [Fact]
    public void MoveToOuterDisposeScopeKeepsAResultForTheEnclosingScope()
    {
        Tensor result;
        using (var outer = torch.NewDisposeScope())
        {
            using (torch.NewDisposeScope())
            {
                var x = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3);
                result = x.t().matmul(x).sum().MoveToOuterDisposeScope();
            }
            Assert.False(result.IsDisposed);
            Assert.Equal(1, outer.Count);
            Assert.Equal(ScalarType.Float32, result.dtype);
            Assert.Equal(0 * 0 + 1 * 1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 + 2 * (0 * 1 + 0 * 2 + 1 * 2 + 3 * 4 + 3 * 5 + 4 * 5), result.item<float>());
        }
        Assert.True(result.IsDisposed);
    }

    [Fact]
    public void MoveToOuterFromTheOutermostScopeLeavesTheTensorToTheCaller()
    {
        Tensor kept;
        using (torch.NewDisposeScope()) kept = torch.ones(3).MoveToOuterDisposeScope();
        Assert.False(kept.IsDisposed);
        kept.Dispose();
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void DetachFromDisposeScopeOutlivesEveryScope()
    {
        Tensor detached;
        using (torch.NewDisposeScope())
        using (var inner = torch.NewDisposeScope())
        {
            detached = torch.zeros(2, 2).DetachFromDisposeScope();
            Assert.Equal(0, inner.Count);
        }
        Assert.False(detached.IsDisposed);
        Assert.Equal(4, detached.numel());
        detached.Dispose();
    }

    [Fact]
    public void ATensorDisposedByHandInsideAScopeLeavesTheScope()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2);
        var b = torch.ones(2);
        Assert.Equal(2, scope.Count);
        a.Dispose();
        Assert.Equal(1, scope.Count);
        Assert.True(a.IsDisposed);
        a.Dispose(); // harmless
        scope.Dispose();
        Assert.True(b.IsDisposed);
        scope.Dispose(); // harmless too
    }

    [Fact]
    public void EveryResultOfAMultiResultOpBelongsToTheScope()
    {
        var made = new List<Tensor>();
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4);
            made.AddRange(x.split(1));
            made.AddRange(x.chunk(2, 1));
            made.AddRange(x.unbind(1));
            var (values, indices) = x.sort(descending: true);
            made.Add(values);
            made.Add(indices);
            var (top, topIndices) = x.topk(2);
            made.Add(top);
            made.Add(topIndices);
            var (unique, inverse, counts) = x.unique(return_inverse: true, return_counts: true);
            made.AddRange(new[] { unique, inverse!, counts! });
            var mask = x.gt(5);
            made.AddRange(torch.where(mask));
            made.Add(x[1.., TensorIndex.None]);
            made.Add(torch.einsum("ij->j", x));
            Assert.All(made, t => Assert.False(t.IsDisposed));
            Assert.Equal(made.Count + 3, scope.Count); // plus x, the arange it was reshaped from, and the mask
        }
        Assert.All(made, t => Assert.True(t.IsDisposed));
    }

    // 200,000 iterations, each creating and dropping a handful of small tensors (a 1,000-element float32 tensor and
    // the results of ops on it) inside its own scope. Were they not disposed, RSS would grow by gigabytes
    // (~4 KB x 5 tensors x 180,000 iterations after the warm-up); with scopes it stays within the slack.
    [Fact]
    public void AScopePerIterationKeepsMemoryFlat()
    {
        const int iterations = 200_000, warmup = 20_000;
        const long slackBytes = 20L << 20;
        var baseline = 0L;
        var checksum = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            if (i == warmup) baseline = ResidentBytes();
            Tensor last;
            using (torch.NewDisposeScope())
            {
                var x = torch.ones(1000);
                var y = (x * 2 + i % 7).view(10, 100);
                var z = torch.cat(new[] { y[..5], y[5..] }, 1);
                last = z.sum();
                if (i % 10_000 == 0) checksum += last.item();
            }
            if (!last.IsDisposed) Assert.Fail($"iteration {i}: the scope did not dispose its tensors");
        }
        var growth = ResidentBytes() - baseline;
        Assert.Equal(Enumerable.Range(0, iterations / 10_000).Sum(k => 1000.0 * (2 + k * 10_000 % 7)), checksum);
        Assert.True(growth < slackBytes,
            $"RSS grew by {growth / (1 << 20)} MB over {iterations - warmup} iterations after the warm-up (allowed: {slackBytes >> 20} MB)");
    }

    /// <summary>The process's resident set size, from /proc/self/status (VmRSS, in kB).</summary>
    internal static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }
}

/// <summary>Tests that measure the process's memory run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory (not parallel)";
}
