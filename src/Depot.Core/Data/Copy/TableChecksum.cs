using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Data.Copy;

/// <summary>
/// A table's row count and SHA-256 over a canonical rendering of every row, in key order. The same code reads both
/// databases, so equal checksums mean equal values in every column, whatever each engine's own text form would be.
/// Each value is typed by the target's column: NULL is <c>0x00</c>; text is <c>0x01</c>, its UTF-8 length (int32,
/// little-endian) and bytes; an integer is <c>0x02</c> and its int64, little-endian; binary content is <c>0x03</c>, its
/// length (int32, little-endian) and bytes. The length prefix keeps
/// <c>("ab", "c")</c> and <c>("a", "bc")</c> apart, and the tag keeps NULL apart from <c>""</c> and from <c>0</c>.
/// </summary>
internal static class TableChecksum
{
    private const byte NullTag = 0;
    private const byte TextTag = 1;
    private const byte IntegerTag = 2;
    private const byte BytesTag = 3;

    public static async Task<(long Rows, string Sha256)> ComputeAsync(DbDataReader reader, IReadOnlyList<CopyColumn> columns,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var row = new ArrayBufferWriter<byte>(256);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            row.ResetWrittenCount();
            for (var i = 0; i < columns.Count; i++)
            {
                Append(row, reader, i, columns[i].Kind);
            }

            hash.AppendData(row.WrittenSpan);
            rows++;
        }

        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static void Append(ArrayBufferWriter<byte> row, DbDataReader reader, int ordinal, ColumnKind kind)
    {
        if (reader.IsDBNull(ordinal))
        {
            row.GetSpan(1)[0] = NullTag;
            row.Advance(1);
        }
        else if (kind == ColumnKind.Text)
        {
            var text = reader.GetString(ordinal);
            var length = Encoding.UTF8.GetByteCount(text);
            var span = row.GetSpan(5 + length);
            span[0] = TextTag;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
            Encoding.UTF8.GetBytes(text, span[5..]);
            row.Advance(5 + length);
        }
        else if (kind == ColumnKind.Bytes)
        {
            var bytes = reader.GetFieldValue<byte[]>(ordinal);
            var span = row.GetSpan(5 + bytes.Length);
            span[0] = BytesTag;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], bytes.Length);
            bytes.CopyTo(span[5..]);
            row.Advance(5 + bytes.Length);
        }
        else
        {
            var span = row.GetSpan(9);
            span[0] = IntegerTag;
            BinaryPrimitives.WriteInt64LittleEndian(span[1..], reader.GetInt64(ordinal));
            row.Advance(9);
        }
    }
}
