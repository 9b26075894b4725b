using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;

namespace Hookgate.Protocol.Tests.Json;

public class ProtoJsonParseTests
{
    public ProtoJsonParseTests() => ProtoJson.RegisterTypes(EchoReflection.Descriptor);

    [Fact]
    public void Parse_FormattedKitchen_RoundTrips()
    {
        // Arrange
        var original = new Kitchen
        {
            Id = "é\"\n", I32 = int.MinValue, I64 = long.MinValue, U32 = uint.MaxValue, U64 = ulong.MaxValue, S32 = -1, S64 = -2,
            F32 = 3, F64 = 4, Sf32 = -5, Sf64 = -6, Fl = 0.1f, Db = 1e300, Flag = true, Data = ByteString.CopyFrom(1, 2, 3),
            Color = Color.Green, Nested = new Nested { Id = "n", Child = new Nested { Value = 1 } }, Tags = { "a" }, Nums = { 5, 6 },
            Colors = { Color.Red, (Color)9 }, Children = { new Nested() }, Labels = { ["k"] = "v" }, ById = { [-1] = new Nested { Id = "m" } },
            Obj = new Nested { Id = "o" }, CreatedAt = new Timestamp { Seconds = 1, Nanos = 5 }, Ttl = new Duration { Seconds = -3, Nanos = -1000 },
            Meta = new Struct { Fields = { ["x"] = Value.ForList(Value.ForNull(), Value.ForNumber(1.25)) } }, AnyValue = Value.ForString("s"),
            List = new ListValue(), OptName = "", OptCount = 7, OptFlag = false, OptRatio = double.NegativeInfinity, OptBytes = ByteString.Empty,
            Mask = new FieldMask { Paths = { "a_b.c" } }, Extra = Any.Pack(new Duration { Seconds = 2 }), Nothing = new Empty(), Maybe = "m",
            SnakeCaseField = "s", Flags = { [true] = 2 },
        };

        // Act
        var json = ProtoJson.Format(original);
        var parsed = ProtoJson.Parse<Kitchen>(Encoding.UTF8.GetBytes(json), ignoreUnknownFields: false);

        // Assert
        Assert.Equal(original, parsed);
        Assert.Equal(json, ProtoJson.Format(parsed));
    }

    [Fact]
    public void Parse_AcceptsProtoNamesStringsExponentsAndNumericEnums()
    {
        var parsed = Parse("""{"snake_case_field":"a","i32":"12","i64":1e3,"u64":"18446744073709551615","fl":"NaN","db":"-Infinity","color":2,"colors":["COLOR_RED",1],"byId":{"7":{}},"flags":{"false":"1"},"data":"-_8","createdAt":"2020-01-01T01:00:00.5+01:00","ttl":".5s"}""");

        Assert.Equal("a", parsed.SnakeCaseField);
        Assert.Equal(12, parsed.I32);
        Assert.Equal(1000, parsed.I64);
        Assert.Equal(ulong.MaxValue, parsed.U64);
        Assert.True(float.IsNaN(parsed.Fl));
        Assert.Equal(double.NegativeInfinity, parsed.Db);
        Assert.Equal(Color.Green, parsed.Color);
        Assert.Equal([Color.Red, Color.Red], parsed.Colors);
        Assert.True(parsed.ById.ContainsKey(7));
        Assert.Equal(1, parsed.Flags[false]);
        Assert.Equal(new byte[] { 0xfb, 0xff }, parsed.Data.ToByteArray());
        Assert.Equal(new Timestamp { Seconds = 1577836800, Nanos = 500000000 }, parsed.CreatedAt);
        Assert.Equal(new Duration { Nanos = 500000000 }, parsed.Ttl);
    }

    [Fact]
    public void Parse_NullMeansUnset_ExceptForValueAndNullValue()
    {
        var parsed = Parse("""{"id":null,"nested":null,"tags":null,"labels":null,"text":null,"number":3,"anyValue":null,"nullValue":null,"optName":null}""");

        Assert.Equal("", parsed.Id);
        Assert.Null(parsed.Nested);
        Assert.Equal(3, parsed.Number);
        Assert.Equal(Value.KindOneofCase.NullValue, parsed.AnyValue.KindCase);
        Assert.Null(parsed.OptName);
    }

    [Fact]
    public void Parse_AnyWithTypeAfterFields_Resolves()
    {
        var parsed = Parse("""{"extra":{"id":"z","@type":"type.googleapis.com/hookgate.testing.v1.Nested"}}""");

        Assert.Equal("z", parsed.Extra.Unpack<Nested>().Id);
    }

    [Fact]
    public void Parse_UnknownField_RejectedUnlessIgnored()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"a","nope":{"deep":[1,2,{"x":null}]},"nested":{"zzz":1}}""");

        var error = Assert.Throws<ProtoJsonException>(() => ProtoJson.Parse(json, Kitchen.Descriptor, ignoreUnknownFields: false));
        Assert.Contains("nope", error.Message);
        Assert.Equal("a", ((Kitchen)ProtoJson.Parse(json, Kitchen.Descriptor, ignoreUnknownFields: true)).Id);
    }

    [Theory]
    [InlineData("""{"color":"COLOR_PURPLE"}""", "color")]
    [InlineData("""{"i32":2147483648}""", "i32")]
    [InlineData("""{"i32":1.5}""", "i32")]
    [InlineData("""{"u32":-1}""", "u32")]
    [InlineData("""{"i64":"12a"}""", "i64")]
    [InlineData("""{"i64":" 12"}""", "i64")]
    [InlineData("""{"fl":1e39}""", "fl")]
    [InlineData("""{"db":1e400}""", "db")]
    [InlineData("""{"flag":"true"}""", "flag")]
    [InlineData("""{"id":5}""", "id")]
    [InlineData("""{"data":"!!"}""", "data")]
    [InlineData("""{"createdAt":"2020-13-01T00:00:00Z"}""", "Timestamp")]
    [InlineData("""{"createdAt":"2020-01-01T00:00:00.1234567890Z"}""", "Timestamp")]
    [InlineData("""{"createdAt":"2020-01-01 00:00:00Z"}""", "Timestamp")]
    [InlineData("""{"ttl":"1"}""", "Duration")]
    [InlineData("""{"ttl":"315576000001s"}""", "Duration")]
    [InlineData("""{"tags":"x"}""", "tags")]
    [InlineData("""{"tags":[null]}""", "tags")]
    [InlineData("""{"nested":[]}""", "Nested")]
    [InlineData("""{"id":"a","id":"b"}""", "duplicate")]
    [InlineData("""{"snakeCaseField":"a","snake_case_field":"b"}""", "duplicate")]
    [InlineData("""{"text":"a","number":1}""", "oneof")]
    [InlineData("""{"byId":{"x":{}}}""", "map key")]
    [InlineData("""{"extra":{"id":"z"}}""", "@type")]
    [InlineData("""{"extra":{"@type":"type.googleapis.com/nope.Nope"}}""", "resolve")]
    [InlineData("""{"mask":"a_b"}""", "FieldMask")]
    [InlineData("""{"id":"a"} x""", "syntax")]
    [InlineData("""{"id":"a",}""", "syntax")]
    [InlineData("""{"id":"a" """, "syntax")]
    [InlineData("""[]""", "object")]
    [InlineData("", "syntax")]
    public void Parse_InvalidInput_ThrowsProtoJsonExceptionNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<ProtoJsonException>(() => ProtoJson.Parse(Encoding.UTF8.GetBytes(json), Kitchen.Descriptor, ignoreUnknownFields: false));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsProtoJsonException() =>
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Parse([(byte)'{', (byte)'"', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xff, (byte)'"', (byte)'}'], Kitchen.Descriptor, true));

    [Fact]
    public void Parse_DeepNesting_ThrowsInsteadOfOverflowing()
    {
        var json = string.Concat(Enumerable.Repeat("{\"child\":", 200)) + "{}" + new string('}', 200);

        Assert.Throws<ProtoJsonException>(() => ProtoJson.Parse(Encoding.UTF8.GetBytes(json), Nested.Descriptor, true));
    }

    [Fact]
    public void Parse_TopLevelWellKnownTypes()
    {
        Assert.Equal(new Duration { Seconds = 3 }, ProtoJson.Parse("\"3s\""u8, Duration.Descriptor, false));
        Assert.Equal(new Int64Value { Value = 4 }, ProtoJson.Parse("\"4\""u8, Int64Value.Descriptor, false));
        Assert.Equal(Value.ForBool(true), ProtoJson.Parse("true"u8, Value.Descriptor, false));
    }

    private static Kitchen Parse(string json) => ProtoJson.Parse<Kitchen>(Encoding.UTF8.GetBytes(json), ignoreUnknownFields: false);
}
