using System.Collections.Frozen;
using System.Text;
using Hookgate.Identity;
using Hookgate.Runtime;
using Microsoft.AspNetCore.Http;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Runtime;

/// <summary>The payload's strings are escaped byte for byte as Go's json.Marshal escapes them.</summary>
public sealed class ContextInfoTests
{
    private static string Body(string origin, string userId = "u1") => Encoding.UTF8.GetString(ContextInfo.ForCall(
        "/zitadel.action.v2.ActionService/GetTarget", new Caller("i1", "o1", userId, FrozenSet<string>.Empty),
        new GetTargetRequest { Id = "t1" }, null, new HeaderDictionary { ["Origin"] = origin }));

    [Fact]
    public void Plain_strings_are_written_as_they_are()
    {
        Assert.Equal(
            """{"fullMethod":"/zitadel.action.v2.ActionService/GetTarget","instanceID":"i1","orgID":"o1","userID":"u1","request":{"id":"t1"},"headers":{"Origin":["https://app.example.com:8443/a?b=c#d"]}}""",
            Body("https://app.example.com:8443/a?b=c#d"));
    }

    [Theory]
    [InlineData("a<b>&c", "a\\u003cb\\u003e\\u0026c")]
    [InlineData("q\"b\\", "q\\\"b\\\\")]
    [InlineData("t\tn\nr\rb\bf\f", "t\\tn\\nr\\rb\\bf\\f")]
    [InlineData("\u0001\u001f", "\\u0001\\u001f")]
    [InlineData("é✓😀\u007f", "é✓😀\u007f")]
    [InlineData("\u2028\u2029", "\\u2028\\u2029")]
    public void Strings_that_need_it_are_escaped_as_go_escapes_them(string value, string escaped)
    {
        Assert.Contains($"\"userID\":\"{escaped}\"", Body("x", userId: value));
        Assert.Contains($"\"Origin\":[\"{escaped}\"]", Body(value));
    }

    [Fact]
    public void One_payload_does_not_leak_into_the_next_on_the_same_thread()
    {
        var large = Body(new string('x', 100_000));
        var small = Body("y");
        Assert.Contains(new string('x', 100_000), large);
        Assert.EndsWith("\"Origin\":[\"y\"]}}", small);
        Assert.DoesNotContain("xx", small);
    }
}
