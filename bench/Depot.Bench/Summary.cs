using System.Globalization;

namespace Depot.Bench;

/// <summary>One table cell: the median over rounds (or the worst round), its range, or why there is none.</summary>
internal sealed record Summary(double? Value, double Min, double Max, int Rounds, bool Ran, bool Failed)
{
    /// <param name="rounds">The phase's results on one target, one per round.</param>
    /// <param name="phase">With <see cref="Phase.WorstOfRounds"/>, the cell is the worst round instead of the median.</param>
    public static Summary Of(IReadOnlyList<PhaseResult> rounds, Phase? phase = null)
    {
        if (rounds.Count == 0)
        {
            return new Summary(null, 0, 0, 0, Ran: false, Failed: false);
        }

        // One failed round fails the cell: a median that hides errors would flatter the server.
        if (rounds.Any(r => r.Error is not null || r.Value is null))
        {
            return new Summary(null, 0, 0, rounds.Count, Ran: true, Failed: true);
        }

        var values = rounds.Select(r => r.Value!.Value).ToList();
        var value = phase switch
        {
            { WorstOfRounds: true, HigherIsBetter: true } => values.Min(),
            { WorstOfRounds: true } => values.Max(),
            _ => Stats.Median(values),
        };
        return new Summary(value, values.Min(), values.Max(), values.Count, Ran: true, Failed: false);
    }

    public string Cell(string unit)
    {
        if (!Ran)
        {
            return "not run";
        }

        if (Failed || Value is not { } v)
        {
            return "failed";
        }

        var format = unit == "ms" ? "0.0" : "0";
        var median = v.ToString(format, CultureInfo.InvariantCulture);
        return Rounds > 1
            ? $"{median} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})"
            : median;
    }
}
