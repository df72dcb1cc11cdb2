using System.Text.RegularExpressions;
using Depot.Cli.Output;
using Depot.Cli.Transfers;
using Spectre.Console;

namespace Depot.Cli.Tests.Cli;

/// <summary>The progress bars and the summary line speak the same binary units.</summary>
public sealed class ProgressUnitsTests
{
    [Fact]
    public void Bar_columns_show_MiB_like_the_summary()
    {
        var task = new ProgressTask(1, "file.bin", maxValue: 3L * 1024 * 1024) { Value = 1.5 * 1024 * 1024 };
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        foreach (var column in TransferView.Columns())
        {
            console.Write(column.Render(new Spectre.Console.Rendering.RenderOptions(console.Profile.Capabilities, new Size(80, 1)), task, TimeSpan.FromSeconds(1)));
            console.Write(" ");
        }

        var shown = text.ToString();
        Assert.Contains($"{Sizes.Format(3L * 1024 * 1024)}", shown);
        Assert.Contains("1.5 MiB / 3 MiB", shown);
        Assert.DoesNotMatch(new Regex(@"\d\s?(KB|MB|GB)\b"), shown);
    }
}
