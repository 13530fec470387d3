
namespace KerasNet.Optimizers;

public abstract partial class Optimizer
{
    private readonly Dictionary<Variable, double> multipliers = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Trains <paramref name="variable"/> with <paramref name="multiplier"/> times the learning rate (a parameter group
    /// with its own rate): e.g. 0.1 for pretrained layers while a new head learns at the full rate, 0 to hold a weight
    /// still. The step is taken with the common rate and the weight's change is then scaled, which equals a step at the
    /// scaled rate for every optimizer here, since their state (moments, momentum buffers) does not depend on the rate.
    /// Costs one copy of each scaled weight per step. Settable before or after Compile.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The multiplier is negative or not finite.</exception>
    public void SetLearningRateMultiplier(Variable variable, double multiplier)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!(multiplier >= 0) || double.IsInfinity(multiplier))
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"{GetType().Name}: the learning-rate multiplier of '{variable.Path}' must be a finite number >= 0.");
        if (multiplier == 1.0) multipliers.Remove(variable);
        else multipliers[variable] = multiplier;
    }

    /// <summary>Sets the learning-rate multiplier of every weight of <paramref name="layer"/> (and its sublayers; a whole model works too).</summary>
    public void SetLearningRateMultiplier(Layer layer, double multiplier)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach (var weight in layer.Weights) SetLearningRateMultiplier(weight, multiplier);
    }

    /// <summary>The learning-rate multiplier of <paramref name="variable"/> (1 unless set).</summary>
    public double GetLearningRateMultiplier(Variable variable) => multipliers.TryGetValue(variable, out var m) ? m : 1.0;

    private (int Index, double Multiplier, Tensor Before)[]? SnapshotScaledParameters(Tensor[] parameters)
    {
        if (multipliers.Count == 0 || variables is null) return null;
        using var noGrad = torch.no_grad();
        var scaled = new List<(int, double, Tensor)>();
        for (var i = 0; i < variables.Count; i++)
            if (multipliers.TryGetValue(variables[i], out var m))
                scaled.Add((i, m, parameters[i].detach().clone().DetachFromDisposeScope()));
        return scaled.Count == 0 ? null : scaled.ToArray();
    }

    private static void RescaleUpdates(Tensor[] parameters, (int Index, double Multiplier, Tensor Before)[]? scaled)
    {
        if (scaled is null) return;
        using var noGrad = torch.no_grad();
        foreach (var (index, multiplier, before) in scaled)
        {
            using (before)
                parameters[index].sub_(before).mul_(multiplier).add_(before);
        }
    }
}
