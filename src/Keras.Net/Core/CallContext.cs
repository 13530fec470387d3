
namespace KerasNet;

/// <summary>
/// What a layer's <c>Call</c> is told besides its inputs. Extended, not replaced, as layers need more
/// (recurrent initial states, attention masks), so layer signatures stay stable.
/// </summary>
public sealed class CallContext
{
    /// <summary>Inference context.</summary>
    public static readonly CallContext Inference = new(false);

    /// <summary>Training context.</summary>
    public static readonly CallContext TrainingMode = new(true);

    /// <summary>Creates a context.</summary>
    public CallContext(bool training, Tensor? mask = null)
    {
        Training = training;
        Mask = mask;
    }

    /// <summary>True during training: dropout and noise are active, BatchNormalization uses batch statistics.</summary>
    public bool Training { get; }

    /// <summary>A mask over the inputs' time steps (true = keep), if any.</summary>
    public Tensor? Mask { get; }

    /// <summary>The context for a sublayer that runs in inference mode regardless (a frozen base model).</summary>
    public CallContext WithTraining(bool training) => training == Training ? this : new CallContext(training, Mask);

    /// <summary>The same context with another mask (each layer receives the mask of its own first input).</summary>
    public CallContext WithMask(Tensor? mask) => ReferenceEquals(mask, Mask) ? this : new CallContext(Training, mask);
}
