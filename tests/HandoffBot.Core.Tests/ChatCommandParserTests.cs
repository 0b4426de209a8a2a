using HandoffBot.Core.Application.Commands;

namespace HandoffBot.Core.Tests;

public sealed class ChatCommandParserTests
{
    [Theory]
    [InlineData("help", ChatVerb.Help, "")]
    [InlineData("  HELP ", ChatVerb.Help, "")]
    [InlineData("", ChatVerb.Help, "")]
    [InlineData("my handoffs", ChatVerb.Mine, "")]
    [InlineData("My   Handoffs", ChatVerb.Mine, "")]
    [InlineData("mine", ChatVerb.Mine, "")]
    [InlineData("status Acme Logistics", ChatVerb.Status, "Acme Logistics")]
    [InlineData("status HO-7F3K2QA", ChatVerb.Status, "HO-7F3K2QA")]
    [InlineData("who owns Acme", ChatVerb.WhoOwns, "Acme")]
    [InlineData("who-owns  Acme  Logistics", ChatVerb.WhoOwns, "Acme Logistics")]
    [InlineData("reassign Acme Logistics bob@example.com", ChatVerb.Reassign, "Acme Logistics bob@example.com")]
    [InlineData("Digest", ChatVerb.Digest, "")]
    public void Parse_KnownCommands(string text, ChatVerb verb, string argument)
    {
        var command = ChatCommandParser.Parse(text);

        Assert.True(command.IsValid, command.Problem);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, command.Argument);
    }

    [Theory]
    [InlineData("what is the status of Acme")]
    [InlineData("statusAcme")]
    [InlineData("helpme")]
    [InlineData("mine please")]
    [InlineData("please help")]
    [InlineData("who Acme")]
    public void Parse_NotExactlyACommand_IsNotGuessed(string text)
    {
        Assert.False(ChatCommandParser.Parse(text).IsValid);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("who owns   ")]
    public void Parse_MissingAccount_SaysSo(string text)
    {
        var command = ChatCommandParser.Parse(text);

        Assert.False(command.IsValid);
        Assert.Contains("which account", command.Problem, StringComparison.Ordinal);
    }
}
