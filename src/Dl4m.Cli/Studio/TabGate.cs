using System.Collections.Concurrent;

namespace Dl4m.Cli.Studio;

/// <summary>
/// One generation at a time per browser tab (the page sends a random tab id with each request), and at most
/// <see cref="StudioLimits.MaxConcurrent"/> over all tabs. A slot is held until the work itself ends, not until the
/// browser stops waiting, so cancelling and clicking again cannot pile up work.
/// </summary>
public sealed class TabGate(int maxConcurrent)
{
    private readonly ConcurrentDictionary<string, byte> _busy = new();
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    /// <summary>Takes the tab's slot and a machine slot; false (nothing taken) when the tab already runs one or the machine is full.</summary>
    public bool TryEnter(string tab, out string reason)
    {
        if (!_busy.TryAdd(tab, 0))
        {
            reason = "this tab is already generating a song: wait for it or cancel it";
            return false;
        }
        if (!_slots.Wait(0))
        {
            _busy.TryRemove(tab, out _);
            reason = "the studio is busy with other tabs' songs: try again in a moment";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>Releases what <see cref="TryEnter"/> took.</summary>
    public void Exit(string tab)
    {
        _busy.TryRemove(tab, out _);
        _slots.Release();
    }
}
