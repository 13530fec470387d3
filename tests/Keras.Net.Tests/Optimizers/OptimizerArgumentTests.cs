using System.Globalization;
using System.Reflection;
using KerasNet.Optimizers;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>
/// Every optimizer rejects a bad value of each of its arguments the same way: an <see cref="ArgumentOutOfRangeException"/>
/// named after the argument, whose message names the optimizer, says what is expected and what was received. The
/// constructors are called by reflection with one argument changed and the others at their defaults.
/// </summary>
public class OptimizerArgumentTests
{
    private static readonly Type[] Optimizers =
        { typeof(SGD), typeof(Adam), typeof(AdamW), typeof(Adamax), typeof(Nadam), typeof(RMSprop), typeof(Adagrad), typeof(Adadelta), typeof(Lion),
          typeof(Adafactor), typeof(Ftrl), typeof(Lamb), typeof(Muon) };

    // Arguments of the base class, which every optimizer takes: (argument, bad value, what the message expects).
    private static readonly (string Argument, object Value, string Expected)[] Common =
    {
        ("learningRate", -0.1, "the learning rate must be a positive number"),
        ("learningRate", 0.0, "the learning rate must be a positive number"),
        ("learningRate", double.NaN, "the learning rate must be a positive number"),
        ("learningRate", double.PositiveInfinity, "the learning rate must be a positive number"),
        ("weightDecay", -0.01, "weightDecay must be a finite number >= 0"),
        ("clipnorm", -1.0, "clipnorm must be a finite number >= 0"),
        ("clipvalue", -1.0, "clipvalue must be a finite number >= 0"),
        ("globalClipnorm", double.NaN, "globalClipnorm must be a finite number >= 0"),
        ("emaMomentum", 1.5, "emaMomentum must be in [0, 1]"),
        ("emaMomentum", -0.5, "emaMomentum must be in [0, 1]"),
        ("emaOverwriteFrequency", 0, "emaOverwriteFrequency must be at least 1"),
        ("gradientAccumulationSteps", 0, "gradientAccumulationSteps must be at least 1"),
    };

    // Each optimizer's own arguments.
    private static readonly (Type Optimizer, string Argument, object Value, string Expected)[] Own =
    {
        (typeof(SGD), "momentum", -0.1, "momentum must be in [0, 1]"),
        (typeof(SGD), "momentum", 1.1, "momentum must be in [0, 1]"),
        (typeof(RMSprop), "rho", 1.0, "rho must be in [0, 1)"),
        (typeof(RMSprop), "momentum", 1.0, "momentum must be in [0, 1)"),
        (typeof(RMSprop), "epsilon", 0.0, "epsilon must be a positive number"),
        (typeof(Adagrad), "initialAccumulatorValue", -0.1, "initialAccumulatorValue must be a finite number >= 0"),
        (typeof(Adagrad), "epsilon", -1e-7, "epsilon must be a positive number"),
        (typeof(Adadelta), "rho", -0.05, "rho must be in [0, 1)"),
        (typeof(Adadelta), "epsilon", 0.0, "epsilon must be a positive number"),
        (typeof(Lion), "beta1", 1.0, "beta1 must be in [0, 1)"),
        (typeof(Lion), "beta2", -0.1, "beta2 must be in [0, 1)"),
        (typeof(Adafactor), "beta2Decay", 0.5, "beta2Decay must be a negative number"),
        (typeof(Adafactor), "epsilon2", 0.0, "epsilon2 must be a positive number"),
        (typeof(Adafactor), "clipThreshold", -1.0, "clipThreshold must be a positive number"),
        (typeof(Ftrl), "learningRatePower", 0.5, "learningRatePower must be a finite number <= 0"),
        (typeof(Ftrl), "initialAccumulatorValue", -0.1, "initialAccumulatorValue must be a finite number >= 0"),
        (typeof(Ftrl), "l1RegularizationStrength", -0.1, "l1RegularizationStrength must be a finite number >= 0"),
        (typeof(Ftrl), "l2ShrinkageRegularizationStrength", double.NaN, "l2ShrinkageRegularizationStrength must be a finite number >= 0"),
        (typeof(Lamb), "beta1", 1.0, "beta1 must be in [0, 1)"),
        (typeof(Lamb), "epsilon", 0.0, "epsilon must be a positive number"),
        (typeof(Muon), "momentum", 1.0, "momentum must be in [0, 1)"),
        (typeof(Muon), "adamBeta2", -0.2, "adamBeta2 must be in [0, 1)"),
        (typeof(Muon), "nsSteps", 0, "nsSteps must be at least 1"),
        (typeof(Muon), "rmsRate", 0.0, "rmsRate must be a positive number"),
    };

    // Adam, AdamW, Adamax and Nadam share their moment decays and epsilon.
    private static readonly (string Argument, object Value, string Expected)[] Moments =
    {
        ("beta1", 1.0, "beta1 must be in [0, 1)"),
        ("beta1", -0.1, "beta1 must be in [0, 1)"),
        ("beta2", 1.5, "beta2 must be in [0, 1)"),
        ("epsilon", 0.0, "epsilon must be a positive number"),
        ("epsilon", double.NaN, "epsilon must be a positive number"),
    };

    public static TheoryData<string, string, object, string> BadArguments()
    {
        var data = new TheoryData<string, string, object, string>();
        foreach (var type in Optimizers)
            foreach (var (argument, value, expected) in Common) data.Add(type.Name, argument, value, expected);
        foreach (var type in new[] { typeof(Adam), typeof(AdamW), typeof(Adamax), typeof(Nadam) })
            foreach (var (argument, value, expected) in Moments) data.Add(type.Name, argument, value, expected);
        foreach (var (type, argument, value, expected) in Own) data.Add(type.Name, argument, value, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void EachOptimizerRejectsABadValueOfEachArgument(string optimizer, string argument, object value, string expected)
    {
        var error = Assert.IsType<ArgumentOutOfRangeException>(Construct(optimizer, (argument, value)));
        Assert.Equal(argument, error.ParamName);
        var received = Convert.ToString(value, CultureInfo.InvariantCulture);
        Assert.StartsWith($"{optimizer}: {expected}; received {received}.", error.Message);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void EachOptimizerAcceptsAtMostOneClippingOption(string optimizer)
    {
        var error = Assert.IsType<ArgumentException>(Construct(optimizer, ("clipnorm", 1.0), ("globalClipnorm", 2.0)));
        Assert.StartsWith($"{optimizer}: give at most one of clipnorm, clipvalue and globalClipnorm; received clipnorm 1 and globalClipnorm 2.", error.Message);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void EachOptimizerAcceptsItsDefaultsAndBoundaryValues(string optimizer)
    {
        Assert.Null(Construct(optimizer));
        Assert.Null(Construct(optimizer, ("weightDecay", 0.0), ("clipnorm", 0.0), ("emaMomentum", 1.0), ("gradientAccumulationSteps", 1)));
        // The learning rate is not checked when a schedule gives it.
        Assert.Null(Construct(optimizer, ("learningRate", -1.0), ("schedule", new ExponentialDecay(0.1, 10, 0.5))));
    }

    public static TheoryData<string> OptimizerNames() => new(Optimizers.Select(t => t.Name));

    [Fact]
    public void TheLearningRateSetterChecksAsTheConstructorDoes()
    {
        var optimizer = new Adagrad();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = -2);
        Assert.StartsWith("Adagrad: the learning rate must be a positive number; received -2.", error.Message);
    }

    [Fact]
    public void SchedulesCheckTheirArgumentsTheSameWay()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.5));
        Assert.Equal("decaySteps", error.ParamName);
        Assert.StartsWith("ExponentialDecay: decaySteps must be at least 1; received 0.", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(-0.1, 10, 0.5));
        Assert.StartsWith("InverseTimeDecay: initialLearningRate must be a positive number; received -0.1.", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 10, warmupSteps: -1));
        Assert.StartsWith("CosineDecay: warmupSteps must be at least 0; received -1.", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 10, tMul: 0));
        Assert.StartsWith("CosineDecayRestarts: tMul must be a positive number; received 0.", error.Message);
    }

    // Calls the optimizer's constructor with the given arguments and defaults for the rest; returns what it threw,
    // or null when it accepted them.
    private static Exception? Construct(string optimizer, params (string Argument, object Value)[] arguments)
    {
        var type = Optimizers.Single(t => t.Name == optimizer);
        var constructor = type.GetConstructors().Single();
        var values = constructor.GetParameters().Select(p =>
        {
            var given = arguments.Where(a => a.Argument == p.Name).Select(a => a.Value).ToArray();
            return given.Length == 1 ? given[0] : p.DefaultValue;
        }).ToArray();
        Assert.All(arguments, a => Assert.Contains(constructor.GetParameters(), p => p.Name == a.Argument));
        try
        {
            constructor.Invoke(values);
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }
}
