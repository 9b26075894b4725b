using System.Buffers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hookgate.Protocol.Json;

namespace Hookgate.Protocol;

/// <summary>
/// Compact protojson, byte-for-byte what protobuf-go's protojson.Marshal produces once whitespace is removed
/// (Google.Protobuf's JsonFormatter adds spaces and its parser differs on enums and unknown fields).
/// </summary>
public static class ProtoJson
{
    /// <summary>Formats a message as compact protojson.</summary>
    public static string Format(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(message, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a message as compact protojson (UTF-8) to <paramref name="output"/>.</summary>
    public static void Write(IMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var json = new JsonOutput(output);
        ProtoJsonWriter.WriteMessage(json, message);
        json.Flush();
    }

    /// <summary>
    /// Parses protojson into a new message of <paramref name="type"/>. Throws <see cref="ProtoJsonException"/> (a
    /// <see cref="FormatException"/>) naming the offending field. Unknown fields are skipped only when
    /// <paramref name="ignoreUnknownFields"/> is true; unknown enum names are always rejected.
    /// </summary>
    public static IMessage Parse(ReadOnlySpan<byte> utf8Json, MessageDescriptor type, bool ignoreUnknownFields)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ProtoJsonReader.Parse(utf8Json, type, ignoreUnknownFields);
    }

    /// <summary>Typed convenience overload of <see cref="Parse(ReadOnlySpan{byte}, MessageDescriptor, bool)"/>.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json, bool ignoreUnknownFields)
        where T : IMessage<T>, new() => (T)Parse(utf8Json, new T().Descriptor, ignoreUnknownFields);

    /// <summary>
    /// Makes every message type in these files (and their imports) resolvable inside google.protobuf.Any.
    /// Well-known types and google.rpc.Status are always known; MapUnaryService registers its service's file.
    /// </summary>
    public static void RegisterTypes(params IEnumerable<FileDescriptor> files) => TypeRegistryStore.Register(files);

    /// <summary>Makes these message types (and their nested types) resolvable inside google.protobuf.Any.</summary>
    public static void RegisterTypes(params IEnumerable<MessageDescriptor> types) => TypeRegistryStore.Register(types);
}
