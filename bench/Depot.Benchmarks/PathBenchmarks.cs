using BenchmarkDotNet.Attributes;
using Depot.Core.Files;

namespace Depot.Benchmarks;

/// <summary>
/// What every file request does with its path before any lookup: parse and normalise it (segments, Unicode
/// normalisation, name rules), as for bench/run.sh's small files.
/// </summary>
[MemoryDiagnoser]
public class PathBenchmarks
{
    private const string SmallFile = "bench-1/small/f000123.bin";

    [Benchmark]
    public bool ParseSmallFilePath() => DepotPath.Parse(SmallFile).IsSuccess;

    [Benchmark]
    public bool NormalizeName() => NodeName.Normalize("f000123.bin").IsSuccess;

    [Benchmark]
    public string DigestHeaderOfSha256() => DigestHeader.Format("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}
