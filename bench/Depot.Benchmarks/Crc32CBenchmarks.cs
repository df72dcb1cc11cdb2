using BenchmarkDotNet.Attributes;
using Depot.Core.Storage;

namespace Depot.Benchmarks;

/// <summary>
/// CRC-32C as whole-file reads verify it: per 4 KiB file, per 64 KiB read of the framework's download copy (8 KiB lanes,
/// then 1 KiB lanes for the rest), and per 256 KiB buffer of a large upload.
/// </summary>
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(4 * 1024, 64 * 1024, 256 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark]
    public uint Append() => Crc32C.Append(0, _data);
}
