using Depot.Core.Files;

namespace Depot.Core.Uploads;

/// <summary>The upload after a chunk, and the stored file when that chunk completed it.</summary>
public sealed record AppendResult(UploadRecord Upload, UploadResult? Committed);
