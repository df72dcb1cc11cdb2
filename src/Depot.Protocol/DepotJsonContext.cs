using System.Text.Json;
using System.Text.Json.Serialization;
using Depot.Protocol.Auth;
using Depot.Protocol.Files;
using Depot.Protocol.Users;

namespace Depot.Protocol;

/// <summary>Source-generated JSON for every wire type: camelCase, nulls omitted, shared by server and clients.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenInfo))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(AppPasswordInfo))]
[JsonSerializable(typeof(IReadOnlyList<AppPasswordInfo>))]
[JsonSerializable(typeof(CreateAppPasswordRequest))]
[JsonSerializable(typeof(CreatedAppPassword))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(IReadOnlyList<UserInfo>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(SetQuotaRequest))]
[JsonSerializable(typeof(SetPasswordRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(NodeInfo))]
[JsonSerializable(typeof(FolderListing))]
[JsonSerializable(typeof(MoveRequest))]
[JsonSerializable(typeof(TrashItem))]
[JsonSerializable(typeof(TrashListing))]
[JsonSerializable(typeof(RestoreRequest))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(IReadOnlyList<VersionInfo>))]
[JsonSerializable(typeof(RestoreVersionRequest))]
[JsonSerializable(typeof(Problem))]
public sealed partial class DepotJsonContext : JsonSerializerContext;
