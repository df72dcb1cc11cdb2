using System.Runtime.InteropServices;

namespace Depot.Bench;

/// <summary>
/// xorshift64: several GB/s on one core, so generating upload content never limits a measurement,
/// and incompressible enough that no server can cheat by compressing or deduplicating it.
/// </summary>
internal sealed class PseudoRandom(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public void Fill(Span<byte> buffer)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(buffer);
        var s = _state;
        for (var i = 0; i < words.Length; i++)
        {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            words[i] = s;
        }

        var tail = buffer[(words.Length * sizeof(ulong))..];
        for (var i = 0; i < tail.Length; i++)
        {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            tail[i] = (byte)s;
        }

        _state = s;
    }
}
