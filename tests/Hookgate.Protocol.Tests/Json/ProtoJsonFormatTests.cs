using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;

namespace Hookgate.Protocol.Tests.Json;

public class ProtoJsonFormatTests
{
    [Fact]
    public void Format_EveryFieldKind_MatchesGoProtojsonCompact()
    {
        // Arrange
        var message = new Kitchen
        {
            Id = "a\"b\\c\n\u0001<>&é",
            I32 = -5,
            I64 = 1234567890123,
            U32 = 7,
            U64 = ulong.MaxValue,
            S32 = -3,
            S64 = -4,
            F32 = 8,
            F64 = 9,
            Sf32 = -10,
            Sf64 = -11,
            Fl = 1.5f,
            Db = 0.1,
            Flag = true,
            Data = ByteString.CopyFrom(0xfb, 0xff),
            Color = Color.Red,
            Nested = new Nested { Id = "n", Value = 2 },
            Tags = { "x", "y" },
            Nums = { 1, -2 },
            Colors = { Color.Red, (Color)7 },
            Children = { new Nested { Id = "c" } },
            Labels = { ["b"] = "2", ["a"] = "1" },
            ById = { [10] = new Nested { Value = 1 }, [2] = new Nested() },
            Text = "t",
            CreatedAt = new Timestamp { Seconds = 1700000000, Nanos = 500000000 },
            Ttl = new Duration { Seconds = 1, Nanos = 500000000 },
            Meta = new Struct
            {
                Fields =
                {
                    ["s"] = Value.ForString("v"),
                    ["k"] = Value.ForNumber(1),
                    ["n"] = Value.ForNull(),
                    ["l"] = Value.ForList(Value.ForBool(true), Value.ForStruct(new Struct())),
                },
            },
            AnyValue = Value.ForNull(),
            List = new ListValue { Values = { Value.ForNumber(2.5), Value.ForString("x") } },
            OptName = "",
            OptCount = 0,
            OptFlag = false,
            Mask = new FieldMask { Paths = { "user_id", "display_name.first" } },
            Extra = Any.Pack(new Nested { Id = "z" }),
            Nothing = new Empty(),
            Maybe = "",
            SnakeCaseField = "s",
            Flags = { [true] = 1, [false] = 0 },
        };

        // Act
        var json = ProtoJson.Format(message);

        // Assert
        Assert.Equal(
            "{\"id\":\"a\\\"b\\\\c\\n\\u0001<>&é\",\"i32\":-5,\"i64\":\"1234567890123\",\"u32\":7,\"u64\":\"18446744073709551615\"," +
            "\"s32\":-3,\"s64\":\"-4\",\"f32\":8,\"f64\":\"9\",\"sf32\":-10,\"sf64\":\"-11\",\"fl\":1.5,\"db\":0.1,\"flag\":true," +
            "\"data\":\"+/8=\",\"color\":\"COLOR_RED\",\"nested\":{\"id\":\"n\",\"value\":2},\"tags\":[\"x\",\"y\"],\"nums\":[\"1\",\"-2\"]," +
            "\"colors\":[\"COLOR_RED\",7],\"children\":[{\"id\":\"c\"}],\"labels\":{\"a\":\"1\",\"b\":\"2\"},\"byId\":{\"2\":{},\"10\":{\"value\":1}}," +
            "\"text\":\"t\",\"createdAt\":\"2023-11-14T22:13:20.500Z\",\"ttl\":\"1.500s\",\"meta\":{\"k\":1,\"l\":[true,{}],\"n\":null,\"s\":\"v\"}," +
            "\"anyValue\":null,\"list\":[2.5,\"x\"],\"optName\":\"\",\"optCount\":\"0\",\"optFlag\":false," +
            "\"mask\":\"userId,displayName.first\",\"extra\":{\"@type\":\"type.googleapis.com/hookgate.testing.v1.Nested\",\"id\":\"z\"}," +
            "\"nothing\":{},\"maybe\":\"\",\"snakeCaseField\":\"s\",\"flags\":{\"false\":\"0\",\"true\":\"1\"}}",
            json);
    }

    [Fact]
    public void Format_DefaultMessage_IsEmptyObject() => Assert.Equal("{}", ProtoJson.Format(new Kitchen()));

    [Fact]
    public void Format_OneofMemberWithDefaultValue_IsWritten() =>
        Assert.Equal("{\"number\":0}", ProtoJson.Format(new Kitchen { Number = 0 }));

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(12345678.9, "12345678.9")]
    public void Format_Double_UsesGoNumberRules(double value, string expected) =>
        Assert.Equal("{\"db\":" + expected + "}", ProtoJson.Format(new Kitchen { Db = value }));

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(3.4028235e38f, "3.4028235e+38")]
    [InlineData(1e-7f, "1e-7")]
    [InlineData(16777216f, "16777216")]
    public void Format_Float_UsesShortestFloat32Digits(float value, string expected) =>
        Assert.Equal("{\"fl\":" + expected + "}", ProtoJson.Format(new Kitchen { Fl = value }));

    [Theory]
    [InlineData(0L, 0, "1970-01-01T00:00:00Z")]
    [InlineData(0L, 1000, "1970-01-01T00:00:00.000001Z")]
    [InlineData(0L, 1, "1970-01-01T00:00:00.000000001Z")]
    [InlineData(-1L, 0, "1969-12-31T23:59:59Z")]
    [InlineData(-62135596800L, 0, "0001-01-01T00:00:00Z")]
    [InlineData(253402300799L, 999999999, "9999-12-31T23:59:59.999999999Z")]
    public void Format_Timestamp_IsRfc3339WithZeroThreeSixOrNineDigits(long seconds, int nanos, string expected) =>
        Assert.Equal("{\"createdAt\":\"" + expected + "\"}", ProtoJson.Format(new Kitchen { CreatedAt = new Timestamp { Seconds = seconds, Nanos = nanos } }));

    [Theory]
    [InlineData(0L, 0, "0s")]
    [InlineData(-1L, -500000000, "-1.500s")]
    [InlineData(0L, -1, "-0.000000001s")]
    [InlineData(100L, 0, "100s")]
    [InlineData(1L, 10000, "1.000010s")]
    public void Format_Duration_UsesSecondsSuffix(long seconds, int nanos, string expected) =>
        Assert.Equal("{\"ttl\":\"" + expected + "\"}", ProtoJson.Format(new Kitchen { Ttl = new Duration { Seconds = seconds, Nanos = nanos } }));

    [Fact]
    public void Format_AnyOfWellKnownTypes_UsesValueMember()
    {
        Assert.Equal(
            "{\"extra\":{\"@type\":\"type.googleapis.com/google.protobuf.Timestamp\",\"value\":\"1970-01-01T00:00:01Z\"}}",
            ProtoJson.Format(new Kitchen { Extra = Any.Pack(new Timestamp { Seconds = 1 }) }));
        Assert.Equal(
            "{\"extra\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\",\"value\":{}}}",
            ProtoJson.Format(new Kitchen { Extra = Any.Pack(new Empty()) }));
        Assert.Equal(
            "{\"extra\":{\"@type\":\"type.googleapis.com/google.protobuf.Int64Value\",\"value\":\"5\"}}",
            ProtoJson.Format(new Kitchen { Extra = Any.Pack(new Int64Value { Value = 5 }) }));
    }

    [Fact]
    public void Format_TopLevelWellKnownTypes_UseSpecialForms()
    {
        Assert.Equal("\"1.500s\"", ProtoJson.Format(new Duration { Seconds = 1, Nanos = 500000000 }));
        Assert.Equal("{}", ProtoJson.Format(new Empty()));
        Assert.Equal("\"a,bC\"", ProtoJson.Format(new FieldMask { Paths = { "a", "b_c" } }));
        Assert.Equal("[1,null]", ProtoJson.Format(new ListValue { Values = { Value.ForNumber(1), Value.ForNull() } }));
        Assert.Equal("true", ProtoJson.Format(new BoolValue { Value = true }));
        Assert.Equal("\"AQI=\"", ProtoJson.Format(new BytesValue { Value = ByteString.CopyFrom(1, 2) }));
    }

    [Fact]
    public void Format_WrapperFields_WriteThePrimitive() =>
        Assert.Equal(
            "{\"optName\":\"n\",\"optCount\":\"-9\",\"optFlag\":true,\"optRatio\":\"NaN\",\"optBytes\":\"AA==\"}",
            ProtoJson.Format(new Kitchen { OptName = "n", OptCount = -9, OptFlag = true, OptRatio = double.NaN, OptBytes = ByteString.CopyFrom(0) }));

    [Fact]
    public void Format_NullValueEnumField_WritesNullOnlyWhenPresent() =>
        Assert.Equal("{}", ProtoJson.Format(new Kitchen { NullValue = NullValue.NullValue }));

    [Fact]
    public void Format_ErrorDetailStatus_MatchesGrpcGatewayBodyShape()
    {
        var status = new Google.Rpc.Status
        {
            Code = 5,
            Message = "Target not found (QUERY-hj5oaniyrz)",
            Details = { Any.Pack(new ErrorDetail { Id = "QUERY-hj5oaniyrz", Message = "Target not found" }) },
        };
        ProtoJson.RegisterTypes(EchoReflection.Descriptor);

        Assert.Equal(
            "{\"code\":5,\"message\":\"Target not found (QUERY-hj5oaniyrz)\",\"details\":[{\"@type\":\"type.googleapis.com/hookgate.testing.v1.ErrorDetail\",\"id\":\"QUERY-hj5oaniyrz\",\"message\":\"Target not found\"}]}",
            ProtoJson.Format(status));
    }

    [Fact]
    public void Format_InvalidWellKnownValues_Throw()
    {
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { CreatedAt = new Timestamp { Seconds = 253402300800 } }));
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { Ttl = new Duration { Seconds = 1, Nanos = -1 } }));
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { AnyValue = new Value() }));
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { AnyValue = Value.ForNumber(double.NaN) }));
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { Mask = new FieldMask { Paths = { "bad_Path" } } }));
        Assert.Throws<ProtoJsonException>(() => ProtoJson.Format(new Kitchen { Extra = new Any { TypeUrl = "type.googleapis.com/no.Such" } }));
    }

    [Fact]
    public void Write_ToBufferWriter_EqualsFormat()
    {
        var message = new Kitchen { Id = new string('x', 5000), Tags = { "é", "\u2028" } };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1);

        ProtoJson.Write(message, buffer);

        Assert.Equal(ProtoJson.Format(message), System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
