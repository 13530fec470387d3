using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Elementwise math over src/Keras.Net.Native/src/math.cpp. Each op beside its in-place variant (suffix _).
public sealed partial class Tensor
{
    /// <summary>this + alpha * other (broadcasting).</summary>
    public Tensor add(Tensor other, Scalar? alpha = null) => Wrap(NativeMethods.kn_add(Handle, other.Handle, (alpha ?? 1).Native), "add", this, other);
    /// <summary>this - alpha * other (broadcasting).</summary>
    public Tensor sub(Tensor other, Scalar? alpha = null) => Wrap(NativeMethods.kn_sub(Handle, other.Handle, (alpha ?? 1).Native), "sub", this, other);
    /// <summary>In place: this += alpha * other.</summary>
    public Tensor add_(Tensor other, Scalar? alpha = null) { Check(NativeMethods.kn_add_(Handle, other.Handle, (alpha ?? 1).Native), "add_", this, other); return this; }
    /// <summary>In place: this -= alpha * other.</summary>
    public Tensor sub_(Tensor other, Scalar? alpha = null) { Check(NativeMethods.kn_sub_(Handle, other.Handle, (alpha ?? 1).Native), "sub_", this, other); return this; }

    /// <summary>Elementwise product (broadcasting).</summary>
    public Tensor mul(Tensor other) => Wrap(NativeMethods.kn_mul(Handle, other.Handle), "mul", this, other);
    /// <summary>Elementwise true division (broadcasting).</summary>
    public Tensor div(Tensor other) => Wrap(NativeMethods.kn_div(Handle, other.Handle), "div", this, other);
    /// <summary>Elementwise division rounded down.</summary>
    public Tensor floor_divide(Tensor other) => Wrap(NativeMethods.kn_floor_divide(Handle, other.Handle), "floor_divide", this, other);
    /// <summary>Elementwise remainder with the sign of the divisor (Python's %).</summary>
    public Tensor remainder(Tensor other) => Wrap(NativeMethods.kn_remainder(Handle, other.Handle), "remainder", this, other);
    /// <summary>Elementwise power.</summary>
    public Tensor pow(Tensor other) => Wrap(NativeMethods.kn_pow(Handle, other.Handle), "pow", this, other);
    /// <summary>Elementwise maximum.</summary>
    public Tensor maximum(Tensor other) => Wrap(NativeMethods.kn_maximum(Handle, other.Handle), "maximum", this, other);
    /// <summary>Elementwise minimum.</summary>
    public Tensor minimum(Tensor other) => Wrap(NativeMethods.kn_minimum(Handle, other.Handle), "minimum", this, other);
    /// <summary>Elementwise atan2(this, other).</summary>
    public Tensor atan2(Tensor other) => Wrap(NativeMethods.kn_atan2(Handle, other.Handle), "atan2", this, other);
    /// <summary>Elementwise ==, as a bool tensor.</summary>
    public Tensor eq(Tensor other) => Wrap(NativeMethods.kn_eq(Handle, other.Handle), "eq", this, other);
    /// <summary>Elementwise !=, as a bool tensor.</summary>
    public Tensor ne(Tensor other) => Wrap(NativeMethods.kn_ne(Handle, other.Handle), "ne", this, other);
    /// <summary>Elementwise &lt;, as a bool tensor.</summary>
    public Tensor lt(Tensor other) => Wrap(NativeMethods.kn_lt(Handle, other.Handle), "lt", this, other);
    /// <summary>Elementwise &lt;=, as a bool tensor.</summary>
    public Tensor le(Tensor other) => Wrap(NativeMethods.kn_le(Handle, other.Handle), "le", this, other);
    /// <summary>Elementwise &gt;, as a bool tensor.</summary>
    public Tensor gt(Tensor other) => Wrap(NativeMethods.kn_gt(Handle, other.Handle), "gt", this, other);
    /// <summary>Elementwise &gt;=, as a bool tensor.</summary>
    public Tensor ge(Tensor other) => Wrap(NativeMethods.kn_ge(Handle, other.Handle), "ge", this, other);
    /// <summary>Elementwise logical and.</summary>
    public Tensor logical_and(Tensor other) => Wrap(NativeMethods.kn_logical_and(Handle, other.Handle), "logical_and", this, other);
    /// <summary>Elementwise logical or.</summary>
    public Tensor logical_or(Tensor other) => Wrap(NativeMethods.kn_logical_or(Handle, other.Handle), "logical_or", this, other);
    /// <summary>Elementwise logical xor.</summary>
    public Tensor logical_xor(Tensor other) => Wrap(NativeMethods.kn_logical_xor(Handle, other.Handle), "logical_xor", this, other);
    /// <summary>Elementwise bitwise (or logical, for bool) and.</summary>
    public Tensor bitwise_and(Tensor other) => Wrap(NativeMethods.kn_bitwise_and(Handle, other.Handle), "bitwise_and", this, other);
    /// <summary>Elementwise bitwise or.</summary>
    public Tensor bitwise_or(Tensor other) => Wrap(NativeMethods.kn_bitwise_or(Handle, other.Handle), "bitwise_or", this, other);
    /// <summary>Elementwise bitwise xor.</summary>
    public Tensor bitwise_xor(Tensor other) => Wrap(NativeMethods.kn_bitwise_xor(Handle, other.Handle), "bitwise_xor", this, other);
    /// <summary>In-place mul.</summary>
    public Tensor mul_(Tensor other) { Check(NativeMethods.kn_mul_(Handle, other.Handle), "mul_", this, other); return this; }
    /// <summary>In-place div.</summary>
    public Tensor div_(Tensor other) { Check(NativeMethods.kn_div_(Handle, other.Handle), "div_", this, other); return this; }
    /// <summary>In-place pow.</summary>
    public Tensor pow_(Tensor other) { Check(NativeMethods.kn_pow_(Handle, other.Handle), "pow_", this, other); return this; }
    /// <summary>add with a scalar.</summary>
    public Tensor add(Scalar other) => Wrap(NativeMethods.kn_add_scalar(Handle, other.Native), "add", this);
    /// <summary>sub with a scalar.</summary>
    public Tensor sub(Scalar other) => Wrap(NativeMethods.kn_sub_scalar(Handle, other.Native), "sub", this);
    /// <summary>mul with a scalar.</summary>
    public Tensor mul(Scalar other) => Wrap(NativeMethods.kn_mul_scalar(Handle, other.Native), "mul", this);
    /// <summary>div with a scalar.</summary>
    public Tensor div(Scalar other) => Wrap(NativeMethods.kn_div_scalar(Handle, other.Native), "div", this);
    /// <summary>remainder with a scalar.</summary>
    public Tensor remainder(Scalar other) => Wrap(NativeMethods.kn_remainder_scalar(Handle, other.Native), "remainder", this);
    /// <summary>pow with a scalar.</summary>
    public Tensor pow(Scalar other) => Wrap(NativeMethods.kn_pow_scalar(Handle, other.Native), "pow", this);
    /// <summary>eq with a scalar.</summary>
    public Tensor eq(Scalar other) => Wrap(NativeMethods.kn_eq_scalar(Handle, other.Native), "eq", this);
    /// <summary>ne with a scalar.</summary>
    public Tensor ne(Scalar other) => Wrap(NativeMethods.kn_ne_scalar(Handle, other.Native), "ne", this);
    /// <summary>lt with a scalar.</summary>
    public Tensor lt(Scalar other) => Wrap(NativeMethods.kn_lt_scalar(Handle, other.Native), "lt", this);
    /// <summary>le with a scalar.</summary>
    public Tensor le(Scalar other) => Wrap(NativeMethods.kn_le_scalar(Handle, other.Native), "le", this);
    /// <summary>gt with a scalar.</summary>
    public Tensor gt(Scalar other) => Wrap(NativeMethods.kn_gt_scalar(Handle, other.Native), "gt", this);
    /// <summary>ge with a scalar.</summary>
    public Tensor ge(Scalar other) => Wrap(NativeMethods.kn_ge_scalar(Handle, other.Native), "ge", this);
    /// <summary>In-place add with a scalar.</summary>
    public Tensor add_(Scalar other) { Check(NativeMethods.kn_add_scalar_(Handle, other.Native), "add_", this); return this; }
    /// <summary>In-place sub with a scalar.</summary>
    public Tensor sub_(Scalar other) { Check(NativeMethods.kn_sub_scalar_(Handle, other.Native), "sub_", this); return this; }
    /// <summary>In-place mul with a scalar.</summary>
    public Tensor mul_(Scalar other) { Check(NativeMethods.kn_mul_scalar_(Handle, other.Native), "mul_", this); return this; }
    /// <summary>In-place div with a scalar.</summary>
    public Tensor div_(Scalar other) { Check(NativeMethods.kn_div_scalar_(Handle, other.Native), "div_", this); return this; }
    /// <summary>In-place pow with a scalar.</summary>
    public Tensor pow_(Scalar other) { Check(NativeMethods.kn_pow_scalar_(Handle, other.Native), "pow_", this); return this; }
    /// <summary>Fills every element with a value, in place.</summary>
    public Tensor fill_(Scalar other) { Check(NativeMethods.kn_fill_(Handle, other.Native), "fill_", this); return this; }
    /// <summary>Elementwise neg.</summary>
    public Tensor neg() => Wrap(NativeMethods.kn_neg(Handle), "neg", this);
    /// <summary>In-place elementwise neg.</summary>
    public Tensor neg_() { Check(NativeMethods.kn_neg_(Handle), "neg_", this); return this; }
    /// <summary>Elementwise abs.</summary>
    public Tensor abs() => Wrap(NativeMethods.kn_abs(Handle), "abs", this);
    /// <summary>In-place elementwise abs.</summary>
    public Tensor abs_() { Check(NativeMethods.kn_abs_(Handle), "abs_", this); return this; }
    /// <summary>Elementwise exp.</summary>
    public Tensor exp() => Wrap(NativeMethods.kn_exp(Handle), "exp", this);
    /// <summary>In-place elementwise exp.</summary>
    public Tensor exp_() { Check(NativeMethods.kn_exp_(Handle), "exp_", this); return this; }
    /// <summary>Elementwise expm1.</summary>
    public Tensor expm1() => Wrap(NativeMethods.kn_expm1(Handle), "expm1", this);
    /// <summary>In-place elementwise expm1.</summary>
    public Tensor expm1_() { Check(NativeMethods.kn_expm1_(Handle), "expm1_", this); return this; }
    /// <summary>Elementwise log.</summary>
    public Tensor log() => Wrap(NativeMethods.kn_log(Handle), "log", this);
    /// <summary>In-place elementwise log.</summary>
    public Tensor log_() { Check(NativeMethods.kn_log_(Handle), "log_", this); return this; }
    /// <summary>Elementwise log1p.</summary>
    public Tensor log1p() => Wrap(NativeMethods.kn_log1p(Handle), "log1p", this);
    /// <summary>In-place elementwise log1p.</summary>
    public Tensor log1p_() { Check(NativeMethods.kn_log1p_(Handle), "log1p_", this); return this; }
    /// <summary>Elementwise log2.</summary>
    public Tensor log2() => Wrap(NativeMethods.kn_log2(Handle), "log2", this);
    /// <summary>In-place elementwise log2.</summary>
    public Tensor log2_() { Check(NativeMethods.kn_log2_(Handle), "log2_", this); return this; }
    /// <summary>Elementwise log10.</summary>
    public Tensor log10() => Wrap(NativeMethods.kn_log10(Handle), "log10", this);
    /// <summary>In-place elementwise log10.</summary>
    public Tensor log10_() { Check(NativeMethods.kn_log10_(Handle), "log10_", this); return this; }
    /// <summary>Elementwise sqrt.</summary>
    public Tensor sqrt() => Wrap(NativeMethods.kn_sqrt(Handle), "sqrt", this);
    /// <summary>In-place elementwise sqrt.</summary>
    public Tensor sqrt_() { Check(NativeMethods.kn_sqrt_(Handle), "sqrt_", this); return this; }
    /// <summary>Elementwise rsqrt.</summary>
    public Tensor rsqrt() => Wrap(NativeMethods.kn_rsqrt(Handle), "rsqrt", this);
    /// <summary>In-place elementwise rsqrt.</summary>
    public Tensor rsqrt_() { Check(NativeMethods.kn_rsqrt_(Handle), "rsqrt_", this); return this; }
    /// <summary>Elementwise sin.</summary>
    public Tensor sin() => Wrap(NativeMethods.kn_sin(Handle), "sin", this);
    /// <summary>In-place elementwise sin.</summary>
    public Tensor sin_() { Check(NativeMethods.kn_sin_(Handle), "sin_", this); return this; }
    /// <summary>Elementwise cos.</summary>
    public Tensor cos() => Wrap(NativeMethods.kn_cos(Handle), "cos", this);
    /// <summary>In-place elementwise cos.</summary>
    public Tensor cos_() { Check(NativeMethods.kn_cos_(Handle), "cos_", this); return this; }
    /// <summary>Elementwise tan.</summary>
    public Tensor tan() => Wrap(NativeMethods.kn_tan(Handle), "tan", this);
    /// <summary>In-place elementwise tan.</summary>
    public Tensor tan_() { Check(NativeMethods.kn_tan_(Handle), "tan_", this); return this; }
    /// <summary>Elementwise asin.</summary>
    public Tensor asin() => Wrap(NativeMethods.kn_asin(Handle), "asin", this);
    /// <summary>In-place elementwise asin.</summary>
    public Tensor asin_() { Check(NativeMethods.kn_asin_(Handle), "asin_", this); return this; }
    /// <summary>Elementwise acos.</summary>
    public Tensor acos() => Wrap(NativeMethods.kn_acos(Handle), "acos", this);
    /// <summary>In-place elementwise acos.</summary>
    public Tensor acos_() { Check(NativeMethods.kn_acos_(Handle), "acos_", this); return this; }
    /// <summary>Elementwise atan.</summary>
    public Tensor atan() => Wrap(NativeMethods.kn_atan(Handle), "atan", this);
    /// <summary>In-place elementwise atan.</summary>
    public Tensor atan_() { Check(NativeMethods.kn_atan_(Handle), "atan_", this); return this; }
    /// <summary>Elementwise sinh.</summary>
    public Tensor sinh() => Wrap(NativeMethods.kn_sinh(Handle), "sinh", this);
    /// <summary>In-place elementwise sinh.</summary>
    public Tensor sinh_() { Check(NativeMethods.kn_sinh_(Handle), "sinh_", this); return this; }
    /// <summary>Elementwise cosh.</summary>
    public Tensor cosh() => Wrap(NativeMethods.kn_cosh(Handle), "cosh", this);
    /// <summary>In-place elementwise cosh.</summary>
    public Tensor cosh_() { Check(NativeMethods.kn_cosh_(Handle), "cosh_", this); return this; }
    /// <summary>Elementwise tanh.</summary>
    public Tensor tanh() => Wrap(NativeMethods.kn_tanh(Handle), "tanh", this);
    /// <summary>In-place elementwise tanh.</summary>
    public Tensor tanh_() { Check(NativeMethods.kn_tanh_(Handle), "tanh_", this); return this; }
    /// <summary>Elementwise sigmoid.</summary>
    public Tensor sigmoid() => Wrap(NativeMethods.kn_sigmoid(Handle), "sigmoid", this);
    /// <summary>In-place elementwise sigmoid.</summary>
    public Tensor sigmoid_() { Check(NativeMethods.kn_sigmoid_(Handle), "sigmoid_", this); return this; }
    /// <summary>Elementwise floor.</summary>
    public Tensor floor() => Wrap(NativeMethods.kn_floor(Handle), "floor", this);
    /// <summary>In-place elementwise floor.</summary>
    public Tensor floor_() { Check(NativeMethods.kn_floor_(Handle), "floor_", this); return this; }
    /// <summary>Elementwise ceil.</summary>
    public Tensor ceil() => Wrap(NativeMethods.kn_ceil(Handle), "ceil", this);
    /// <summary>In-place elementwise ceil.</summary>
    public Tensor ceil_() { Check(NativeMethods.kn_ceil_(Handle), "ceil_", this); return this; }
    /// <summary>Elementwise round.</summary>
    public Tensor round() => Wrap(NativeMethods.kn_round(Handle), "round", this);
    /// <summary>In-place elementwise round.</summary>
    public Tensor round_() { Check(NativeMethods.kn_round_(Handle), "round_", this); return this; }
    /// <summary>Elementwise trunc.</summary>
    public Tensor trunc() => Wrap(NativeMethods.kn_trunc(Handle), "trunc", this);
    /// <summary>In-place elementwise trunc.</summary>
    public Tensor trunc_() { Check(NativeMethods.kn_trunc_(Handle), "trunc_", this); return this; }
    /// <summary>Elementwise sign.</summary>
    public Tensor sign() => Wrap(NativeMethods.kn_sign(Handle), "sign", this);
    /// <summary>In-place elementwise sign.</summary>
    public Tensor sign_() { Check(NativeMethods.kn_sign_(Handle), "sign_", this); return this; }
    /// <summary>Elementwise reciprocal.</summary>
    public Tensor reciprocal() => Wrap(NativeMethods.kn_reciprocal(Handle), "reciprocal", this);
    /// <summary>In-place elementwise reciprocal.</summary>
    public Tensor reciprocal_() { Check(NativeMethods.kn_reciprocal_(Handle), "reciprocal_", this); return this; }
    /// <summary>Elementwise square.</summary>
    public Tensor square() => Wrap(NativeMethods.kn_square(Handle), "square", this);
    /// <summary>In-place elementwise square.</summary>
    public Tensor square_() { Check(NativeMethods.kn_square_(Handle), "square_", this); return this; }
    /// <summary>Elementwise erf.</summary>
    public Tensor erf() => Wrap(NativeMethods.kn_erf(Handle), "erf", this);
    /// <summary>In-place elementwise erf.</summary>
    public Tensor erf_() { Check(NativeMethods.kn_erf_(Handle), "erf_", this); return this; }
    /// <summary>Elementwise logical_not.</summary>
    public Tensor logical_not() => Wrap(NativeMethods.kn_logical_not(Handle), "logical_not", this);
    /// <summary>In-place elementwise logical_not.</summary>
    public Tensor logical_not_() { Check(NativeMethods.kn_logical_not_(Handle), "logical_not_", this); return this; }
    /// <summary>Elementwise test for NaN.</summary>
    public Tensor isnan() => Wrap(NativeMethods.kn_isnan(Handle), "isnan", this);
    /// <summary>Elementwise test for ±infinity.</summary>
    public Tensor isinf() => Wrap(NativeMethods.kn_isinf(Handle), "isinf", this);
    /// <summary>Elementwise test for finite values.</summary>
    public Tensor isfinite() => Wrap(NativeMethods.kn_isfinite(Handle), "isfinite", this);
    /// <summary>Elementwise bitwise not (logical not for bool).</summary>
    public Tensor bitwise_not() => Wrap(NativeMethods.kn_bitwise_not(Handle), "bitwise_not", this);

    /// <summary>Clamps every element into [min, max]; a null bound is open.</summary>
    public Tensor clamp(Scalar? min = null, Scalar? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: give at least one of min and max.");
        return Wrap(NativeMethods.kn_clamp(Handle, (min ?? 0).Native, min is null ? 0 : 1, (max ?? 0).Native, max is null ? 0 : 1), "clamp", this);
    }

    /// <summary>Clamps in place.</summary>
    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp_: give at least one of min and max.");
        Check(NativeMethods.kn_clamp_(Handle, (min ?? 0).Native, min is null ? 0 : 1, (max ?? 0).Native, max is null ? 0 : 1), "clamp_", this);
        return this;
    }

    /// <summary>Clamps elementwise between tensors (either may be null).</summary>
    public Tensor clamp(Tensor? min, Tensor? max)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: give at least one of min and max.");
        return Wrap(NativeMethods.kn_clamp_tensor(Handle, HandleOrZero(min), HandleOrZero(max)), "clamp", this, min, max);
    }

    /// <summary>Same as <see cref="clamp(Scalar?, Scalar?)"/>.</summary>
    public Tensor clip(Scalar? min = null, Scalar? max = null) => clamp(min, max);

    /// <summary>this + weight * (end - this).</summary>
    public Tensor lerp(Tensor end, Scalar weight) => Wrap(NativeMethods.kn_lerp(Handle, end.Handle, weight.Native), "lerp", this, end);

    /// <summary>this + value * t1 * t2.</summary>
    public Tensor addcmul(Tensor t1, Tensor t2, Scalar? value = null) => Wrap(NativeMethods.kn_addcmul(Handle, t1.Handle, t2.Handle, (value ?? 1).Native), "addcmul", this, t1, t2);

    /// <summary>this + value * t1 / t2.</summary>
    public Tensor addcdiv(Tensor t1, Tensor t2, Scalar? value = null) => Wrap(NativeMethods.kn_addcdiv(Handle, t1.Handle, t2.Handle, (value ?? 1).Native), "addcdiv", this, t1, t2);

    /// <summary>Elementwise |this - other| &lt;= atol + rtol * |other|.</summary>
    public Tensor isclose(Tensor other, double rtol = 1e-5, double atol = 1e-8) => Wrap(NativeMethods.kn_allclose_tensor(Handle, other.Handle, rtol, atol), "isclose", this, other);

    /// <summary>True when every element is close to <paramref name="other"/>'s (see <see cref="isclose"/>).</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        using var close = isclose(other, rtol, atol);
        using var all = close.all();
        return all.item<bool>();
    }

    // ---- operators ----
    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Wrap(NativeMethods.kn_add(a.Handle, b.Handle, OneScalar), "add", a, b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, Scalar b) => Wrap(NativeMethods.kn_add_scalar(a.Handle, b.Native), "add", a);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Scalar a, Tensor b) => Wrap(NativeMethods.kn_add_scalar(b.Handle, a.Native), "add", b);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Wrap(NativeMethods.kn_sub(a.Handle, b.Handle, OneScalar), "sub", a, b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, Scalar b) => Wrap(NativeMethods.kn_sub_scalar(a.Handle, b.Native), "sub", a);
    /// <summary>Scalar minus tensor.</summary>
    public static Tensor operator -(Scalar a, Tensor b) => Wrap(NativeMethods.kn_rsub_scalar(b.Handle, a.Native), "rsub", b);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Wrap(NativeMethods.kn_neg(a.Handle), "neg", a);
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Wrap(NativeMethods.kn_mul(a.Handle, b.Handle), "mul", a, b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, Scalar b) => Wrap(NativeMethods.kn_mul_scalar(a.Handle, b.Native), "mul", a);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Scalar a, Tensor b) => Wrap(NativeMethods.kn_mul_scalar(b.Handle, a.Native), "mul", b);
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Wrap(NativeMethods.kn_div(a.Handle, b.Handle), "div", a, b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, Scalar b) => Wrap(NativeMethods.kn_div_scalar(a.Handle, b.Native), "div", a);
    /// <summary>Scalar divided by each element.</summary>
    public static Tensor operator /(Scalar a, Tensor b) => Wrap(NativeMethods.kn_rdiv_scalar(b.Handle, a.Native), "rdiv", b);
    /// <summary>Elementwise remainder (Python's %).</summary>
    public static Tensor operator %(Tensor a, Tensor b) => Wrap(NativeMethods.kn_remainder(a.Handle, b.Handle), "remainder", a, b);
    /// <summary>Remainder by a scalar.</summary>
    public static Tensor operator %(Tensor a, Scalar b) => Wrap(NativeMethods.kn_remainder_scalar(a.Handle, b.Native), "remainder", a);
    /// <summary>Elementwise &lt;.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    /// <summary>Elementwise &gt;.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    /// <summary>Elementwise &lt;=.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    /// <summary>Elementwise &gt;=.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    /// <summary>Elementwise &lt; a scalar.</summary>
    public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
    /// <summary>Elementwise &gt; a scalar.</summary>
    public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
    /// <summary>Elementwise &lt;= a scalar.</summary>
    public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
    /// <summary>Elementwise &gt;= a scalar.</summary>
    public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
    /// <summary>Elementwise and (bitwise, logical for bool).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.bitwise_and(b);
    /// <summary>Elementwise or (bitwise, logical for bool).</summary>
    public static Tensor operator |(Tensor a, Tensor b) => a.bitwise_or(b);
    /// <summary>Elementwise xor (bitwise, logical for bool).</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => a.bitwise_xor(b);
    /// <summary>Elementwise not (bitwise, logical for bool).</summary>
    public static Tensor operator ~(Tensor a) => a.bitwise_not();

    private static readonly NativeScalar OneScalar = ((Scalar)1).Native;
}

public static partial class torch
{
    /// <summary>Elementwise choice: <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) =>
        Tensor.Wrap(NativeMethods.kn_where(condition.Handle, x.Handle, y.Handle), "where", condition, x, y);

    /// <summary>Elementwise choice between a tensor and a scalar.</summary>
    public static Tensor where(Tensor condition, Tensor x, Scalar y) =>
        Tensor.Wrap(NativeMethods.kn_where_scalar(condition.Handle, x.Handle, y.Native), "where", condition, x);

    /// <summary>Elementwise add.</summary>
    public static Tensor add(Tensor input, Tensor other, Scalar? alpha = null) => input.add(other, alpha);
    /// <summary>Elementwise sub.</summary>
    public static Tensor sub(Tensor input, Tensor other, Scalar? alpha = null) => input.sub(other, alpha);
    /// <summary>Elementwise product (broadcasting).</summary>
    public static Tensor mul(Tensor input, Tensor other) => input.mul(other);
    /// <summary>Elementwise true division (broadcasting).</summary>
    public static Tensor div(Tensor input, Tensor other) => input.div(other);
    /// <summary>Elementwise division rounded down.</summary>
    public static Tensor floor_divide(Tensor input, Tensor other) => input.floor_divide(other);
    /// <summary>Elementwise remainder with the sign of the divisor (Python's %).</summary>
    public static Tensor remainder(Tensor input, Tensor other) => input.remainder(other);
    /// <summary>Elementwise power.</summary>
    public static Tensor pow(Tensor input, Tensor other) => input.pow(other);
    /// <summary>Elementwise maximum.</summary>
    public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);
    /// <summary>Elementwise minimum.</summary>
    public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);
    /// <summary>Elementwise atan2(this, other).</summary>
    public static Tensor atan2(Tensor input, Tensor other) => input.atan2(other);
    /// <summary>Elementwise ==, as a bool tensor.</summary>
    public static Tensor eq(Tensor input, Tensor other) => input.eq(other);
    /// <summary>Elementwise !=, as a bool tensor.</summary>
    public static Tensor ne(Tensor input, Tensor other) => input.ne(other);
    /// <summary>Elementwise &lt;, as a bool tensor.</summary>
    public static Tensor lt(Tensor input, Tensor other) => input.lt(other);
    /// <summary>Elementwise &lt;=, as a bool tensor.</summary>
    public static Tensor le(Tensor input, Tensor other) => input.le(other);
    /// <summary>Elementwise &gt;, as a bool tensor.</summary>
    public static Tensor gt(Tensor input, Tensor other) => input.gt(other);
    /// <summary>Elementwise &gt;=, as a bool tensor.</summary>
    public static Tensor ge(Tensor input, Tensor other) => input.ge(other);
    /// <summary>Elementwise logical and.</summary>
    public static Tensor logical_and(Tensor input, Tensor other) => input.logical_and(other);
    /// <summary>Elementwise logical or.</summary>
    public static Tensor logical_or(Tensor input, Tensor other) => input.logical_or(other);
    /// <summary>Elementwise logical xor.</summary>
    public static Tensor logical_xor(Tensor input, Tensor other) => input.logical_xor(other);
    /// <summary>Elementwise bitwise (or logical, for bool) and.</summary>
    public static Tensor bitwise_and(Tensor input, Tensor other) => input.bitwise_and(other);
    /// <summary>Elementwise bitwise or.</summary>
    public static Tensor bitwise_or(Tensor input, Tensor other) => input.bitwise_or(other);
    /// <summary>Elementwise bitwise xor.</summary>
    public static Tensor bitwise_xor(Tensor input, Tensor other) => input.bitwise_xor(other);
    /// <summary>Elementwise neg.</summary>
    public static Tensor neg(Tensor input) => input.neg();
    /// <summary>Elementwise abs.</summary>
    public static Tensor abs(Tensor input) => input.abs();
    /// <summary>Elementwise exp.</summary>
    public static Tensor exp(Tensor input) => input.exp();
    /// <summary>Elementwise expm1.</summary>
    public static Tensor expm1(Tensor input) => input.expm1();
    /// <summary>Elementwise log.</summary>
    public static Tensor log(Tensor input) => input.log();
    /// <summary>Elementwise log1p.</summary>
    public static Tensor log1p(Tensor input) => input.log1p();
    /// <summary>Elementwise log2.</summary>
    public static Tensor log2(Tensor input) => input.log2();
    /// <summary>Elementwise log10.</summary>
    public static Tensor log10(Tensor input) => input.log10();
    /// <summary>Elementwise sqrt.</summary>
    public static Tensor sqrt(Tensor input) => input.sqrt();
    /// <summary>Elementwise rsqrt.</summary>
    public static Tensor rsqrt(Tensor input) => input.rsqrt();
    /// <summary>Elementwise sin.</summary>
    public static Tensor sin(Tensor input) => input.sin();
    /// <summary>Elementwise cos.</summary>
    public static Tensor cos(Tensor input) => input.cos();
    /// <summary>Elementwise tan.</summary>
    public static Tensor tan(Tensor input) => input.tan();
    /// <summary>Elementwise asin.</summary>
    public static Tensor asin(Tensor input) => input.asin();
    /// <summary>Elementwise acos.</summary>
    public static Tensor acos(Tensor input) => input.acos();
    /// <summary>Elementwise atan.</summary>
    public static Tensor atan(Tensor input) => input.atan();
    /// <summary>Elementwise sinh.</summary>
    public static Tensor sinh(Tensor input) => input.sinh();
    /// <summary>Elementwise cosh.</summary>
    public static Tensor cosh(Tensor input) => input.cosh();
    /// <summary>Elementwise tanh.</summary>
    public static Tensor tanh(Tensor input) => input.tanh();
    /// <summary>Elementwise sigmoid.</summary>
    public static Tensor sigmoid(Tensor input) => input.sigmoid();
    /// <summary>Elementwise floor.</summary>
    public static Tensor floor(Tensor input) => input.floor();
    /// <summary>Elementwise ceil.</summary>
    public static Tensor ceil(Tensor input) => input.ceil();
    /// <summary>Elementwise round.</summary>
    public static Tensor round(Tensor input) => input.round();
    /// <summary>Elementwise trunc.</summary>
    public static Tensor trunc(Tensor input) => input.trunc();
    /// <summary>Elementwise sign.</summary>
    public static Tensor sign(Tensor input) => input.sign();
    /// <summary>Elementwise reciprocal.</summary>
    public static Tensor reciprocal(Tensor input) => input.reciprocal();
    /// <summary>Elementwise square.</summary>
    public static Tensor square(Tensor input) => input.square();
    /// <summary>Elementwise erf.</summary>
    public static Tensor erf(Tensor input) => input.erf();
    /// <summary>Elementwise logical_not.</summary>
    public static Tensor logical_not(Tensor input) => input.logical_not();
    /// <summary>Clamps every element into [min, max].</summary>
    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);
    /// <summary>Elementwise test for NaN.</summary>
    public static Tensor isnan(Tensor input) => input.isnan();
    /// <summary>True when every element is close.</summary>
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);
}
