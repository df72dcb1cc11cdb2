namespace Depot.System.Tests.Crash;

/// <summary>
/// Deterministic seed mixing (SplitMix64). Not <see cref="HashCode.Combine{T1,T2}"/>, which is randomised per
/// process and would make a printed seed useless.
/// </summary>
internal static class Seeds
{
    public static ulong Mix(params long[] parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state += (ulong)part + 0x9E3779B97F4A7C15UL;
            state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
            state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
            state ^= state >> 31;
        }

        return state;
    }

    public static Random Random(params long[] parts) => new((int)(Mix(parts) & int.MaxValue));
}
