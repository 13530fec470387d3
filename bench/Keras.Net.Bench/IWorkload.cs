namespace KerasNet.Bench;

/// <summary>
/// One benchmark workload, defined as in pytorch_reference.py's docstring (same shapes, optimizer and step).
/// Add a workload by writing one class implementing this interface and listing it in <see cref="WorkloadRegistry"/>.
/// </summary>
internal interface IWorkload
{
    /// <summary>The name used on the command line and in the result line, e.g. <c>mnist_cnn</c>.</summary>
    string Name { get; }

    /// <summary>The metric printed: <c>us_per_op</c>, <c>ms_per_step</c> (lower is better) or <c>images_per_s</c>.</summary>
    string Metric { get; }

    /// <summary>Runs the workload (warm-up included) and returns the metric's value: the median over the timed samples.</summary>
    double Measure(BenchOptions options);
}
