using System.Net;
using System.Net.Sockets;

namespace KerasNet.Torch.Tests;

/// <summary>
/// Free TCP ports on 127.0.0.1 for tests that start a rendezvous store on a port they must name in advance.
/// </summary>
/// <remarks>
/// The ports come from below Linux's ephemeral range (32768-60999): an OS-assigned port (every outgoing connection,
/// every listener on port 0, in this process or the other test process) can take a port from that range in the gap
/// between our check and the store's bind, which made a run fail with "Address already in use". Below it, only another
/// test picking the same random port can collide, and <see cref="IsAddressInUse"/> lets a caller retry then.
/// </remarks>
internal static class LoopbackPorts
{
    private const int Lowest = 20000;
    private const int Highest = 32000;

    /// <summary>A port <c>p</c> such that <c>p</c> and the next <paramref name="count"/> - 1 ports are free now.</summary>
    public static int FreeRun(int count = 1)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest);
            if (Enumerable.Range(port, count).All(IsFree)) return port;
        }
        throw new InvalidOperationException($"No {count} consecutive free loopback ports found in {Lowest}-{Highest}.");
    }

    /// <summary>Whether a process's output reports that a store could not bind its port (errno 98).</summary>
    public static bool IsAddressInUse(string output) => output.Contains("Address already in use", StringComparison.Ordinal);

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
