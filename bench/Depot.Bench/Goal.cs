namespace Depot.Bench;

/// <summary>A Depot target: <see cref="Minimum"/> of the value itself, or of Depot/nginx when <see cref="Relative"/>.</summary>
internal sealed record Goal(double Minimum, bool Relative)
{
    public string Describe(string unit) => Relative ? $"≥ {Minimum:0.0#}× nginx" : $"≥ {Minimum:0} {unit}";
}
