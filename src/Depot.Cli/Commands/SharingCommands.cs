using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Cli.Parsing;
using Depot.Protocol.Sharing;

namespace Depot.Cli.Commands;

/// <summary>
/// <c>depot share path (--user U | --group G) [--role R] [--expires T]</c>, <c>depot unshare id...</c>,
/// <c>depot shares [path] [--incoming]</c>, <c>depot mount node-id path</c> and
/// <c>depot link create|ls|rm</c>.
/// </summary>
internal static class SharingCommands
{
    public static Command Share(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "The file or folder to share" };
        var user = new Option<string?>("--user", "-u") { Description = "Share with this user" };
        var group = new Option<string?>("--group", "-g") { Description = "Share with this group" };
        var role = new Option<string>("--role", "-r") { Description = "viewer, editor or manager", DefaultValueFactory = _ => Roles.Viewer };
        var expires = ExpiryOption.Create("When the share ends", cli.Time);
        var command = new Command("share", "Share a file or folder with a user or a group") { path, user, group, role, expires };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            if ((parse.GetValue(user) is null) == (parse.GetValue(group) is null))
            {
                throw new CliException(ExitCodes.Usage, "Name exactly one of --user and --group.");
            }

            using var session = await run.OpenSessionAsync(cancellationToken);
            var share = await session.Client.Shares.CreateAsync(parse.GetRequiredValue(path), parse.GetValue(user), parse.GetValue(group),
                parse.GetRequiredValue(role), parse.GetValue(expires), cancellationToken);
            return ShowShares(run, [share]);
        });
        return command;
    }

    public static Command Unshare(CliContext cli)
    {
        var ids = new Argument<string[]>("id") { Description = "Share ids (see 'depot shares')", Arity = ArgumentArity.OneOrMore };
        var command = new Command("unshare", "Revoke shares") { ids };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            foreach (var id in parse.GetRequiredValue(ids))
            {
                await session.Client.Shares.RevokeAsync(id, cancellationToken);
            }

            return Done(run);
        });
        return command;
    }

    public static Command Shares(CliContext cli)
    {
        var path = new Argument<string?>("path") { Description = "Only the shares of this item", Arity = ArgumentArity.ZeroOrOne };
        var incoming = new Option<bool>("--incoming", "-i") { Description = "Items shared with you instead" };
        var command = new Command("shares", "List the shares you manage, or those shared with you (--incoming)") { path, incoming };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var shares = parse.GetValue(incoming)
                ? await session.Client.Shares.ListIncomingAsync(cancellationToken)
                : await session.Client.Shares.ListAsync(parse.GetValue(path), cancellationToken);
            return ShowShares(run, shares);
        });
        return command;
    }

    public static Command Mount(CliContext cli)
    {
        var nodeId = new Argument<string>("node-id") { Description = "The shared item's node id (see 'depot shares --incoming')" };
        var path = new Argument<string>("path") { Description = "Where to mount it in your tree" };
        var command = new Command("mount", "Mount an item shared with you in your own tree (unmount: depot rm path)") { nodeId, path };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var mount = await session.Client.Shares.MountAsync(parse.GetRequiredValue(nodeId), parse.GetRequiredValue(path), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(mount, CliJsonContext.Relaxed.NodeInfo);
            }
            else
            {
                run.WriteLine(mount.Path);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Link(CliContext cli) =>
        new("link", "Public links: create, list, change, revoke") { CreateLink(cli), ListLinks(cli), UpdateLink(cli), RemoveLinks(cli) };

    private static Command CreateLink(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "The file or folder" };
        var dropBox = new Option<bool>("--dropbox") { Description = "An upload-only drop box (folders): visitors add files, never see any" };
        var password = new Option<bool>("--password") { Description = $"Protect it with a password (from --password-stdin, {Secrets.NewPasswordVariable} or a prompt)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the link's password from stdin" };
        var expires = ExpiryOption.Create("When the link ends", cli.Time);
        var maxDownloads = new Option<long?>("--max-downloads") { Description = "Downloads allowed before the link ends" };
        var command = new Command("create", "Create a public link; its URL is shown only now") { path, dropBox, password, passwordStdin, expires, maxDownloads };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var secret = parse.GetValue(password) || parse.GetValue(passwordStdin)
                ? Secrets.ReadNew(run, parse.GetValue(passwordStdin), "Link password: ")
                : null;
            using var session = await run.OpenSessionAsync(cancellationToken);
            var created = await session.Client.Links.CreateAsync(parse.GetRequiredValue(path), parse.GetValue(dropBox) ? LinkModes.DropBox : LinkModes.Read,
                secret, parse.GetValue(expires), parse.GetValue(maxDownloads), cancellationToken);
            var url = new Uri(session.Server, created.Url).ToString();
            if (run.Json)
            {
                run.WriteJson(created with { Url = url }, CliJsonContext.Relaxed.CreatedLinkInfo);
            }
            else
            {
                run.WriteLine(url);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListLinks(CliContext cli)
    {
        var path = new Argument<string?>("path") { Description = "Only the links of this item", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("ls", "List your links (their tokens are never shown again)") { path };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var links = await session.Client.Links.ListAsync(parse.GetValue(path), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(links, CliJsonContext.Relaxed.IReadOnlyListLinkInfo);
                return ExitCodes.Ok;
            }

            foreach (var link in links)
            {
                var limits = (link.HasPassword ? " password" : "")
                    + (link.ExpiresAt is { } at ? " until " + at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "")
                    + (link.MaxDownloads is { } max ? $" {link.Downloads}/{max} downloads" : $" {link.Downloads} downloads");
                run.WriteLine($"{link.Id}  {link.Mode,-7} {link.Path ?? link.Name}{limits}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command UpdateLink(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "The link's id (see 'depot link ls')" };
        var password = new Option<bool>("--password") { Description = $"Set a new password (from --password-stdin, {Secrets.NewPasswordVariable} or a prompt)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from stdin" };
        var noPassword = new Option<bool>("--no-password") { Description = "Remove the password" };
        var expires = ExpiryOption.Create("A new end", cli.Time);
        var noExpiry = new Option<bool>("--no-expiry") { Description = "Remove the end date" };
        var maxDownloads = new Option<long?>("--max-downloads") { Description = "A new download limit" };
        var noLimit = new Option<bool>("--no-limit") { Description = "Remove the download limit" };
        var command = new Command("update", "Change a link's password, end or download limit; its URL stays the same")
        {
            id, password, passwordStdin, noPassword, expires, noExpiry, maxDownloads, noLimit,
        };
        // Whether an option was given, not its value: a value that did not parse is reported by the parser, and reading
        // it here would throw.
        command.Validators.Add(result =>
        {
            if ((result.GetResult(password) is not null || result.GetResult(passwordStdin) is not null) && result.GetResult(noPassword) is not null
                || result.GetResult(expires) is not null && result.GetResult(noExpiry) is not null
                || result.GetResult(maxDownloads) is not null && result.GetResult(noLimit) is not null)
            {
                result.AddError("Give a new value or its --no-… option, not both.");
            }
        });
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var secret = parse.GetValue(password) || parse.GetValue(passwordStdin)
                ? Secrets.ReadNew(run, parse.GetValue(passwordStdin), "New link password: ")
                : null;
            using var session = await run.OpenSessionAsync(cancellationToken);
            var changes = new UpdateLinkRequest(secret, parse.GetValue(noPassword), parse.GetValue(expires), parse.GetValue(noExpiry),
                parse.GetValue(maxDownloads), parse.GetValue(noLimit));
            var link = await session.Client.Links.UpdateAsync(parse.GetRequiredValue(id), changes, cancellationToken);
            if (run.Json)
            {
                run.WriteJson(link, CliJsonContext.Relaxed.LinkInfo);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RemoveLinks(CliContext cli)
    {
        var ids = new Argument<string[]>("id") { Description = "Link ids (see 'depot link ls')", Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Revoke links") { ids };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            foreach (var id in parse.GetRequiredValue(ids))
            {
                await session.Client.Links.RevokeAsync(id, cancellationToken);
            }

            return Done(run);
        });
        return command;
    }

    private static int ShowShares(Invocation run, IReadOnlyList<ShareInfo> shares)
    {
        if (run.Json)
        {
            run.WriteJson(shares, CliJsonContext.Relaxed.IReadOnlyListShareInfo);
            return ExitCodes.Ok;
        }

        foreach (var share in shares)
        {
            var expiry = share.ExpiresAt is { } at ? " until " + at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
            run.WriteLine($"{share.Id}  {share.Role,-7} {share.GranteeKind} {share.Grantee,-20} {share.Path ?? share.Name} (owner {share.Owner}, node {share.NodeId}){expiry}");
        }

        return ExitCodes.Ok;
    }

    private static int Done(Invocation run)
    {
        if (run.Json)
        {
            run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
        }

        return ExitCodes.Ok;
    }
}
