using System.Runtime.InteropServices;

namespace Dl4m.Nn;

/// <summary>
/// A barrier for a few threads that meet every microsecond or so (the parts of one cached generation step): each
/// member counts its arrivals in its own cache line and spins until every other member has arrived as often.
/// Blocking primitives cost microseconds per wake-up, as much as the work between two meetings. After a long spin
/// (another process holds the other core) it yields the core instead of burning it. Reset before a round of work
/// that every member takes part in, while no member waits.
/// </summary>
internal sealed class SpinBarrier
{
    private const int SpinsBeforeYield = 1 << 14;
    private readonly PaddedCount[] arrivals;

    public SpinBarrier(int members) => arrivals = new PaddedCount[members];

    /// <summary>Members that meet.</summary>
    public int Members => arrivals.Length;

    /// <summary>Every member's count back to zero (no member may be waiting).</summary>
    public void Reset()
    {
        for (int i = 0; i < arrivals.Length; i++) Volatile.Write(ref arrivals[i].Value, 0);
    }

    /// <summary>Member <paramref name="member"/> arrives and waits for the others; writes before it are visible to them after it.</summary>
    public void Arrive(int member)
    {
        if (arrivals.Length == 1) return;
        long mine = arrivals[member].Value + 1;
        Volatile.Write(ref arrivals[member].Value, mine);
        for (int other = 0; other < arrivals.Length; other++)
        {
            if (other == member) continue;
            int spins = 0;
            while (Volatile.Read(ref arrivals[other].Value) < mine)
            {
                if (++spins < SpinsBeforeYield) Thread.SpinWait(1);
                else
                {
                    Thread.Yield();
                    spins = 0;
                }
            }
        }
    }

    /// <summary>One count per 128 bytes, so the members' writes do not contend for a cache line (or its adjacent-line prefetch pair).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCount
    {
        [FieldOffset(64)] public long Value;
    }
}
