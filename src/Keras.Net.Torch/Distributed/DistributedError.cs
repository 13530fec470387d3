using System.Runtime.InteropServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch.Distributed;

/// <summary>Turns the shim's last error after a torch.distributed call into a typed exception.</summary>
internal static class DistributedError
{
    // The prefix the shim gives failures of collectives that run inside autograd's backward (distributed_autograd.cpp),
    // which reach the managed side through backward's own error path.
    internal const string BackwardMarker = "[torch.distributed backward] ";

    /// <summary>A failure inside a backward collective, reported by the op that ran backward (e.g. "backward").</summary>
    internal static DistributedException FromBackward(string op, string native) =>
        Classify("nn.functional.all_reduce", native.Replace(BackwardMarker, "", StringComparison.Ordinal).Trim(), $"in the backward pass, during {op}");

    internal static DistributedException FromNative(string op, string context)
    {
        var native = (Marshal.PtrToStringUTF8(NativeMethods.kn_last_error()) ?? "unknown error").Trim();
        NativeMethods.kn_clear_error();
        return Classify(op, native, context);
    }

    internal static DistributedException Classify(string op, string native, string context)
    {
        var where = context.Length == 0 ? "" : $" ({context})";
        if (Has(native, "timed out", "Timed out", "timeout", "Timeout"))
            return new DistributedTimeoutException(
                $"torch.distributed.{op}{where} timed out: {native}. A peer is stuck, has not started, or cannot be reached " +
                "(check MASTER_ADDR/MASTER_PORT, the firewall and the other ranks' output), or raise the timeout.", op);
        if (Has(native, "closed by peer", "Connection reset", "connection reset", "Broken pipe", "broken pipe", "Socket closed", "ECONNRESET", "EPIPE", "Connection refused"))
            return new DistributedPeerLostException(
                $"torch.distributed.{op}{where} failed because a peer went away: {native}. Another process of the group exited or " +
                "crashed; look at its output, then restart the job (from your last checkpoint or backup).", op);
        return new DistributedException($"torch.distributed.{op}{where} failed: {native}", op);
    }

    private static bool Has(string text, params string[] needles)
    {
        foreach (var needle in needles)
            if (text.Contains(needle, StringComparison.Ordinal)) return true;
        return false;
    }
}
