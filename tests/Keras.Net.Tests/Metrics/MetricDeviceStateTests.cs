using KerasNet.Metrics;

namespace KerasNet.Tests.MetricsTests;

/// <summary>
/// The metrics' state (float64 sums: host doubles on the CPU, a tensor outside every dispose scope on an accelerator):
/// updating a metric inside the per-batch scopes of a training loop leaves no tensor behind and loses nothing when the
/// scopes end, and the sums are, to the last bit, the float64 sums the host used to add.
/// </summary>
public class MetricDeviceStateTests
{
    private const int N = 12;

    public static TheoryData<string> Cases() => new(MetricCases.Keys);

    private static readonly Dictionary<string, Func<Metric>> MetricCases = new()
    {
        ["Accuracy"] = () => new Accuracy(),
        ["BinaryAccuracy"] = () => new BinaryAccuracy(),
        ["CategoricalAccuracy"] = () => new CategoricalAccuracy(),
        ["SparseCategoricalAccuracy"] = () => new SparseCategoricalAccuracy(),
        ["TopKCategoricalAccuracy"] = () => new TopKCategoricalAccuracy(k: 2),
        ["SparseTopKCategoricalAccuracy"] = () => new SparseTopKCategoricalAccuracy(k: 2),
        ["MeanSquaredError"] = () => new MeanSquaredError(),
        ["MeanAbsoluteError"] = () => new MeanAbsoluteError(),
        ["RootMeanSquaredError"] = () => new RootMeanSquaredError(),
        ["Mean"] = () => new Mean(),
        ["Sum"] = () => new Sum(),
        ["Precision"] = () => new Precision(),
        ["Recall"] = () => new Recall(classId: 1),
        ["F1Score"] = () => new F1Score(),
        ["AUC"] = () => new AUC(),
    };

    /// <summary>Targets and predictions each metric accepts: one-hot targets of 4 classes for (N, 4) predictions, or
    /// integer labels for the sparse ones.</summary>
    private static (Tensor Y, Tensor P) Data(string name)
    {
        var p = TestData.Rand(1, N, 4);
        var labels = (TestData.Rand(2, N) * 4).floor().to(ScalarType.Int64).clamp(0, 3);
        var y = name.StartsWith("Sparse", StringComparison.Ordinal) ? labels : torch.nn.functional.one_hot(labels, 4).to(ScalarType.Float32);
        return (y, p);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HundredUpdatesInDisposeScopesLeaveNoTensorsAndKeepTheState(string name)
    {
        var (y, p) = Data(name);
        var weight = TestData.Rand(3, N);
        var metric = MetricCases[name]();
        var reference = MetricCases[name]();
        for (var i = 0; i < 100; i++) reference.UpdateState(y, p, weight);

        // The first update allocates the state (and AUC its thresholds); it must survive the scope it was made in.
        using (torch.NewDisposeScope()) metric.UpdateState(y, p, weight);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 100; i++)
        {
            using var batch = torch.NewDisposeScope();
            metric.UpdateState(y, p, weight);
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(reference.Result(), metric.Result());
        Assert.Equal(reference.ExportState(), metric.ExportState());

        metric.ResetState();
        using (torch.NewDisposeScope()) metric.UpdateState(y, p, weight);
        var once = MetricCases[name]();
        once.UpdateState(y, p, weight);
        Assert.Equal(once.Result(), metric.Result());
    }

    [Fact]
    public void TensorSumsAddWhatHostSumsAddAndLeaveNoTensorsBehind()
    {
        // The CPU keeps sums as host doubles; an accelerator keeps them in a device tensor. Run both ways on the CPU.
        using var host = new RunningSums(3);
        using var tensor = new RunningSums(3, tensorEvenOnCpu: true);
        var live = -1L;
        for (var i = 0; i < 50; i++)
        {
            using var scope = torch.NewDisposeScope();
            var values = TestData.Randn(i, 3).to(ScalarType.Float64);
            var one = values.sum().reshape(1);
            foreach (var sums in new[] { host, tensor })
            {
                sums.Add(values);
                sums.Add(1, one);
                sums.Add(2, 0.25 * i);
            }
            if (i == 1) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            if (i > 1) Assert.True(DisposeScopeManager.Statistics.ThreadTotalLiveCount <= live, $"update {i}: tensors are piling up");
        }
        Assert.Equal(host.Read(), tensor.Read());
        tensor.Write(new[] { 1.0, 2.0, 3.0 });
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, tensor.Read());
        tensor.Clear();
        Assert.Equal(new double[3], tensor.Read());
    }

    [Fact]
    public void MeanAddsTheSameFloat64BatchSumsAsTheHost()
    {
        using var scope = torch.NewDisposeScope();
        var mean = new Mean();
        double total = 0, count = 0;
        for (var i = 0; i < 30; i++)
        {
            var values = TestData.Randn(100 + i, 7, 3);
            var weights = TestData.Rand(200 + i, 7);
            mean.UpdateState(values, weights);
            var w = weights.unsqueeze(-1).expand_as(values);
            total += (values * w).sum().to(ScalarType.Float64).ToDouble();
            count += w.sum().to(ScalarType.Float64).ToDouble();
        }
        Assert.Equal(new[] { total, count }, mean.ExportState());
        Assert.Equal(total / count, mean.Result());
    }

    [Fact]
    public void LossOverloadAddsWhatTheHostPathAdds()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = TestData.Randn(5, 3).requires_grad_();
        var onDevice = new Mean("loss");
        var onHost = new Mean("loss");
        var sizes = new[] { 32, 32, 7, 32, 1 };
        for (var i = 0; i < sizes.Length; i++)
        {
            var loss = (TestData.Randn(10 + i, sizes[i], 3) * kernel).square().mean();   // 0-d, float32, requires grad
            onDevice.UpdateState(loss, sizes[i]);
            onHost.UpdateState(loss.ToDouble(), sizes[i]);
        }
        Assert.Equal(onHost.ExportState(), onDevice.ExportState());
        Assert.Equal(onHost.Result(), onDevice.Result());
    }

    [Fact]
    public void LossOverloadWeighsEveryElementOfALargerTensor()
    {
        using var scope = torch.NewDisposeScope();
        var mean = new Mean();
        mean.UpdateState(TestData.Floats(new[] { 1f, 3f }), 2.0);   // total 8, count 4
        mean.UpdateState(torch.tensor(6f), 4.0);                    // total 32, count 8
        Assert.Equal(new[] { 32.0, 8.0 }, mean.ExportState());
        Assert.Equal(4.0, mean.Result());
    }

    [Fact]
    public void ImportedStateIsKeptAcrossScopesAndUpdatedOnTop()
    {
        var precision = new Precision();
        using (torch.NewDisposeScope()) precision.ImportState(new[] { 3.0, 1.0, 2.0 });
        using (torch.NewDisposeScope()) precision.UpdateState(TestData.Floats(new[] { 1f, 0f }), TestData.Floats(new[] { 0.9f, 0.8f }));
        Assert.Equal(new[] { 4.0, 2.0, 2.0 }, precision.ExportState());
        Assert.Equal(4.0 / 6, precision.Result());
    }

    [Fact]
    public void StateFollowsTheDataToTheGpuAndBack()
    {
        if (!torch.cuda.is_available()) return;   // Nothing to move between on a machine without CUDA.
        var cuda = torch.CUDA;
        var mean = new Mean();
        var auc = new AUC();
        var reference = new AUC();
        using (torch.NewDisposeScope())
        {
            var (y, p) = (TestData.Rand(1, N).gt(0.5).to(ScalarType.Float32), TestData.Rand(2, N));
            mean.UpdateState(TestData.Floats(new[] { 1f, 2f }));
            mean.UpdateState(TestData.Floats(new[] { 3f, 6f }).to(cuda));
            mean.UpdateState(torch.tensor(8f).to(cuda), 3.0);
            auc.UpdateState(y.to(cuda), p.to(cuda));
            auc.UpdateState(y, p);
            reference.UpdateState(y, p);
            reference.UpdateState(y, p);
        }
        Assert.Equal(new[] { 36.0, 7.0 }, mean.ExportState());
        Assert.Equal(reference.ExportState(), auc.ExportState());
    }
}
