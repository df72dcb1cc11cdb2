using System.Text;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Tests.Files;

public sealed class NodeNameTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("a\u0001b")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    [InlineData("c1\u009f")]
    public void Bad_names_are_rejected_with_invalid_name(string name)
    {
        var result = NodeName.Normalize(name);
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.InvalidName, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Detail));
    }

    [Fact]
    public void Unpaired_surrogates_are_rejected()
    {
        // Built at run time: attribute strings cannot carry lone surrogates (metadata stores them as U+FFFD).
        foreach (var name in new[] { "lone" + (char)0xD800 + "high", "lone" + (char)0xDC00 + "low", "ends-high" + (char)0xD83D })
        {
            var result = NodeName.Normalize(name);
            Assert.Equal(ErrorCodes.InvalidName, result.Error?.Code);
            Assert.Contains("surrogate", result.Error!.Detail);
        }
    }

    [Fact]
    public void Null_is_rejected() => Assert.Equal(ErrorCodes.InvalidName, NodeName.Normalize(null).Error?.Code);

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("a..b")]
    [InlineData("résumé 2026 (final).docx")]
    [InlineData("日本語のファイル")]
    [InlineData("emoji 🎉")]
    [InlineData(" spaces ")]
    public void Ordinary_names_are_accepted(string name) => Assert.True(NodeName.Normalize(name).IsSuccess);

    [Fact]
    public void Length_is_counted_in_utf8_bytes()
    {
        Assert.True(NodeName.Normalize(new string('a', 255)).IsSuccess);
        Assert.False(NodeName.Normalize(new string('a', 256)).IsSuccess);
        // é is two bytes: 127 of them plus one ASCII letter is exactly 255 bytes; 128 are 256.
        Assert.True(NodeName.Normalize(new string('é', 127) + "a").IsSuccess);
        var tooLong = NodeName.Normalize(new string('é', 128));
        Assert.False(tooLong.IsSuccess);
        Assert.Contains("256 bytes", tooLong.Error.Detail);
        // 🎉 is four bytes (a surrogate pair): 63 fit, 64 do not.
        Assert.True(NodeName.Normalize(string.Concat(Enumerable.Repeat("🎉", 63))).IsSuccess);
        Assert.False(NodeName.Normalize(string.Concat(Enumerable.Repeat("🎉", 64))).IsSuccess);
    }

    [Fact]
    public void Length_is_measured_after_normalisation()
    {
        // NFD "é" is e + U+0301 (3 bytes); NFC is 2 bytes. 100 NFD é are 300 bytes but 200 once composed.
        var nfd = string.Concat(Enumerable.Repeat("e\u0301", 100));
        Assert.True(Encoding.UTF8.GetByteCount(nfd) > 255);
        Assert.True(NodeName.Normalize(nfd).IsSuccess);
    }

    [Fact]
    public void Nfc_and_nfd_twins_are_the_same_name()
    {
        var nfc = NodeName.Normalize("r\u00e9sum\u00e9").Value;
        var nfd = NodeName.Normalize("re\u0301sume\u0301").Value;
        Assert.Equal(nfc, nfd);
        Assert.Equal(NodeName.Key(nfc), NodeName.Key(nfd));
        Assert.True(nfd.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Key_is_case_insensitive_and_the_name_keeps_its_case()
    {
        var name = NodeName.Normalize("ReadMe.TXT").Value;
        Assert.Equal("ReadMe.TXT", name);
        Assert.Equal(NodeName.Key("readme.txt"), NodeName.Key(name));
        Assert.Equal(NodeName.Key("RÉSUMÉ"), NodeName.Key(NodeName.Normalize("re\u0301sume\u0301").Value));
        Assert.NotEqual(NodeName.Key("a"), NodeName.Key("b"));
    }
}
