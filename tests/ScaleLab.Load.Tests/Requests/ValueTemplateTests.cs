using System.Text.RegularExpressions;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Requests;

public sealed class ValueTemplateTests
{
    [Fact]
    public void Render_TextWithoutPlaceholders_IsStaticAndUnchanged()
    {
        var template = ValueTemplate.Parse("/users/42/feed?x={y}");
        long sequence = 0;

        var rendered = template.Render(new Random(1), ref sequence);

        Assert.True(template.IsStatic);
        Assert.Equal("/users/42/feed?x={y}", rendered);
        Assert.Equal(0, sequence);
    }

    [Fact]
    public void Render_RandomInt_CoversTheRangeWithBothEndsIncluded()
    {
        var template = ValueTemplate.Parse("{{randomInt 1 3}}");
        var random = new Random(1);
        long sequence = 0;

        var values = Enumerable.Range(0, 1000).Select(_ => int.Parse(template.Render(random, ref sequence))).ToHashSet();

        Assert.False(template.IsStatic);
        Assert.Equal([1, 2, 3], values.Order());
    }

    [Fact]
    public void Render_RandomIntWithEqualBounds_AlwaysRendersThatValue()
    {
        var template = ValueTemplate.Parse("id={{randomInt -5 -5}}");
        var random = new Random(1);
        long sequence = 0;

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal("id=-5", template.Render(random, ref sequence)));
    }

    [Fact]
    public void Render_RandomIntInsideText_KeepsTheTextAround()
    {
        var template = ValueTemplate.Parse("/users/{{ randomInt 1 10000 }}/feed");
        var random = new Random(3);
        long sequence = 0;

        for (var i = 0; i < 100; i++)
        {
            var match = Regex.Match(template.Render(random, ref sequence), "^/users/([0-9]+)/feed$");
            Assert.True(match.Success);
            Assert.InRange(int.Parse(match.Groups[1].Value), 1, 10000);
        }
    }

    [Fact]
    public void Render_Uuid_RendersDistinctGuids()
    {
        var template = ValueTemplate.Parse("{{uuid}}");
        var random = new Random(1);
        long sequence = 0;

        var values = Enumerable.Range(0, 100).Select(_ => template.Render(random, ref sequence)).ToList();

        Assert.All(values, v => Assert.True(Guid.TryParseExact(v, "D", out _), $"'{v}' is not a GUID"));
        Assert.Equal(100, values.Distinct().Count());
    }

    [Fact]
    public void Render_SeededRandom_RendersTheSameValuesAgain()
    {
        var template = ValueTemplate.Parse("{{uuid}}/{{randomInt 1 1000000}}/{{randomItem a b c d}}");
        long sequenceA = 0;
        long sequenceB = 0;
        var a = new Random(9);
        var b = new Random(9);

        var first = Enumerable.Range(0, 20).Select(_ => template.Render(a, ref sequenceA)).ToList();
        var second = Enumerable.Range(0, 20).Select(_ => template.Render(b, ref sequenceB)).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_Sequence_CountsFromZeroOnTheSharedCounter()
    {
        var template = ValueTemplate.Parse("n={{sequence}}");
        var other = ValueTemplate.Parse("{{sequence}}");
        var random = new Random(1);
        long sequence = 0;

        var values = new[]
        {
            template.Render(random, ref sequence),
            template.Render(random, ref sequence),
            other.Render(random, ref sequence),
            template.Render(random, ref sequence),
        };

        Assert.Equal(["n=0", "n=1", "2", "n=3"], values);
        Assert.Equal(4, sequence);
    }

    [Fact]
    public void Render_RandomItem_PicksEveryItemAndNothingElse()
    {
        var template = ValueTemplate.Parse("{{randomItem red green blue}}");
        var random = new Random(1);
        long sequence = 0;

        var values = Enumerable.Range(0, 300).Select(_ => template.Render(random, ref sequence)).ToHashSet();

        Assert.Equal(["blue", "green", "red"], values.Order());
    }

    [Theory]
    [InlineData("{{nope}}")]
    [InlineData("/x/{{randomint 1 2}}")]
    [InlineData("{{randomInt 5 1}}")]
    [InlineData("{{randomInt a b}}")]
    [InlineData("{{randomInt 1}}")]
    [InlineData("{{randomItem}}")]
    [InlineData("{{}}")]
    [InlineData("/users/{{uuid")]
    public void Parse_UnknownOrBrokenPlaceholder_ThrowsFormatException(string text)
    {
        var exception = Assert.Throws<FormatException>(() => ValueTemplate.Parse(text));

        Assert.DoesNotContain('\n', exception.Message);
    }
}
