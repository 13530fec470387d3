using KerasNet.Activations;

namespace KerasNet.Layers;

/// <summary>
/// The gate arithmetic of one LSTM or GRU step after the products, shared by the layers (<see cref="LSTM"/>,
/// <see cref="GRU"/>), their cells and the convolutional LSTMs: gate blocks lie along axis 1 in Keras's order, which
/// is the units axis of dense states and the channel axis of channels-first image states alike.
/// </summary>
internal static class RecurrentMath
{
    /// <summary>
    /// An LSTM update from the summed pre-activations <paramref name="z"/> (batch, 4·units, ...; gates i, f, c, o) and
    /// the previous carry; returns the new output state h and carry c.
    /// </summary>
    internal static (Tensor H, Tensor C) Lstm(Tensor z, Tensor cPrev, long units, ActivationFunction activation, ActivationFunction recurrentActivation)
    {
        var gates = z.split(units, 1);
        var i = recurrentActivation.Call(gates[0]);
        var f = recurrentActivation.Call(gates[1]);
        var c = f * cPrev + i * activation.Call(gates[2]);
        var o = recurrentActivation.Call(gates[3]);
        return (o * activation.Call(c), c);
    }

    /// <summary>
    /// A GRU update from the input part <paramref name="projected"/> (batch, 3·units; gates z, r, h, bias included),
    /// the previous state <paramref name="hPrev"/> and the state after recurrent dropout <paramref name="h"/>.
    /// <paramref name="recurrentBias"/> is the second bias row of the reset-after form (null without biases or before).
    /// </summary>
    internal static Tensor Gru(Tensor projected, Tensor hPrev, Tensor h, Tensor recurrentKernel, Tensor? recurrentBias, bool resetAfter,
                               long units, ActivationFunction activation, ActivationFunction recurrentActivation)
    {
        var x = projected.split(units, 1);
        Tensor z, r, candidate;
        if (resetAfter)
        {
            var inner = recurrentBias is null ? h.mm(recurrentKernel) : recurrentBias.addmm(h, recurrentKernel);
            var u = inner.split(units, 1);
            z = recurrentActivation.Call(x[0] + u[0]);
            r = recurrentActivation.Call(x[1] + u[1]);
            candidate = activation.Call(x[2] + r * u[2]);
        }
        else
        {
            var kernels = recurrentKernel.split(new[] { 2 * units, units }, 1);
            var u = h.mm(kernels[0]).split(units, 1);
            z = recurrentActivation.Call(x[0] + u[0]);
            r = recurrentActivation.Call(x[1] + u[1]);
            candidate = activation.Call(x[2] + (r * h).mm(kernels[1]));
        }
        return z * hPrev + (1.0 - z) * candidate;
    }
}
