using System.Reflection;
using System.Runtime.InteropServices;

namespace KerasNet.Torch.Tests;

// Elementwise math against PyTorch (tests/fixtures/cases/math.py): values and gradients for the differentiable
// ops, exact results (and dtypes) for comparisons, logic and integer arithmetic.
public sealed class MathParityTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("math");

    public void Dispose() => fx.Dispose();

    /// <summary>Runs an op whose result must equal PyTorch's exactly, dtype included.</summary>
    private void Exact(string @case, int inputCount, Func<Tensor[], Tensor> op)
    {
        using var scope = torch.NewDisposeScope();
        var inputs = Enumerable.Range(0, inputCount).Select(i => fx.Input(@case, i)).ToArray();
        var result = op(inputs);
        var expected = fx[$"{@case}.out"];
        Assert.Equal(expected.dtype, result.dtype);
        TensorAssert.Equal(expected, result, @case);
    }

    [Fact] public void Add() => Parity.Check(fx, "add", 2, x => torch.add(x[0], x[1]));
    [Fact] public void AddWithAlpha() => Parity.Check(fx, "add_alpha", 2, x => x[0].add(x[1], alpha: -2.5));
    [Fact] public void Sub() => Parity.Check(fx, "sub", 2, x => x[0] - x[1]);
    [Fact] public void SubWithAlpha() => Parity.Check(fx, "sub_alpha", 2, x => torch.sub(x[0], x[1], alpha: 0.5));
    [Fact] public void Mul() => Parity.Check(fx, "mul", 2, x => x[0] * x[1]);
    [Fact] public void Div() => Parity.Check(fx, "div", 2, x => x[0] / x[1]);
    [Fact] public void FloorDivide() => Parity.Check(fx, "floor_divide", 2, x => x[0].floor_divide(x[1]));
    [Fact] public void Remainder() => Parity.Check(fx, "remainder", 2, x => x[0] % x[1]);
    [Fact] public void Pow() => Parity.Check(fx, "pow", 2, x => torch.pow(x[0], x[1]));
    [Fact] public void Maximum() => Parity.Check(fx, "maximum", 2, x => torch.maximum(x[0], x[1]));
    [Fact] public void Minimum() => Parity.Check(fx, "minimum", 2, x => x[0].minimum(x[1]));
    [Fact] public void Atan2() => Parity.Check(fx, "atan2", 2, x => torch.atan2(x[0], x[1]));
    [Fact] public void AddScalar() => Parity.Check(fx, "add_scalar", 1, x => x[0] + 1.5);
    [Fact] public void SubScalar() => Parity.Check(fx, "sub_scalar", 1, x => x[0].sub(2));
    [Fact] public void ScalarMinusTensor() => Parity.Check(fx, "rsub_scalar", 1, x => 3 - x[0]);
    [Fact] public void MulScalar() => Parity.Check(fx, "mul_scalar", 1, x => -0.75 * x[0]);
    [Fact] public void DivScalar() => Parity.Check(fx, "div_scalar", 1, x => x[0].div(4));
    [Fact] public void ScalarDividedByTensor() => Parity.Check(fx, "rdiv_scalar", 1, x => 2 / x[0]);
    [Fact] public void RemainderScalar() => Parity.Check(fx, "remainder_scalar", 1, x => x[0] % 1.5);
    [Fact] public void PowScalar() => Parity.Check(fx, "pow_scalar", 1, x => x[0].pow(2.5));
    [Fact] public void PowIntegerScalar() => Parity.Check(fx, "pow_int_scalar", 1, x => x[0].pow(3));

    private static readonly Dictionary<string, (Func<Tensor, Tensor> op, Func<Tensor, Tensor> inPlace)> Unary = new()
    {
        ["neg"] = (t => -t, t => t.neg_()),
        ["abs"] = (t => torch.abs(t), t => t.abs_()),
        ["exp"] = (t => t.exp(), t => t.exp_()),
        ["expm1"] = (t => torch.expm1(t), t => t.expm1_()),
        ["sin"] = (t => t.sin(), t => t.sin_()),
        ["cos"] = (t => torch.cos(t), t => t.cos_()),
        ["tan"] = (t => t.tan(), t => t.tan_()),
        ["atan"] = (t => torch.atan(t), t => t.atan_()),
        ["sinh"] = (t => t.sinh(), t => t.sinh_()),
        ["cosh"] = (t => torch.cosh(t), t => t.cosh_()),
        ["tanh"] = (t => t.tanh(), t => t.tanh_()),
        ["sigmoid"] = (t => torch.sigmoid(t), t => t.sigmoid_()),
        ["floor"] = (t => t.floor(), t => t.floor_()),
        ["ceil"] = (t => torch.ceil(t), t => t.ceil_()),
        ["round"] = (t => t.round(), t => t.round_()),
        ["trunc"] = (t => torch.trunc(t), t => t.trunc_()),
        ["sign"] = (t => t.sign(), t => t.sign_()),
        ["square"] = (t => torch.square(t), t => t.square_()),
        ["erf"] = (t => t.erf(), t => t.erf_()),
        ["log"] = (t => torch.log(t), t => t.log_()),
        ["log1p"] = (t => t.log1p(), t => t.log1p_()),
        ["log2"] = (t => torch.log2(t), t => t.log2_()),
        ["log10"] = (t => t.log10(), t => t.log10_()),
        ["sqrt"] = (t => torch.sqrt(t), t => t.sqrt_()),
        ["rsqrt"] = (t => t.rsqrt(), t => t.rsqrt_()),
        ["reciprocal"] = (t => torch.reciprocal(t), t => t.reciprocal_()),
        ["asin"] = (t => t.asin(), t => t.asin_()),
        ["acos"] = (t => torch.acos(t), t => t.acos_()),
    };

    public static TheoryData<string> UnaryNames => new(Unary.Keys);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryValuesAndGradients(string name) => Parity.Check(fx, name, 1, x => Unary[name].op(x[0]));

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryInPlaceMatchesOutOfPlace(string name)
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input(name, 0);
        var result = Unary[name].inPlace(x);
        Assert.Same(x, result);
        TensorAssert.Close(fx[$"{name}.out"], x, what: name + "_");
    }

    [Fact] public void Clamp() => Parity.Check(fx, "clamp", 1, x => torch.clamp(x[0], -0.5, 0.7));
    [Fact] public void ClampMin() => Parity.Check(fx, "clamp_min", 1, x => x[0].clamp(min: 0.1));
    [Fact] public void ClampMax() => Parity.Check(fx, "clamp_max", 1, x => x[0].clip(max: -0.2));
    [Fact] public void ClampBetweenTensors() => Parity.Check(fx, "clamp_tensor", 3, x => x[0].clamp(x[1], x[2]));
    [Fact] public void Where() => Parity.Check(fx, "where", 3, x => torch.where(x[0], x[1], x[2]));
    [Fact] public void WhereScalar() => Parity.Check(fx, "where_scalar", 2, x => torch.where(x[0], x[1], -1.0));
    [Fact] public void Lerp() => Parity.Check(fx, "lerp", 2, x => x[0].lerp(x[1], 0.3));
    [Fact] public void Addcmul() => Parity.Check(fx, "addcmul", 3, x => x[0].addcmul(x[1], x[2], value: 0.5));
    [Fact] public void Addcdiv() => Parity.Check(fx, "addcdiv", 3, x => x[0].addcdiv(x[1], x[2], value: -2));

    [Fact]
    public void ClampInPlace()
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input("clamp", 0);
        x.clamp_(-0.5, 0.7);
        TensorAssert.Close(fx["clamp.out"], x);
    }

    [Fact] public void Eq() => Exact("eq", 2, x => x[0].eq(x[1]));
    [Fact] public void Ne() => Exact("ne", 2, x => torch.ne(x[0], x[1]));
    [Fact] public void Lt() => Exact("lt", 2, x => x[0] < x[1]);
    [Fact] public void Le() => Exact("le", 2, x => x[0] <= x[1]);
    [Fact] public void Gt() => Exact("gt", 2, x => x[0] > x[1]);
    [Fact] public void Ge() => Exact("ge", 2, x => x[0] >= x[1]);
    [Fact] public void EqScalar() => Exact("eq_scalar", 1, x => x[0].eq(2.0));
    [Fact] public void NeScalar() => Exact("ne_scalar", 1, x => x[0].ne(2.0));
    [Fact] public void LtScalar() => Exact("lt_scalar", 1, x => x[0] < 2.0);
    [Fact] public void LeScalar() => Exact("le_scalar", 1, x => x[0] <= 2.0);
    [Fact] public void GtScalar() => Exact("gt_scalar", 1, x => x[0] > 2.0);
    [Fact] public void GeScalar() => Exact("ge_scalar", 1, x => x[0] >= 2.0);
    [Fact] public void LogicalAnd() => Exact("logical_and", 2, x => torch.logical_and(x[0], x[1]));
    [Fact] public void LogicalOr() => Exact("logical_or", 2, x => x[0].logical_or(x[1]));
    [Fact] public void LogicalXor() => Exact("logical_xor", 2, x => torch.logical_xor(x[0], x[1]));
    [Fact] public void LogicalNot() => Exact("logical_not", 1, x => torch.logical_not(x[0]));
    [Fact] public void LogicalAndOfFloats() => Exact("logical_and_float", 2, x => x[0].logical_and(x[1]));
    [Fact] public void BitwiseAnd() => Exact("bitwise_and", 2, x => x[0] & x[1]);
    [Fact] public void BitwiseOr() => Exact("bitwise_or", 2, x => x[0] | x[1]);
    [Fact] public void BitwiseXor() => Exact("bitwise_xor", 2, x => x[0] ^ x[1]);
    [Fact] public void BitwiseNot() => Exact("bitwise_not", 1, x => ~x[0]);
    [Fact] public void BoolAnd() => Exact("bool_and", 2, x => x[0] & x[1]);
    [Fact] public void IntegerFloorDivide() => Exact("floor_divide_int", 2, x => torch.floor_divide(x[0], x[1]));
    [Fact] public void IntegerRemainder() => Exact("remainder_int", 2, x => x[0] % x[1]);
    [Fact] public void IsNan() => Exact("isnan", 1, x => torch.isnan(x[0]));
    [Fact] public void IsInf() => Exact("isinf", 1, x => x[0].isinf());
    [Fact] public void IsFinite() => Exact("isfinite", 1, x => x[0].isfinite());

    [Fact]
    public void InPlaceBinaryOpsMatchOutOfPlace()
    {
        using var scope = torch.NewDisposeScope();
        var a = fx.Input("div", 0);
        var b = fx.Input("div", 1);
        TensorAssert.Close(a / b, a.clone().div_(b));
        TensorAssert.Close(a * b, a.clone().mul_(b));
        TensorAssert.Close(a.add(b, 2), a.clone().add_(b, 2));
        TensorAssert.Close(a.sub(b, 2), a.clone().sub_(b, 2));
        TensorAssert.Close(a + 3, a.clone().add_(3));
        TensorAssert.Close(a - 3, a.clone().sub_(3));
        TensorAssert.Close(a * 3, a.clone().mul_(3));
        TensorAssert.Close(a / 3, a.clone().div_(3));
        var p = fx.Input("pow", 0);
        TensorAssert.Close(p.pow(b), p.clone().pow_(b));
        TensorAssert.Close(p.pow(2), p.clone().pow_(2));
    }

    // Every [LibraryImport] in the binding must name a function the shim exports; a missing one would only
    // fail (EntryPointNotFoundException) when first called.
    [Fact]
    public void EveryBindingHasANativeExport()
    {
        var nativeMethods = typeof(Tensor).Assembly.GetType("KerasNet.Torch.Interop.NativeMethods", throwOnError: true)!;
        var names = nativeMethods.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(m => m.Name).Where(n => n.StartsWith("kn_", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(names.Count > 100, $"expected the binding's entry points, found {names.Count}");
        using var probe = torch.zeros(1); // makes sure the shim is loaded
        var library = NativeLibrary.Load("KerasNetNative", typeof(Tensor).Assembly, null);
        var missing = names.Where(n => !NativeLibrary.TryGetExport(library, n, out _)).ToList();
        Assert.True(missing.Count == 0, "no native export for: " + string.Join(", ", missing));
    }
}
