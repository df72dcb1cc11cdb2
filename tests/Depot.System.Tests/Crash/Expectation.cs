namespace Depot.System.Tests.Crash;

/// <summary>What one path may hold after a crash: one of <see cref="Candidates"/>, or nothing if allowed.</summary>
internal sealed record Expectation(string Path, bool AbsentAllowed, IReadOnlyList<Attempt> Candidates, IReadOnlyList<Attempt> History)
{
    /// <summary>The candidate with this content, or null when the content matches no allowed write.</summary>
    public Attempt? Match(string sha256) => Candidates.LastOrDefault(c => c.Content.Sha256 == sha256);

    public string Describe() =>
        $"{Path}: absent {(AbsentAllowed ? "allowed" : "NOT allowed")}; history since last verified state:" +
        string.Concat(History.Select(a => $"{Environment.NewLine}    {a}"));
}
