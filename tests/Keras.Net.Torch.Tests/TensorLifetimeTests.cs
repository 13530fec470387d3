using System.Runtime.CompilerServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch.Tests;

/// <summary>
/// Ownership of native tensors: dispose scopes (registration, holes left by early disposal, moving out), the
/// finalizer safety nets, and the shim's small-block CPU allocator.
/// </summary>
public sealed class TensorLifetimeTests
{
    [Fact]
    public void ScopeDisposesWhatItOwnsAndCountsLiveTensors()
    {
        Tensor a, b, c;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones(2);
            b = a + 1;
            c = b * 2;
            Assert.Equal(3, scope.Count);
            b.Dispose();
            Assert.Equal(2, scope.Count);
            Assert.True(b.IsDisposed);
            Assert.Equal(8.0, c.sum().item());
            Assert.Equal(3, scope.Count);
        }
        Assert.True(a.IsDisposed);
        Assert.True(c.IsDisposed);
    }

    [Fact]
    public void HolesLeftByEarlyDisposalAreReclaimedWithoutLosingTensors()
    {
        using var scope = torch.NewDisposeScope();
        var kept = new List<(Tensor Tensor, float Value)>();
        for (var round = 0; round < 5; round++)
        {
            // 100 tensors per round, 90 of them disposed at once: the slot array compacts instead of growing.
            for (var i = 0; i < 100; i++)
            {
                var t = torch.full([3], (float)(round * 100 + i));
                if (i % 10 == 0) kept.Add((t, round * 100 + i)); else t.Dispose();
            }
        }
        Assert.Equal(kept.Count, scope.Count);
        foreach (var (tensor, value) in kept) Assert.Equal(3.0 * value, tensor.sum().item());
        // Each sum() above was registered too; dispose the kept tensors in reverse and check the count each time.
        var sums = scope.Count - kept.Count;
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            kept[i].Tensor.Dispose();
            Assert.Equal(sums + i, scope.Count);
        }
    }

    [Fact]
    public void MoveToOuterHandsOwnershipToTheEnclosingScope()
    {
        Tensor moved, local;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                moved = torch.ones(4).MoveToOuterDisposeScope();
                local = torch.ones(4);
                Assert.Equal(1, inner.Count);
                Assert.Equal(1, outer.Count);
            }
            Assert.True(local.IsDisposed);
            Assert.False(moved.IsDisposed);
            Assert.Equal(4.0, moved.sum().item());
        }
        Assert.True(moved.IsDisposed);
    }

    [Fact]
    public void TensorsLeavingEveryScopeBelongToTheCaller()
    {
        Tensor moved, detached;
        using (torch.NewDisposeScope())
        {
            moved = torch.ones(2).MoveToOuterDisposeScope(); // no outer scope: now the caller's
            detached = torch.ones(3).DetachFromDisposeScope();
        }
        Assert.Equal(2.0, moved.sum().item<float>());
        Assert.Equal(3.0, detached.sum().item<float>());
        moved.Dispose();
        detached.Dispose();
        Assert.True(moved.IsDisposed && detached.IsDisposed);
    }

    [Fact]
    public void DisposingAnOuterScopeFirstLeavesTheInnerOneWorking()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        var t = torch.ones(2);
        outer.Dispose();
        Assert.Null(DisposeScope.Current);
        Assert.False(t.IsDisposed);
        t.MoveToOuterDisposeScope(); // the outer scope is gone: t now belongs to the caller
        inner.Dispose();
        Assert.False(t.IsDisposed);
        Assert.Equal(2.0, t.sum().item<float>());
        t.Dispose();
    }

    [Fact]
    public void DroppedTensorsAndAbandonedScopesAreCollected()
    {
        var (tensor, scope, scoped) = CreateGarbage();
        for (var i = 0; i < 3 && (tensor.IsAlive || scope.IsAlive || scoped.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(tensor.IsAlive, "a tensor dropped without Dispose outside any scope was not collected");
        Assert.False(scope.IsAlive, "a scope abandoned on an ended thread was not collected");
        Assert.False(scoped.IsAlive, "a tensor owned by an abandoned scope was not collected");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Tensor, WeakReference Scope, WeakReference Scoped) CreateGarbage()
    {
        var tensor = new WeakReference(torch.ones(8));
        WeakReference? scope = null, scoped = null;
        var thread = new Thread(() =>
        {
            var s = torch.NewDisposeScope(); // never disposed; the thread ends with it current
            scope = new WeakReference(s);
            scoped = new WeakReference(torch.ones(16) * 3);
        });
        thread.Start();
        thread.Join();
        return (tensor, scope!, scoped!);
    }

    [Fact]
    public void TheShimInstallsItsCachingCpuAllocatorUnlessToldNotTo()
    {
        var optedOut = Environment.GetEnvironmentVariable("KERASNET_CPU_ALLOCATOR") == "default";
        Assert.Equal(optedOut ? 0 : 1, NativeMethods.kn_cpu_allocator_is_caching());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]   // 64 bytes: the end of the first size class
    [InlineData(17)]
    [InlineData(256)]  // 1 KiB: the largest cached block
    [InlineData(257)]  // the first size that bypasses the cache
    [InlineData(100_000)]
    public void TensorsOfEverySizeClassKeepTheirValuesWhenBlocksAreReused(int length)
    {
        using var scope = torch.NewDisposeScope();
        for (var round = 0; round < 3; round++)
        {
            var values = Enumerable.Range(0, length).Select(i => (float)(i % 7) + round).ToArray();
            var held = new List<Tensor>();
            for (var k = 0; k < 20; k++) held.Add(torch.tensor(values) * 1);
            foreach (var t in held)
            {
                Assert.Equal(values, t.data<float>());
                Assert.True(t.data<float>().Length == length);
                t.Dispose();
            }
        }
    }

    [Fact]
    public void BlocksFreedOnAnotherThreadAreSafeToReuse()
    {
        var tensors = Enumerable.Range(0, 200).Select(i => torch.full([i % 40 + 1], (float)i)).ToArray();
        var freer = new Thread(() => { foreach (var t in tensors) t.Dispose(); });
        freer.Start();
        freer.Join();
        Assert.All(tensors, t => Assert.True(t.IsDisposed));
        using var scope = torch.NewDisposeScope();
        for (var i = 0; i < 200; i++)
        {
            var t = torch.full([i % 40 + 1], (float)i);
            Assert.Equal((i % 40 + 1) * (double)i, t.sum().item(), 3);
        }
    }

    [Fact]
    public void TensorsOutliveTheThreadThatCreatedThem()
    {
        // The creating thread's caches of blocks and handles are released when it ends; its tensors must not be.
        Tensor[] made = [];
        var maker = new Thread(() =>
        {
            made = Enumerable.Range(1, 50).Select(i => torch.full([i % 8 + 1], (float)i) * 2).ToArray();
            foreach (var t in made.Take(10)) t.Dispose(); // fills this thread's caches before it exits
        });
        maker.Start();
        maker.Join();
        for (var i = 10; i < made.Length; i++)
        {
            Assert.Equal(((i + 1) % 8 + 1) * 2.0 * (i + 1), made[i].sum().item(), 3);
            made[i].Dispose();
        }
    }
}
