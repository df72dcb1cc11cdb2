using System.Data;
using Depot.Core.Data.Copy;

namespace Depot.Core.Tests.Data;

/// <summary>The per-table checksum migrate-metadata verifies with: any change to any value, or to the rows' order, shows.</summary>
public sealed class TableChecksumTests
{
    private static readonly CopyColumn[] Columns = [new("id", ColumnKind.Text), new("name", ColumnKind.Text), new("size", ColumnKind.BigInt)];

    [Fact]
    public async Task Equal_rows_give_equal_checksums_and_counts()
    {
        var first = await ChecksumAsync(("a", "x", 1L), ("b", null, 2L));
        var second = await ChecksumAsync(("a", "x", 1L), ("b", null, 2L));

        Assert.Equal(first, second);
        Assert.Equal(2, first.Rows);
        Assert.Matches("^[0-9a-f]{64}$", first.Sha256);
    }

    [Theory]
    [InlineData("b", "x", 1L, null)]  // another key
    [InlineData("a", "y", 1L, null)]  // one character of text
    [InlineData("a", "X", 1L, null)]  // case
    [InlineData("a", "x", 2L, null)]  // a number
    [InlineData("a", null, 1L, null)] // a value made NULL
    [InlineData("a", "x", 1L, "")]    // NULL made ""
    public async Task A_changed_value_changes_the_checksum(string id, string? name, long size, string? secondName)
    {
        var original = await ChecksumAsync(("a", "x", 1L), ("c", null, 3L));
        var changed = await ChecksumAsync((id, name, size), ("c", secondName, 3L));

        Assert.Equal(original.Rows, changed.Rows);
        Assert.NotEqual(original.Sha256, changed.Sha256);
    }

    [Fact]
    public async Task Moving_characters_between_columns_or_reordering_rows_changes_the_checksum()
    {
        var original = await ChecksumAsync(("ab", "c", 0L), ("d", "e", 0L));

        Assert.NotEqual(original.Sha256, (await ChecksumAsync(("a", "bc", 0L), ("d", "e", 0L))).Sha256);
        Assert.NotEqual(original.Sha256, (await ChecksumAsync(("d", "e", 0L), ("ab", "c", 0L))).Sha256);
        Assert.NotEqual(original.Sha256, (await ChecksumAsync(("ab", "c", 0L))).Sha256);
    }

    private static async Task<(long Rows, string Sha256)> ChecksumAsync(params (string Id, string? Name, long Size)[] rows)
    {
        using var table = new DataTable();
        table.Columns.Add("id", typeof(string));
        table.Columns.Add("name", typeof(string));
        table.Columns.Add("size", typeof(long));
        foreach (var (id, name, size) in rows)
        {
            table.Rows.Add(id, (object?)name ?? DBNull.Value, size);
        }

        using var reader = table.CreateDataReader();
        return await TableChecksum.ComputeAsync(reader, Columns, CancellationToken.None);
    }
}
