using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Hookgate.Protocol.Json;

/// <summary>
/// Process-wide set of message types that google.protobuf.Any can name. Copy-on-write: registration happens at
/// startup, lookups on the hot path are lock-free.
/// </summary>
internal static class TypeRegistryStore
{
    private static readonly Lock Gate = new();
    private static Dictionary<string, MessageDescriptor> _types = Build(new Dictionary<string, MessageDescriptor>(StringComparer.Ordinal), [
        AnyReflection.Descriptor, TimestampReflection.Descriptor, DurationReflection.Descriptor, StructReflection.Descriptor,
        WrappersReflection.Descriptor, FieldMaskReflection.Descriptor, EmptyReflection.Descriptor, Google.Rpc.StatusReflection.Descriptor,
    ]);

    public static void Register(IEnumerable<FileDescriptor> files)
    {
        lock (Gate)
        {
            _types = Build(new Dictionary<string, MessageDescriptor>(_types, StringComparer.Ordinal), files);
        }
    }

    public static void Register(IEnumerable<MessageDescriptor> types)
    {
        lock (Gate)
        {
            var copy = new Dictionary<string, MessageDescriptor>(_types, StringComparer.Ordinal);
            foreach (var type in types)
            {
                AddMessage(copy, type);
            }

            _types = copy;
        }
    }

    /// <summary>Resolves "type.googleapis.com/pkg.Message" (anything up to the last '/' is ignored).</summary>
    public static MessageDescriptor? FindByUrl(string typeUrl)
    {
        var name = typeUrl.AsSpan(typeUrl.LastIndexOf('/') + 1);
        return Volatile.Read(ref _types).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var type) ? type : null;
    }

    private static Dictionary<string, MessageDescriptor> Build(Dictionary<string, MessageDescriptor> types, IEnumerable<FileDescriptor> files)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FileDescriptor>(files);
        while (pending.Count > 0)
        {
            var file = pending.Pop();
            if (!visited.Add(file.Name))
            {
                continue;
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(types, message);
            }

            foreach (var dependency in file.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        return types;
    }

    private static void AddMessage(Dictionary<string, MessageDescriptor> types, MessageDescriptor message)
    {
        types[message.FullName] = message;
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(types, nested);
        }
    }
}
