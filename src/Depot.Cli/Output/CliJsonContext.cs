using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Depot.Cli.Config;
using Depot.Protocol.Admin;
using Depot.Protocol.Audit;
using Depot.Protocol.Auth;
using Depot.Protocol.Files;
using Depot.Protocol.Groups;
using Depot.Protocol.Sharing;
using Depot.Protocol.Users;

namespace Depot.Cli.Output;

/// <summary>Source-generated JSON for the config file and for <c>--json</c> output: the wire DTOs plus the CLI's own records.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(CliError))]
[JsonSerializable(typeof(Done))]
[JsonSerializable(typeof(LoginResult))]
[JsonSerializable(typeof(IReadOnlyList<Transfer>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(NodeInfo))]
[JsonSerializable(typeof(IReadOnlyList<NodeInfo>))]
[JsonSerializable(typeof(IReadOnlyList<TrashItem>))]
[JsonSerializable(typeof(IReadOnlyList<VersionInfo>))]
[JsonSerializable(typeof(ScrubReportInfo))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(IReadOnlyList<UserInfo>))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(GroupInfo))]
[JsonSerializable(typeof(IReadOnlyList<ShareInfo>))]
[JsonSerializable(typeof(IReadOnlyList<LinkInfo>))]
[JsonSerializable(typeof(CreatedLinkInfo))]
[JsonSerializable(typeof(LinkInfo))]
[JsonSerializable(typeof(IReadOnlyList<GroupInfo>))]
[JsonSerializable(typeof(IReadOnlyList<GroupMemberInfo>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEventInfo>))]
[JsonSerializable(typeof(IReadOnlyList<AppPasswordInfo>))]
[JsonSerializable(typeof(CreatedAppPassword))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For output and the config file: file names and fingerprints stay readable ("résumé.pdf", not
    /// "r\u00E9sum\u00E9.pdf"). Neither is ever embedded in HTML, which is what the default escaping guards against.
    /// </summary>
    public static CliJsonContext Relaxed { get; } =
        new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}
