using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Client;
using Depot.Protocol.Groups;

namespace Depot.Cli.Commands;

/// <summary>
/// <c>depot groups ls|create|rm|rename|members|add|remove</c> (administrators) and <c>depot groups mine</c> (anyone).
/// </summary>
internal static class GroupsCommand
{
    public static Command Create(CliContext cli) => new("groups", "Manage groups (administrators) or list your own ('groups mine')")
    {
        List(cli, "ls", "List all groups", (groups, ct) => groups.ListAsync(ct)),
        List(cli, "mine", "List the groups you belong to", (groups, ct) => groups.ListMineAsync(ct)),
        CreateGroup(cli), Delete(cli), Rename(cli), Members(cli),
        ChangeMembers(cli, "add", "Add users to a group", (groups, name, user, ct) => groups.AddMemberAsync(name, user, ct)),
        ChangeMembers(cli, "remove", "Remove users from a group", (groups, name, user, ct) => groups.RemoveMemberAsync(name, user, ct)),
    };

    private static Command List(CliContext cli, string verb, string description, Func<GroupsClient, CancellationToken, Task<IReadOnlyList<GroupInfo>>> list)
    {
        var command = new Command(verb, description);
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var groups = await list(session.Client.Groups, cancellationToken);
            if (run.Json)
            {
                run.WriteJson(groups, CliJsonContext.Relaxed.IReadOnlyListGroupInfo);
                return ExitCodes.Ok;
            }

            foreach (var group in groups)
            {
                run.WriteLine(Describe(group));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateGroup(CliContext cli)
    {
        var name = GroupName();
        var command = new Command("create", "Create a group") { name };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            return Show(run, await session.Client.Groups.CreateAsync(parse.GetRequiredValue(name), cancellationToken));
        });
        return command;
    }

    private static Command Delete(CliContext cli)
    {
        var name = GroupName();
        var command = new Command("rm", "Delete a group (its members' accounts stay)") { name };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.Groups.DeleteAsync(parse.GetRequiredValue(name), cancellationToken);
            return Done(run);
        });
        return command;
    }

    private static Command Rename(CliContext cli)
    {
        var name = GroupName();
        var newName = new Argument<string>("new-name") { Description = "The group's new name" };
        var command = new Command("rename", "Rename a group") { name, newName };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            return Show(run, await session.Client.Groups.RenameAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(newName), cancellationToken));
        });
        return command;
    }

    private static Command Members(CliContext cli)
    {
        var name = GroupName();
        var command = new Command("members", "List a group's members") { name };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var members = await session.Client.Groups.ListMembersAsync(parse.GetRequiredValue(name), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(members, CliJsonContext.Relaxed.IReadOnlyListGroupMemberInfo);
                return ExitCodes.Ok;
            }

            foreach (var member in members)
            {
                run.WriteLine($"{member.Username,-24} since {member.AddedAt.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>add/remove: one request per user, in order; the first failure stops the rest and sets the exit code.</summary>
    private static Command ChangeMembers(CliContext cli, string verb, string description, Func<GroupsClient, string, string, CancellationToken, Task> change)
    {
        var name = GroupName();
        var users = new Argument<string[]>("user") { Description = "Usernames", Arity = ArgumentArity.OneOrMore };
        var command = new Command(verb, description) { name, users };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            foreach (var user in parse.GetRequiredValue(users))
            {
                await change(session.Client.Groups, parse.GetRequiredValue(name), user, cancellationToken);
            }

            return Done(run);
        });
        return command;
    }

    private static Argument<string> GroupName() => new("name") { Description = "Group name" };

    private static int Done(Invocation run)
    {
        if (run.Json)
        {
            run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
        }

        return ExitCodes.Ok;
    }

    private static int Show(Invocation run, GroupInfo group)
    {
        if (run.Json)
        {
            run.WriteJson(group, CliJsonContext.Relaxed.GroupInfo);
        }
        else
        {
            run.WriteLine(Describe(group));
        }

        return ExitCodes.Ok;
    }

    private static string Describe(GroupInfo group) =>
        $"{group.Name,-24} {group.MemberCount,5} member{(group.MemberCount == 1 ? "" : "s")}  since " +
        group.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
