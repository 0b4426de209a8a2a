using System.Text.Json.Nodes;
using HandoffBot.Cards.Templating;

namespace HandoffBot.Tests.Cards;

public sealed class TemplateEngineTests
{
    private static string Expand(string template, string data, bool strict = true) =>
        CardTemplate.Compile("t", JsonNode.Parse(template)!).Expand(JsonNode.Parse(data), strict)!.ToJsonString();

    [Fact]
    public void Expand_WholeStringBinding_KeepsTheValuesType()
    {
        Assert.Equal("""{"n":3.5,"b":true,"s":"x","o":{"k":1}}""", Expand("""{"n":"${n}","b":"${b}","s":"${s}","o":"${o}"}""", """{"n":3.5,"b":true,"s":"x","o":{"k":1}}"""));
    }

    [Fact]
    public void Expand_InterpolatedString_WritesValuesAsText()
    {
        Assert.Equal("""{"t":"n=3 b=true s=x"}""", Expand("""{"t":"n=${n} b=${b} s=${s}"}""", """{"n":3,"b":true,"s":"x"}"""));
    }

    [Fact]
    public void Expand_NestedPathsAndIndexes_Resolve()
    {
        Assert.Equal("""{"a":"Y","b":"Z","c":"T"}""", Expand("""{"a":"${x.y}","b":"${x.list[1]}","c":"${$root.top}"}""", """{"x":{"y":"Y","list":["A","Z"]},"top":"T"}"""));
    }

    [Fact]
    public void Expand_DataArray_RepeatsTheElementWithIndex()
    {
        Assert.Equal("""{"items":[{"t":"a 0"},{"t":"b 1"}]}""", Expand("""{"items":[{"$data":"${list}","t":"${name} ${$index}"}]}""", """{"list":[{"name":"a"},{"name":"b"}]}"""));
    }

    [Fact]
    public void Expand_EmptyDataArray_DropsTheElement()
    {
        Assert.Equal("""{"items":[{"k":1}]}""", Expand("""{"items":[{"$data":"${list}","t":"${name}"},{"k":1}]}""", """{"list":[]}"""));
    }

    [Fact]
    public void Expand_When_KeepsOnlyTrueElements()
    {
        Assert.Equal("""{"items":[{"t":1},{"c":2}]}""", Expand(
            """{"items":[{"$data":"${list}","$when":"${show}","t":"${v}"},{"$when":"${text != ''}","a":1},{"$when":"${count(list) > 1 && !empty(list)}","c":2}]}""",
            """{"list":[{"v":1,"show":true},{"v":2,"show":false}],"text":""}"""));
    }

    [Fact]
    public void Expand_Functions_Evaluate()
    {
        Assert.Equal("""{"a":"no","b":"p, q","c":2,"d":true}""", Expand("""{"a":"${if(flag, 'yes', 'no')}","b":"${join(strs, ', ')}","c":"${count(strs)}","d":"${equals(s, 'x')}"}""", """{"flag":false,"strs":["p","q"],"s":"x"}"""));
    }

    [Fact]
    public void Expand_DataValuesWithTemplateSyntax_AreNeverExpandedAgain()
    {
        Assert.Equal("has ${x} and \"q\" \\ \n", JsonNode.Parse(Expand("""{"a":"${text}"}""", """{"text":"has ${x} and \"q\" \\ \n","x":"BAD"}"""))!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Expand_MissingValue_ThrowsWhenStrict_AndStaysAsWrittenOtherwise()
    {
        Assert.Throws<TemplateException>(() => Expand("""{"a":"x ${missing}"}""", "{}"));
        Assert.Equal("""{"a":"x ${missing} y"}""", Expand("""{"a":"x ${missing} y"}""", "{}", strict: false));
    }

    [Fact]
    public void Compile_UnknownFunctionOrBadSyntax_FailsWithTheJsonPath()
    {
        var e = Assert.Throws<TemplateException>(() => CardTemplate.Compile("card", JsonNode.Parse("""{"body":[{"text":"${nope(x)}"}]}""")!));
        Assert.Contains("$.body[0].text", e.Message, StringComparison.Ordinal);
        Assert.Throws<TemplateException>(() => CardTemplate.Compile("card", JsonNode.Parse("""{"t":"${a +}"}""")!));
        Assert.Throws<TemplateException>(() => CardTemplate.Compile("card", JsonNode.Parse("""{"t":"${a"}""")!));
    }
    /// <summary>cards/tools/engine-cases.json: the CI check expands each case with the official
    /// adaptivecards-templating and requires its <c>expected</c>; here ours must give the same.</summary>
    public static TheoryData<string> EngineCases() => [.. RepoFiles.EngineCases().Select(c => (string)c["name"]!)];

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void Expand_EngineCase_GivesWhatTheOfficialEngineGives(string name)
    {
        var c = RepoFiles.EngineCases().Single(x => (string)x["name"]! == name);
        var strict = c["strict"]?.GetValue<bool>() ?? true;
        var ours = CardTemplate.Compile(name, c["template"]!).Expand(c["data"], strict);
        Assert.Equal(c["expected"]!.ToJsonString(), ours!.ToJsonString());
    }

    [Fact]
    public void EngineCases_CoverPathsArraysWhenEscapingAndMissingData()
    {
        var names = string.Join(" | ", RepoFiles.EngineCases().Select(c => (string)c["name"]!));
        foreach (var topic in new[] { "paths", "$data", "$when", "never expanded again", "JSON breakers", "missing" })
        {
            Assert.Contains(topic, names, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Expand_DataBindingWithNoValue_ThrowsWhenStrict_AndDropsTheElementOtherwise()
    {
        const string Template = """{"items":[{"$data":"${nothing}","t":"x"},{"k":1}]}""";
        Assert.Throws<TemplateException>(() => Expand(Template, "{}"));
        Assert.Equal("""{"items":[{"k":1}]}""", Expand(Template, "{}", strict: false));
    }

    [Fact]
    public void Expand_NullInsideText_ThrowsWhenStrict_AndIsEmptyOtherwise()
    {
        Assert.Throws<TemplateException>(() => Expand("""{"a":"[${n}]"}""", """{"n":null}"""));
        Assert.Equal("""{"a":"[]"}""", Expand("""{"a":"[${n}]"}""", """{"n":null}""", strict: false));
    }

    [Fact]
    public void Expand_WhenNotBooleanTrue_DropsTheElement()
    {
        Assert.Equal("""{"items":[{"d":4}]}""", Expand(
            """{"items":[{"$when":"${s}","a":1},{"$when":"${n}","b":2},{"$when":"${missing}","c":3},{"$when":"${t}","d":4}]}""",
            """{"s":"true","n":1,"t":true}"""));
    }

    [Fact]
    public void Expand_TemplateIsReusable_EachExpansionIndependent()
    {
        var template = CardTemplate.Compile("t", JsonNode.Parse("""{"items":[{"$data":"${list}","t":"${v}"}]}""")!);
        var first = template.Expand(JsonNode.Parse("""{"list":[{"v":1}]}"""))!;
        var second = template.Expand(JsonNode.Parse("""{"list":[{"v":2},{"v":3}]}"""))!;
        first["items"]!.AsArray().Add(99);
        Assert.Equal("""{"items":[{"t":2},{"t":3}]}""", second.ToJsonString());
    }
}
