using System.Text.Json;
using System.Text.Json.Serialization;
using Depot.Protocol.Admin;
using Depot.Protocol.Audit;
using Depot.Protocol.Auth;
using Depot.Protocol.Changes;
using Depot.Protocol.Files;
using Depot.Protocol.Groups;
using Depot.Protocol.Sharing;
using Depot.Protocol.Users;

namespace Depot.Protocol;

/// <summary>Source-generated JSON for every wire type: camelCase, nulls omitted, shared by server and clients.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TwoFactorStatus))]
[JsonSerializable(typeof(TwoFactorSetup))]
[JsonSerializable(typeof(ConfirmTwoFactorRequest))]
[JsonSerializable(typeof(RecoveryCodesResponse))]
[JsonSerializable(typeof(DisableTwoFactorRequest))]
[JsonSerializable(typeof(TwoFactorSettings))]
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
[JsonSerializable(typeof(GroupInfo))]
[JsonSerializable(typeof(ShareInfo))]
[JsonSerializable(typeof(ShareInfo[]))]
[JsonSerializable(typeof(IReadOnlyList<ShareInfo>))]
[JsonSerializable(typeof(CreateShareRequest))]
[JsonSerializable(typeof(UpdateShareRequest))]
[JsonSerializable(typeof(CreateMountRequest))]
[JsonSerializable(typeof(LinkInfo))]
[JsonSerializable(typeof(LinkInfo[]))]
[JsonSerializable(typeof(IReadOnlyList<LinkInfo>))]
[JsonSerializable(typeof(CreatedLinkInfo))]
[JsonSerializable(typeof(CreateLinkRequest))]
[JsonSerializable(typeof(UpdateLinkRequest))]
[JsonSerializable(typeof(PublicLinkView))]
[JsonSerializable(typeof(PublicItem))]
[JsonSerializable(typeof(UnlockLinkRequest))]
[JsonSerializable(typeof(IReadOnlyList<GroupInfo>))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(UpdateGroupRequest))]
[JsonSerializable(typeof(GroupMemberInfo))]
[JsonSerializable(typeof(IReadOnlyList<GroupMemberInfo>))]
[JsonSerializable(typeof(AuditEventInfo))]
[JsonSerializable(typeof(AuditListing))]
[JsonSerializable(typeof(ChangeInfo))]
[JsonSerializable(typeof(ChangesPage))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(AntiforgeryToken))]
[JsonSerializable(typeof(SearchResults))]
[JsonSerializable(typeof(ArchiveRequest))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ScrubStatus))]
public sealed partial class DepotJsonContext : JsonSerializerContext;
