namespace KerasNet.Optimizers;

/// <summary>
/// libtorch's fused Adam and AdamW kernels (<c>torch._fused_adam_</c>, <c>torch._fused_adamw_</c>, what
/// <c>torch.optim.Adam(fused=True)</c> calls), which TorchSharp does not bind: one pass over each parameter's memory
/// for the whole update instead of the eight ops of the managed loop. Reached through one fixed TorchScript
/// compilation unit, compiled once per process.
/// </summary>
/// <remarks>
/// The CPU kernel indexes every tensor as flat memory, so a parameter goes through it only when the parameter, its
/// gradient and its state are dense, contiguous CPU tensors of one dtype, float32 or float64 (<see cref="Takes"/>);
/// the caller updates the others with the managed loop. The CUDA kernel needs its step counts on the device and is
/// not used here.
/// </remarks>
internal static class FusedAdamKernel
{
    // Fixed and covered by tests: a TorchScript source that fails to compile aborts the process.
    private const string Script = """
        def adam(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor], max_exp_avg_sqs: List[Tensor], steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool):
            torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=False)

        def adamw(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor], max_exp_avg_sqs: List[Tensor], steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool):
            torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=False)
        """;

    // TorchScript wants the source to end with a newline.
    private static readonly Lazy<torch.jit.CompilationUnit> Unit = new(() => torch.jit.compile(Script + "\n"));

    /// <summary>
    /// True when the kernel can update <paramref name="param"/> from <paramref name="grad"/> with the given state
    /// (<paramref name="maxExpAvgSq"/> null without AMSGrad): all dense, contiguous, on the CPU, of the parameter's
    /// dtype (float32 or float64) and shape.
    /// </summary>
    internal static bool Takes(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq)
    {
        if (param.device_type != DeviceType.CPU || param.dtype is not (ScalarType.Float32 or ScalarType.Float64)) return false;
        return Fits(param, param) && Fits(param, grad) && Fits(param, expAvg) && Fits(param, expAvgSq) && (maxExpAvgSq is null || Fits(param, maxExpAvgSq));
    }

    private static bool Fits(Tensor param, Tensor t) =>
        !t.is_sparse && t.device_type == DeviceType.CPU && t.dtype == param.dtype && t.is_contiguous() && t.shape.SequenceEqual(param.shape);

    /// <summary>
    /// One Adam step (AdamW's with <paramref name="decoupled"/>) on parallel lists that <see cref="Takes"/> accepted
    /// entry by entry; <paramref name="maxExpAvgSqs"/> is empty without <paramref name="amsgrad"/>. Updates the
    /// parameters and the state in place; the caller holds no-grad mode and a dispose scope.
    /// </summary>
    internal static void Step(bool decoupled, Tensor[] parameters, Tensor[] grads, Tensor[] expAvgs, Tensor[] expAvgSqs, Tensor[] maxExpAvgSqs,
                              long step, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad)
    {
        if (parameters.Length == 0) return;
        // The kernel reads each parameter's step count (as a float: exact up to 2^24, and beyond that the bias
        // corrections are 1 anyway) from its own tensor; all parameters share this one.
        var count = torch.tensor((float)step);
        var steps = Enumerable.Repeat(count, parameters.Length).ToArray();
        using var lrScalar = lr.ToScalar();
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var decayScalar = weightDecay.ToScalar();
        using var epsScalar = eps.ToScalar();
        Unit.Value.invoke(decoupled ? "adamw" : "adam", parameters, grads, expAvgs, expAvgSqs, maxExpAvgSqs, steps,
                          lrScalar, beta1Scalar, beta2Scalar, decayScalar, epsScalar, amsgrad);
    }
}
