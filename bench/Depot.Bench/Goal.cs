namespace Depot.Bench;

/// <summary>
/// A Depot target: a bound on the value itself, or on Depot/nginx when <see cref="Relative"/>. Its direction is the
/// phase's: a floor where higher is better (throughput), a ceiling where lower is (time, latency).
/// </summary>
internal sealed record Goal(double Bound, bool Relative)
{
    public string Describe(string unit, bool higherIsBetter) => (Relative, higherIsBetter) switch
    {
        (true, true) => $"≥ {Bound:0.0#}× nginx",
        (true, false) => $"≤ {Bound:0.0#}× nginx's",
        (false, true) => $"≥ {Bound:0} {unit}",
        (false, false) => $"≤ {Bound:0} {unit}",
    };

    public bool IsMet(double value, bool higherIsBetter) => higherIsBetter ? value >= Bound : value <= Bound;
}
